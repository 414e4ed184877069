import { createEvent } from './ot-event.js';
import { newConnectionId, type SessionCore } from './session-core.js';

/**
 * Leaves the session (any reason): forgets everything at once, then from a timer dispatches
 * `sessionDisconnected` and ends the publishers and subscribers.
 *
 * @param core - The session's state.
 * @param reason - `clientDisconnected`, `forceDisconnected` or `networkDisconnected`.
 * @returns Resolves after `sessionDisconnected` was dispatched.
 * @internal
 */
export function endSession(core: SessionCore, reason: string): Promise<void> {
  if (core.state === 'disconnected' || core.state === 'disconnecting') return Promise.resolve();
  core.state = 'disconnected';
  core.attempt = undefined;
  // The SDK makes a new connection id once a session is over (a connect made before the
  // `sessionDisconnected` below gets a new one too).
  core.connectionId = newConnectionId();
  core.transport?.close();
  core.transport = undefined;
  core.bundle?.close();
  core.bundle = undefined;
  const publishers = [...core.publishers];
  const subscribers = [...core.subscribers];
  core.publishers.clear();
  core.subscribers.clear();
  core.session.connection = null;
  core.connections.clear();
  core.streams.clear();
  return new Promise((resolve) => {
    setTimeout(() => {
      const event = createEvent('sessionDisconnected', core.session, { reason }, true);
      core.dispatch(event);
      for (const waiter of core.disconnectWaiters.splice(0)) waiter();
      // Subscribers follow the event: a default-prevented one keeps its object.
      for (const publisher of publishers) publisher._unpublish(reason);
      for (const subscriber of subscribers) {
        subscriber._streamGone(reason, event.isDefaultPrevented());
      }
      resolve();
    });
  });
}
