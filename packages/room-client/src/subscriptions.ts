import { fromCallback, withDeadline } from './deadline.js';
import { RoomClientError } from './errors.js';
import type { Host } from './host.js';
import type { Join } from './join.js';
import { watchElement } from './media.js';
import type { OTSession, OTStream, OTSubscriber } from './ot-types.js';
import { placementArgs } from './placement.js';
import { attempt } from './report.js';
import type { VideoPlacement } from './types.js';

/** Forgets a subscription (and its listeners); `unsubscribe` also tells OpenTok. */
export function dropSubscription(
  host: Host,
  join: Join,
  streamId: string,
  unsubscribe?: boolean,
): void {
  const subscriber = join._subscribers.get(streamId);
  join._subscribing.delete(streamId);
  join._subscribers.delete(streamId);
  join._subscribed.delete(streamId);
  host._dispatch('unsubscribed', streamId);
  if (!subscriber) return;
  join._listeners._remove(subscriber);
  if (unsubscribe) attempt(() => join._session?.unsubscribe(subscriber as never));
}

/** Subscribes to `stream` unless already subscribed (then returns that subscription). */
export function subscribeStream(
  host: Host,
  join: Join,
  stream: OTStream,
  placement: VideoPlacement | undefined = host._options.subscriberVideo?.(stream),
): Promise<OTSubscriber> {
  const id = stream.streamId;
  const existing = join._subscribing.get(id);
  if (existing) return existing;
  const session = join._session as OTSession;
  const [target, properties] = placementArgs(placement, host._options.subscriber);
  let subscriber: OTSubscriber | null | undefined;
  const started = fromCallback(`subscribe ${id}`, (done) => {
    subscriber = session.subscribe(stream as never, target, properties, done);
  });
  const promise: Promise<OTSubscriber> = withDeadline(
    started,
    host._timeouts.subscribe,
    `subscribe ${id}`,
  ).then(
    () => {
      if (join._subscribing.get(id) !== promise) {
        throw new RoomClientError('stream_gone', `stream ${id} ended`);
      }
      join._subscribed.add(id);
      host._dispatch('subscribed', stream, subscriber!);
      return subscriber!;
    },
    (error: RoomClientError) => {
      if (join._subscribing.get(id) === promise) {
        dropSubscription(host, join, id, true);
        host._dispatch('subscribeFailed', error, stream);
      }
      throw error;
    },
  );
  join._subscribing.set(id, promise);
  if (subscriber) {
    join._subscribers.set(id, subscriber);
    watchElement(join, subscriber, placement);
  }
  return promise;
}
