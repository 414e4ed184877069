import type { ConnectResult } from '../protocol.js';
import { Connection, Stream } from './connection.js';
import { callUser, type OTError, otError } from './ot-error.js';
import { createEvent, type OTEvent } from './ot-event.js';
import type { CompletionHandler } from './publisher.js';
import { dispatchInitialArchives } from './session-archives.js';
import {
  asOtError,
  type ConnectAttempt,
  connectionFor,
  newConnectionId,
  type SessionCore,
} from './session-core.js';
import { endSession } from './session-end.js';
import { onServerMessage } from './session-events.js';
import { SessionTransport } from './session-transport.js';

/**
 * Opens the socket and connects with a token and the client's connection id; on success dispatches
 * the initial burst (the callback runs inside `sessionConnected`, after the callback of an
 * interrupted connect that is still registered, as the real SDK calls it; a failure calls those
 * too, through `sessionConnectFailed`). While connecting or
 * connected it only warns and never calls back, like the real SDK; while still disconnecting (a
 * connect cancelled as its socket opened) it warns and takes a new connection id.
 *
 * @param core - The session's state.
 * @param token - The client token.
 * @param callback - Runs inside `sessionConnected` (a `once` listener), or with the error.
 * @internal
 */
export function connectSession(
  core: SessionCore,
  token: string,
  callback: CompletionHandler | undefined,
): void {
  const { session } = core;
  if (core.state === 'connecting' || core.state === 'connected' || core.state === 'reconnecting') {
    console.warn(`OT.Session: Cannot connect, the session is already ${core.state}.`);
    return;
  }
  if (core.state === 'disconnecting') {
    console.warn('OT.Session: connecting while the session is not done disconnecting.');
    core.connectionId = newConnectionId();
  }
  core.state = 'connecting';
  if (typeof callback === 'function') {
    // As the SDK: a once('sessionConnected') and a once('sessionConnectFailed'), each removing the
    // other, and nothing else removes them: an interrupted connect's callback is called by the
    // next connect's outcome, success or failure.
    const onSuccess = (): void => {
      session.off('sessionConnectFailed', onFailure);
      callUser(callback);
    };
    const onFailure = (error: unknown): void => {
      session.off('sessionConnected', onSuccess);
      callUser(callback, error as OTError);
    };
    session.once('sessionConnected', onSuccess);
    session.once('sessionConnectFailed', onFailure);
  }
  const base = core.env.emulatorUrl();
  const transport =
    base === undefined
      ? undefined
      : new SessionTransport(base, {
          onMessage: (message) => onServerMessage(core, message),
          onReconnecting: () => {
            core.state = 'reconnecting';
            core.dispatch(createEvent('sessionReconnecting', session, {}));
          },
          onReconnected: () => {
            core.state = 'connected';
            core.dispatch(createEvent('sessionReconnected', session, {}));
          },
          onGone: () => void endSession(core, 'networkDisconnected'),
        });
  const attempt: ConnectAttempt = { transport };
  core.attempt = attempt;
  core.transport = transport;
  const fail = (error: OTError): void => {
    // A cancelled attempt answers through disconnect(), a superseded one not at all.
    if (core.attempt !== attempt) return;
    core.attempt = undefined;
    core.state = 'disconnected';
    transport?.close();
    if (core.transport === transport) core.transport = undefined;
    connectFailed(core, error);
  };
  if (transport === undefined) {
    setTimeout(() =>
      fail(otError('OT_CONNECT_FAILED', 1006, 'Call OT.setEmulatorUrl(url) before connecting.')),
    );
    return;
  }
  transport
    .connect({
      type: 'connect',
      apiKey: session.apiKey,
      sessionId: session.sessionId,
      token,
      connectionId: core.connectionId,
    })
    .then((result) => {
      // A disconnect (or a new connect) may have come first: then this socket is stale.
      if (core.attempt === attempt && core.state === 'connecting') {
        core.attempt = undefined;
        connected(core, result);
      } else transport.close();
    })
    .catch((error: unknown) => fail(asOtError(error, 'OT_CONNECT_FAILED', 1006)));
}

/**
 * A connect failed: like the SDK's `sessionConnectFailed` (dispatched with the error itself), it
 * calls every connect callback still registered, an interrupted connect's too.
 *
 * @param core - The session's state.
 * @param error - The error the callbacks get.
 * @internal
 */
export function connectFailed(core: SessionCore, error: OTError): void {
  core.dispatch(error as unknown as OTEvent, 'sessionConnectFailed');
}

/**
 * The emulator accepted the token: sets capabilities and the roster, then synchronously
 * `sessionConnected`, `connectionCreated` for everyone (own included), `streamCreated` for every
 * remote stream.
 */
function connected(core: SessionCore, result: ConnectResult): void {
  const { session } = core;
  core.state = 'connected';
  core.mediaMode = result.mediaMode ?? 'relayed';
  const moderator = result.role === 'moderator' ? 1 : 0;
  const publish = result.role === 'subscriber' ? 0 : 1;
  session.capabilities = {
    forceDisconnect: moderator,
    forceUnpublish: moderator,
    forceMute: moderator,
    publish,
    subscribe: result.role === 'publisheronly' ? 0 : 1,
  };
  core.connections.clear();
  core.streams.clear();
  for (const wire of result.connections) {
    core.connections.set(wire.connectionId, new Connection(wire));
  }
  session.connection = connectionFor(core, result.connection.connectionId);
  for (const wire of result.streams) {
    core.streams.set(wire.streamId, new Stream(wire, connectionFor(core, wire.connectionId)));
  }
  const connections = [...core.connections.values()];
  const streams = [...core.streams.values()];
  core.dispatch(createEvent('sessionConnected', session, { connections, streams }));
  for (const connection of connections) {
    core.dispatch(createEvent('connectionCreated', session, { connection }));
  }
  for (const stream of streams) core.dispatch(createEvent('streamCreated', session, { stream }));
  dispatchInitialArchives(core, result.archives);
}
