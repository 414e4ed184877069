import { otError } from './ot-error.js';
import { connectFailed } from './session-connect.js';
import { newConnectionId, type SessionCore } from './session-core.js';
import { endSession } from './session-end.js';

/**
 * `Session#disconnect()`, as the real SDK does it in each phase:
 *
 * - connected: `sessionDisconnected` (`clientDisconnected`) follows from a timer.
 * - connecting, before any socket (the session-info request, or no emulator URL): cancelled,
 *   nothing fires, resolves at once and the next connect gets a new connection id; the
 *   interrupted connect's callback stays registered (the next connect's success or failure
 *   calls it).
 * - connecting, socket opening: the socket is dropped with its handlers removed, nothing fires,
 *   the session stays `disconnecting`, the interrupted connect's callback stays registered (the
 *   next successful connect calls it) and the promise waits for a later `sessionDisconnected`.
 * - connecting, acknowledgement pending: only the interrupted callback (and any older one still
 *   registered) fires, with
 *   `OT_UNEXPECTED_SERVER_RESPONSE`; the session becomes `disconnected` and keeps its connection
 *   id for the next connect (the others saw it come and go, and will see it come back).
 *
 * @param core - The session's state.
 * @returns Settles after the next `sessionDisconnected`.
 * @internal
 */
export function disconnectSession(core: SessionCore): Promise<void> {
  const attempt = core.attempt;
  if (core.state === 'connecting' && attempt !== undefined) {
    core.attempt = undefined;
    core.transport = undefined;
    const phase = attempt.transport?.connectPhase;
    if (phase === undefined || phase === 'sessionInfo') {
      // Cancelled before any socket: nothing answers, the id is renewed.
      attempt.transport?.abandon();
      core.state = 'disconnected';
      core.connectionId = newConnectionId();
      return Promise.resolve();
    }
    core.state = 'disconnecting';
    const waiting = waitForDisconnected(core);
    attempt.transport?.abandon();
    if (phase === 'acknowledgement') setTimeout(() => interrupted(core));
    return waiting;
  }
  if (core.state === 'disconnecting') return waitForDisconnected(core);
  if (core.state === 'disconnected') return Promise.resolve();
  core.transport?.send({ type: 'disconnect' });
  return endSession(core, 'clientDisconnected');
}

function waitForDisconnected(core: SessionCore): Promise<void> {
  return new Promise((resolve) => core.disconnectWaiters.push(resolve));
}

/** The interrupted connect answers, and only it: the session is disconnected. */
function interrupted(core: SessionCore): void {
  if (core.state === 'disconnecting') core.state = 'disconnected';
  connectFailed(
    core,
    otError(
      'OT_UNEXPECTED_SERVER_RESPONSE',
      2001,
      'Unexpected server response: the connect was interrupted by disconnect().',
    ),
  );
}
