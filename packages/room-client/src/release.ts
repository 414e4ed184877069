import { withDeadline } from './deadline.js';
import type { Host } from './host.js';
import type { Join } from './join.js';
import { isPublished, releasePublisher } from './media.js';
import { attempt } from './report.js';
import { releaseSession } from './session-lock.js';
import { dropSubscription } from './subscriptions.js';

/** How long a leave during a connect waits for the SDK's answer (ms). */
export const LEAVE_GRACE = 500;

/**
 * Undoes everything `join` did; with `disconnect`, also disconnects the session and waits.
 *
 * @param owner - the client holding the session (see session-lock)
 */
export async function releaseJoin(
  host: Host,
  join: Join,
  owner: object,
  disconnect?: boolean,
): Promise<void> {
  join._closed = true;
  const { _session: session } = join;
  for (const streamId of [...join._subscribers.keys()]) {
    dropSubscription(host, join, streamId, disconnect);
  }
  join._subscribing.clear();
  for (const source of [...join._publishers.keys()]) {
    releasePublisher(join, source, disconnect && isPublished(join, source));
  }
  join._participants.clear();
  join._streams.clear();
  join._publications.clear();
  host._dispatch('left', join);
  if (!session) return;
  const finish = releaseSession(session, owner);
  if (disconnect) {
    const settled = new Promise<void>((resolve) => {
      join._onSettled = resolve;
      const result = attempt(() => session.disconnect()) as Partial<Promise<void>>;
      result?.then?.(resolve, resolve);
    });
    // Still connecting, the SDK may never answer (its socket opening: nothing fires): wait a short
    // grace, enough for an interrupted connect to call back, then go on. A leave is no error.
    const { leave } = host._timeouts;
    await withDeadline(settled, join._connected ? leave : Math.min(LEAVE_GRACE, leave), '').catch(
      () => {},
    );
  }
  join._listeners._remove();
  finish();
}
