import { RoomClientError } from './errors.js';
import type { OTError, OTSession } from './ot-types.js';

interface Holder {
  _owner: object;
  _released?: Promise<void>;
}

// OT.initSession returns one Session per session id for the whole page, so two clients (e.g. the
// two mounts of a React StrictMode effect) may get the same object. Connecting it while another
// client is connecting or connected would never call back; connecting it while another client is
// still disconnecting it would mix their events. So each session has one holder at a time.
const holders = new WeakMap<OTSession, Holder>();

/**
 * Waits (through `wait`, which rejects when the join is cancelled) until no other client holds
 * `session`, then makes `owner` its holder.
 */
export async function acquireSession(
  session: OTSession,
  owner: object,
  wait: (released: Promise<void>) => Promise<void>,
): Promise<void> {
  let holder = holders.get(session);
  while (holder?._released && holder._owner !== owner) {
    await wait(holder._released);
    holder = holders.get(session);
  }
  // Another client, or other code, is connecting or connected: connect would never call back.
  if ((holder && holder._owner !== owner) || session.connection) {
    throw new RoomClientError('session_in_use', `session ${session.sessionId} in use on this page`);
  }
  holders.set(session, { _owner: owner });
}

/**
 * Marks `owner` as leaving `session`: others wait until the returned function is called.
 *
 * @returns call it once the session is released
 */
export function releaseSession(session: OTSession, owner: object): () => void {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const holder = holders.get(session);
  if (holder?._owner === owner) {
    holder._released = done.then(() => {
      if (holders.get(session) === holder) holders.delete(session);
    });
  }
  return finish;
}

// The answer for our connect callback still registered in each session's SDK (see connectSession).
const answers = new WeakMap<OTSession, (error?: OTError) => void>();

/**
 * `session.connect(token, answer)` with at most one callback of ours registered in the SDK. The
 * SDK registers a callback as a `once('sessionConnected')` plus a `once('sessionConnectFailed')`,
 * and only the next success or failure removes them: a connect interrupted by `disconnect()` while
 * its session info or socket was pending leaves its callback behind, and the next connect's outcome
 * calls it (the SDK's own retries connect without a callback for that reason). So while our
 * callback is still registered, we connect without one and let it answer for the new connect.
 *
 * @param answer - the outcome of this connect (replaces the answer of an interrupted one)
 */
export function connectSession(
  session: OTSession,
  token: string,
  answer: (error?: OTError) => void,
): unknown {
  const waiting = answers.has(session);
  answers.set(session, answer);
  return waiting
    ? session.connect(token)
    : session.connect(token, (error) => {
        const current = answers.get(session);
        answers.delete(session);
        current?.(error);
      });
}
