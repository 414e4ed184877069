import { RoomError } from '../errors.js';
import { type Account, apiUrlFor, refusedCredentials } from './account.js';
import { type BackoffOptions, backoffDelay } from './backoff.js';
import {
  AnswerTooLargeError,
  ExchangeTimeoutError,
  exchange,
  type HttpAnswer,
  MAX_ANSWER_BYTES,
} from './http-exchange.js';
import { authHeader } from './project-jwt.js';

/** HTTP methods of the OpenTok / Vonage Video REST API. */
export type RestMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Per-call options of a REST request (`adapter.request`). */
export interface RestRequestOptions {
  /** What is being done, for messages, e.g. `'OpenTok startArchive'`. Default `'<METHOD> <path>'`. */
  what?: string;
  /**
   * Whether a network error, a 5xx, a 429 or a timeout may be retried with backoff. Default: true
   * for GET, PUT and DELETE, false for POST and PATCH. Never set it for a call that must not happen
   * twice (starting an archive, sending a signal): a timed-out attempt may have reached the platform.
   */
  retry?: boolean;
  /**
   * Whether a 2xx body counts only when its content type is `application/json`; otherwise it is
   * `opentok_bad_response`. The SDK's rule for createSession: a proxy's text page is no session.
   */
  jsonOnly?: boolean;
}

/** The status and body of a REST answer that was not 2xx, kept as the `cause` of the RoomError. */
export class RestStatusError extends Error {
  override readonly name: 'RestStatusError' = 'RestStatusError';
  /** The HTTP status. */
  readonly status: number;
  /** The answer's body (at most 2 KB of it), for logs; never part of a RoomError message. */
  readonly body: string;

  /**
   * @param status - the HTTP status
   * @param body - the answer's body text
   */
  constructor(status: number, body: string) {
    super(`REST answer ${status}`);
    this.status = status;
    this.body = body.slice(0, 2048);
  }
}

/** Options of {@link createRestTransport}. */
export interface RestTransportOptions {
  /** Whose credentials sign the calls, and so which host and auth header. */
  account: Account;
  /** Overrides the account kind's host (the emulator, a regional endpoint). */
  apiUrl?: string;
  /** Deadline of one attempt, in ms. */
  timeoutMs: number;
  /** Retries after a retryable failure, for calls that may retry. */
  retries: number;
  /** Backoff between retries. */
  backoff: BackoffOptions;
}

/** The one door to the REST API: host and auth per account kind, deadlines, retries, typed errors. */
export interface RestTransport {
  /** `/v2/project/{apiKey or applicationId}`: the prefix of every project path. */
  readonly projectPath: string;
  /**
   * Calls a REST endpoint and returns its parsed JSON body (`undefined` for an empty body or 204).
   *
   * @param method - the HTTP method
   * @param path - the path below the API URL, e.g. `${projectPath}/archive`
   * @param body - sent as JSON when given; a `URLSearchParams` is sent as a form
   * @param options - what is done (for messages) and whether it may be retried
   * @returns the parsed body
   * @throws RoomError `not_found` (404), `invalid_argument` (400), `conflict` (409), `opentok_auth`
   *   (401/403, naming the credential kind), `opentok_bad_response` (a 2xx that is not JSON),
   *   `opentok_unavailable` (network, 5xx, 429, other statuses), `timeout`; the status and body of
   *   the answer are on `cause` as a {@link RestStatusError}
   */
  request(
    method: RestMethod,
    path: string,
    body?: unknown,
    options?: RestRequestOptions,
  ): Promise<unknown>;
}

/**
 * Creates the REST transport. The SDK's own `signal` and `forceDisconnect` read `response.status`
 * of a null response on a network failure, which throws inside a promise chain no caller can reach;
 * so REST calls are made here (see {@link exchange}), in the SDK's wire format and auth.
 *
 * @param options - account, host, deadline and retry policy
 * @returns the transport
 */
