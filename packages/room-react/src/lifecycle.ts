import type { RoomClient } from '@opentok-rooms/room-client';

/**
 * Join and leave ordering for every client this package owns on the page.
 *
 * - A release is decided one microtask later: StrictMode's unmount/mount (and a remount in the same
 *   commit) takes the client back before that, so it never leaves and joins again.
 * - A join starts only once every leave in progress has settled: on a room switch the old room is
 *   left before the new one is joined, even across two providers.
 */
interface Life {
  wanted: boolean;
  releasePending: boolean;
}

const lives = new WeakMap<RoomClient, Life>();
const leaving = new Set<Promise<void>>();

/** Settles once no leave is in progress (including releases not decided yet). */
export async function leavesSettled(): Promise<void> {
  while (leaving.size > 0) await Promise.allSettled([...leaving]);
}

/**
 * Takes a client: it joins once every leave in progress has settled, unless released before.
 *
 * @param client - the client to join
 * @param onJoinError - called when `join()` rejects for another reason than a cancel by `leave()`
 */
export function retainClient(client: RoomClient, onJoinError: (error: unknown) => void): void {
  let life = lives.get(client);
  if (!life) {
    life = { wanted: false, releasePending: false };
    lives.set(client, life);
  }
  life.wanted = true;
  if (life.releasePending) {
    // StrictMode's second mount: the release was not carried out, the join goes on.
    life.releasePending = false;
    return;
  }
  void startJoin(client, life, onJoinError);
}

async function startJoin(
  client: RoomClient,
  life: Life,
  onJoinError: (error: unknown) => void,
): Promise<void> {
  // Also lets releases queued in the same commit register their leave first.
  await Promise.resolve();
  await leavesSettled();
  if (!life.wanted) return;
  client.join().catch((error: unknown) => {
    if ((error as { code?: unknown } | null)?.code !== 'cancelled') onJoinError(error);
  });
}

/**
 * Gives a client back: it leaves one microtask later unless retained again before.
 *
 * @param client - a client given to {@link retainClient}
 */
export function releaseClient(client: RoomClient): void {
  const life = lives.get(client);
  if (!life?.wanted) return;
  life.wanted = false;
  life.releasePending = true;
  const left: Promise<void> = Promise.resolve()
    .then(() => {
      if (!life.releasePending) return;
      life.releasePending = false;
      return client.leave();
    })
    .catch(() => {
      // leave() reports its own failures through the snapshot; the next join must go on.
    })
    .finally(() => leaving.delete(left));
  leaving.add(left);
}
