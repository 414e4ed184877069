import { withDeadline } from './deadline.js';
import type { Host } from './host.js';
import type { Join } from './join.js';
import { releasePublisher } from './media.js';
import { attempt, report } from './report.js';
import { releaseSession } from './session-lock.js';
import { dropSubscription } from './subscriptions.js';

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
  const { local } = host._snapshot();
  for (const streamId of [...join._subscribers.keys()]) {
    dropSubscription(host, join, streamId, disconnect);
  }
  join._subscribing.clear();
  for (const source of [...join._publishers.keys()]) {
    releasePublisher(join, source, disconnect && local[source]?.status === 'published');
  }
  join._participants.clear();
  join._streams.clear();
  host._dispatch('left');
  if (!session) return;
  const finish = releaseSession(session, owner);
  if (disconnect) {
    const disconnected = new Promise<void>((resolve) => {
      join._onDisconnected = resolve;
      const result = attempt(() => session.disconnect()) as Partial<Promise<void>>;
      result?.then?.(resolve, resolve);
    });
    await withDeadline(disconnected, host._timeouts.leave, 'leave').catch(report);
  }
  join._listeners._remove();
  finish();
}
