import { isRoomError, RoomError } from '../errors.js';
import { type AccountKind, refusedCredentials } from './account.js';

/** A failed OpenTok call, as a RoomError plus whether trying again may help. */
export interface ClassifiedError {
  error: RoomError;
  retryable: boolean;
}

const NETWORK_CODES =
  /\b(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|EHOSTUNREACH|ENETUNREACH)\b/;

/**
 * Classifies an error from the `opentok` SDK. The SDK reports failures as plain strings with no HTTP
 * status ("Failed to createSession. Error: Unexpected response from OpenTok: …"), so the message is
 * all there is to go on. The upstream body stays on `cause`, never in our message.
 *
 * @param what - the operation, for the message
 * @param error - what the SDK delivered or threw
 * @param kind - the account kind, to name the credentials refused
 * @returns the RoomError to report and whether to retry
 */
export function classifyOpenTokError(
  what: string,
  error: unknown,
  kind: AccountKind = 'opentok',
): ClassifiedError {
  if (isRoomError(error)) {
    return { error, retryable: error.code === 'timeout' || error.code === 'opentok_unavailable' };
  }
  const message = error instanceof Error ? error.message : String(error);
  if (message.includes('Invalid API key or secret')) {
    return {
      error: new RoomError('opentok_auth', `${what} failed: ${refusedCredentials(kind)}.`, {
        cause: error,
      }),
      retryable: false,
    };
  }
  if (message.includes('Not Found')) {
    return {
      error: new RoomError(
        'opentok_bad_response',
        `${what} failed: OpenTok answered 404. Check apiUrl.`,
        { cause: error },
      ),
      retryable: false,
    };
  }
  if (message.includes('Invalid arguments') || message.includes('must also have the routed')) {
    return {
      error: new RoomError('invalid_argument', `${what} failed: the SDK rejected the options.`, {
        cause: error,
      }),
      retryable: false,
    };
  }
  // 5xx (and any status the SDK does not name: it hides the code), network failures, and the
  // TypeError the SDK throws on a 5xx with an empty JSON body.
  const failure =
    message.includes('Unexpected response') || error instanceof TypeError
      ? 'OpenTok answered with an error status'
      : NETWORK_CODES.test(message) || message.includes('FetchError')
        ? 'OpenTok could not be reached'
        : 'OpenTok failed';
  return {
    error: new RoomError('opentok_unavailable', `${what} failed: ${failure}. Try again later.`, {
      cause: error,
    }),
    retryable: true,
  };
}
