import type { Connection, Stream } from './connection.js';
import { callUser, type OTError, otError } from './ot-error.js';
import type { CompletionHandler } from './publisher.js';
import { asOtError, type SessionCore, sessionRequest } from './session-core.js';
import type { OutgoingRequest } from './signalling-socket.js';

/** Options of `session.signal`. */
export interface SignalOptions {
  /** Signal type: at most 128 letters, digits, `-`, `_`, `~`. */
  type?: string;
  /** Payload, at most 8 KB. */
  data?: string;
  /** Only this connection receives it. Default: everyone, sender included. */
  to?: Connection;
  /** Accepted for compatibility; signals sent while reconnecting are always sent afterwards. */
  retryAfterReconnect?: boolean;
}

/**
 * Settles a request both ways the real SDK does: the callback always, and a promise that rejects
 * only when there is no callback (so callback users get no unhandled rejections).
 */
function settler(callback: CompletionHandler | undefined): (error?: OTError) => Promise<void> {
  return (error?: OTError): Promise<void> => {
    callUser(callback, ...((error === undefined ? [] : [error]) as [OTError?]));
    if (error !== undefined && callback === undefined) return Promise.reject(error);
    return Promise.resolve();
  };
}

/**
 * `session.signal`: sends a signal to everyone (sender included) or to `to`.
 *
 * @param core - The session's state.
 * @param options - `type`, `data`, `to`.
 * @param callback - Completion handler.
 * @returns Resolves when the emulator accepted it; rejects only when no callback is given.
 * @internal
 */
export function sendSignal(
  core: SessionCore,
  options: SignalOptions,
  callback: CompletionHandler | undefined,
): Promise<void> {
  const settle = settler(callback);
  if (!core.session.isConnected()) {
    return settle(
      otError(
        'OT_NOT_CONNECTED',
        500,
        'Unable to send signal - you are not connected to the session.',
      ),
    );
  }
  const request: OutgoingRequest = {
    type: 'signal',
    ...(options?.type === undefined ? {} : { signalType: options.type }),
    ...(options?.data === undefined ? {} : { data: options.data }),
    ...(options?.to === undefined ? {} : { to: options.to.connectionId }),
  };
  return sessionRequest(core, request).then(
    () => settle(),
    (error: unknown) => settle(asOtError(error, 'OT_NOT_CONNECTED', 500)),
  );
}

/**
 * `session.forceDisconnect`: asks the emulator to disconnect another client (moderators only).
 *
 * @param core - The session's state.
 * @param connection - The connection (or its id).
 * @param callback - Completion handler.
 * @returns Resolves when done; rejects only when no callback is given.
 * @internal
 */
export function forceDisconnectClient(
  core: SessionCore,
  connection: Connection | string,
  callback: CompletionHandler | undefined,
): Promise<void> {
  const settle = settler(callback);
  if (!core.session.isConnected()) {
    return settle(otError('OT_NOT_CONNECTED', 1010, 'Cannot call forceDisconnect: not connected.'));
  }
  if (core.session.capabilities.forceDisconnect !== 1) {
    return settle(
      otError(
        'OT_PERMISSION_DENIED',
        1520,
        'This token does not allow forceDisconnect. The role must be at least `moderator` to enable this functionality',
      ),
    );
  }
  const connectionId = typeof connection === 'string' ? connection : connection.connectionId;
  return sessionRequest(core, { type: 'forceDisconnect', connectionId }).then(
    () => settle(),
    (error: unknown) => settle(asOtError(error, 'OT_UNABLE_TO_FORCE_DISCONNECT', 1520)),
  );
}

/**
 * `session.forceUnpublish`: asks the emulator to stop another client's stream (moderators only);
 * its publisher ends with reason `forceUnpublished`, the others see `streamDestroyed` with it.
 *
 * @param core - The session's state.
 * @param stream - The stream (or its id).
 * @param callback - Completion handler.
 * @returns Resolves when done; rejects only when no callback is given.
 * @internal
 */
export function forceUnpublishStream(
  core: SessionCore,
  stream: Stream | string,
  callback: CompletionHandler | undefined,
): Promise<void> {
  const settle = settler(callback);
  const streamId = typeof stream === 'string' ? stream : stream?.streamId;
  if (typeof streamId !== 'string' || streamId === '') {
    return settle(
      otError(
        'OT_INVALID_PARAMETER',
        1011,
        'Invalid Parameter. Check that you have passed valid parameter values into the method call.',
      ),
    );
  }
  if (!core.session.isConnected()) {
    return settle(
      otError(
        'OT_NOT_CONNECTED',
        1010,
        'Cannot call forceUnpublish(). You are not connected to the session.',
      ),
    );
  }
  if (core.session.capabilities.forceUnpublish !== 1) {
    return settle(
      otError(
        'OT_PERMISSION_DENIED',
        1530,
        'This token does not allow forceUnpublish. The role must be at least `moderator` to enable this functionality',
      ),
    );
  }
  return sessionRequest(core, { type: 'forceUnpublish', streamId }).then(
    () => settle(),
    (error: unknown) => settle(asOtError(error, 'OT_UNEXPECTED_SERVER_RESPONSE', 2001)),
  );
}