export function createRestTransport(options: RestTransportOptions): RestTransport {
  const { account, timeoutMs } = options;
  const baseUrl = apiUrlFor(account.kind, options.apiUrl);

  async function attempt(
    method: RestMethod,
    path: string,
    body: unknown,
    what: string,
    jsonOnly: boolean,
  ): Promise<unknown> {
    const headers: Record<string, string> = { ...authHeader(account), Accept: 'application/json' };
    let payload: string | undefined;
    if (body instanceof URLSearchParams) {
      // POST /session/create takes a form, as the SDK sends it; everything else takes JSON.
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      payload = body.toString();
    } else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    let answer: HttpAnswer;
    try {
      answer = await exchange(new URL(`${baseUrl}${path}`), method, headers, payload, timeoutMs);
    } catch (error) {
      if (error instanceof AnswerTooLargeError) {
        throw new RoomError(
          'opentok_bad_response',
          `${what} answered more than ${MAX_ANSWER_BYTES / 2 ** 20} MiB (is apiUrl a Video API endpoint?).`,
          { cause: error },
        );
      }
      throw error instanceof ExchangeTimeoutError
        ? new RoomError('timeout', `${what} did not answer within ${timeoutMs} ms.`, {
            cause: error,
          })
        : new RoomError('opentok_unavailable', `${what} failed: the API could not be reached.`, {
            cause: error,
          });
    }
    const { status, text } = answer;
    if (status >= 200 && status < 300) {
      if (jsonOnly && !isJsonContentType(answer.contentType)) {
        throw new RoomError(
          'opentok_bad_response',
          `${what} answered a body that is not JSON (is apiUrl a Video API endpoint?).`,
        );
      }
      return parseBody(text, what);
    }
    throw statusError(what, status, text);
  }

  function statusError(what: string, status: number, text: string): RoomError {
    const cause = new RestStatusError(status, text);
    if (status === 404) {
      return new RoomError('not_found', `${what} failed: the API knows no such resource (404).`, {
        cause,
      });
    }
    if (status === 400) {
      return new RoomError(
        'invalid_argument',
        `${what} failed: the API rejected the request (400).`,
        {
          cause,
        },
      );
    }
    if (status === 409) {
      return new RoomError('conflict', `${what} failed: the API answered 409 (conflict).`, {
        cause,
      });
    }
    if (status === 401 || status === 403) {
      return new RoomError('opentok_auth', `${what} failed: ${refusedCredentials(account.kind)}.`, {
        cause,
      });
    }
    return new RoomError(
      'opentok_unavailable',
      `${what} failed: the API answered ${status}. Try again later.`,
      { cause },
    );
  }

  return {
    projectPath: `/v2/project/${encodeURIComponent(account.projectId)}`,
    async request(method, path, body, callOptions = {}) {
      const what = callOptions.what ?? `${method} ${path}`;
      const mayRetry =
        callOptions.retry ?? (method === 'GET' || method === 'PUT' || method === 'DELETE');
      for (let attemptNumber = 0; ; attemptNumber++) {
        try {
          return await attempt(method, path, body, what, callOptions.jsonOnly ?? false);
        } catch (error) {
          if (!mayRetry || attemptNumber >= options.retries || !isRetryable(error)) throw error;
          await sleep(backoffDelay(attemptNumber, options.backoff));
        }
      }
    },
  };
}

function isJsonContentType(header: string | undefined): boolean {
  return header?.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

function parseBody(text: string, what: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new RoomError(
      'opentok_bad_response',
      `${what} answered a body that is not JSON (is apiUrl a Video API endpoint?).`,
      { cause },
    );
  }
}

// Timeouts, network failures, 5xx and 429 may pass; another status will answer the same again.
function isRetryable(error: unknown): boolean {
  if (!(error instanceof RoomError)) return false;
  if (error.code === 'timeout') return true;
  if (error.code !== 'opentok_unavailable') return false;
  const { cause } = error;
  return !(cause instanceof RestStatusError) || cause.status >= 500 || cause.status === 429;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
