import { isRoomError } from '../errors.js';
import { RestStatusError, type RestTransport } from '../opentok/rest-transport.js';

/** One JSON REST request of the archive API. */
export interface ArchiveRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the API URL. */
  path: string;
  body?: unknown;
  /** What is being done, for messages. */
  what: string;
}

/** An answer: its status and parsed JSON body (`undefined` when empty or not JSON). */
export interface ArchiveAnswer {
  status: number;
  body: unknown;
}

/** Sends one archive request, once. */
export type ArchiveTransport = (request: ArchiveRequest) => Promise<ArchiveAnswer>;

function parsed(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The archive API over the room server's REST transport (host and auth per account kind). Each
 * call is one attempt (`retry: false`): the archive methods decide about retries themselves,
 * because what a 404 or 409 means after a lost answer depends on the call. Every HTTP status is
 * answered as `{ status, body }`; network failures and timeouts throw the transport's RoomError.
 *
 * @param rest - the REST transport
 * @returns the archive transport
 */
export function archiveTransportOver(rest: RestTransport): ArchiveTransport {
  return async (request) => {
    try {
      const body = await rest.request(request.method, request.path, request.body, {
        what: request.what,
        retry: false,
      });
      return { status: request.method === 'DELETE' && body === undefined ? 204 : 200, body };
    } catch (error) {
      if (isRoomError(error) && error.cause instanceof RestStatusError) {
        return { status: error.cause.status, body: parsed(error.cause.body) };
      }
      throw error;
    }
  };
}
