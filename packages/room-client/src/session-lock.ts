import { RoomClientError } from './errors.js';
import type { OTSession } from './ot-types.js';

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
