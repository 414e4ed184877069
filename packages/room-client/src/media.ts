import { fromCallback, withDeadline } from './deadline.js';
import { RoomClientError } from './errors.js';
import type { Host } from './host.js';
import type { Join } from './join.js';
import type {
  OTEventTarget,
  OTLike,
  OTPublisher,
  OTSession,
  OTStream,
  OTSubscriber,
  OTVideoElementCreatedEvent,
} from './ot-types.js';
import { placementArgs } from './placement.js';
import { attempt, guard } from './report.js';
import type { VideoPlacement } from './types.js';

/** Hands OpenTok's video element to the user when the placement asks for it. */
function watchElement(join: Join, target: OTEventTarget, placement?: VideoPlacement): void {
  if (placement && 'onElement' in placement) {
    join._listeners._add(
      target,
      'videoElementCreated',
      guard((event: OTVideoElementCreatedEvent) => placement.onElement(event.element)),
    );
  }
}

/**
 * Starts the camera (OT.initPublisher) at once, so the permission prompt overlaps connecting.
 *
 * @returns a promise of the ready publisher; already handled, so a denial while connecting is no
 *   unhandled rejection
 */
export function startCamera(host: Host, join: Join, OT: OTLike): Promise<OTPublisher> {
  const placement = host._options.publisherVideo;
  const [target, properties] = placementArgs(placement, host._options.publisher || undefined);
  let publisher: OTPublisher | undefined;
  const ready = fromCallback('camera', (done) => {
    publisher = OT.initPublisher(target, properties, done);
  }).then(() => publisher as OTPublisher);
  ready.catch(() => {});
  join._camera = publisher;
  if (publisher) watchElement(join, publisher, placement);
  return ready;
}

/** Publishes once both the camera and the connection are ready; a failure leaves us receive-only. */
export async function publishCamera(
  host: Host,
  join: Join,
  session: OTSession,
  camera: Promise<OTPublisher>,
): Promise<void> {
  const ms = host._timeouts.publish;
  try {
    const publisher = await join._wait(withDeadline(camera, ms, 'camera'));
    const published = fromCallback('publish', (done) => session.publish(publisher as never, done));
    await join._wait(withDeadline(published, ms, 'publish'));
    join._publisher = publisher;
    host._emit('published', publisher);
  } catch (error) {
    if (join._abortError) throw join._abortError;
    const { _camera: publisher } = join;
    join._camera = undefined;
    if (publisher) {
      join._listeners._remove(publisher);
      attempt(() => publisher.destroy());
    }
    host._publishFailed(error as RoomClientError);
  }
}

/** Forgets a subscription (and its listeners); `unsubscribe` also tells OpenTok. */
export function dropSubscription(join: Join, streamId: string, unsubscribe?: boolean): void {
  const subscriber = join._subscribers.get(streamId);
  join._subscribing.delete(streamId);
  join._subscribers.delete(streamId);
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
      host._emit('subscribed', stream, subscriber!);
      return subscriber!;
    },
    (error: RoomClientError) => {
      if (join._subscribing.get(id) === promise) {
        dropSubscription(join, id, true);
        host._emit('subscribeFailed', error, stream);
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
