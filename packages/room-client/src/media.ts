import { fromCallback, withDeadline } from './deadline.js';
import type { RoomClientError } from './errors.js';
import type { Host } from './host.js';
import type { Join } from './join.js';
import type {
  OTEventTarget,
  OTLike,
  OTPublisher,
  OTSession,
  OTStreamEvent,
  OTVideoElementCreatedEvent,
  PublisherProperties,
} from './ot-types.js';
import { placementArgs } from './placement.js';
import { attempt, guard } from './report.js';
import type { LocalPublicationInfo, PublisherSource } from './snapshot-types.js';
import type { VideoPlacement } from './types.js';

/** Hands OpenTok's video element to the user when the placement asks for it. */
export function watchElement(join: Join, target: OTEventTarget, placement?: VideoPlacement): void {
  if (placement && 'onElement' in placement) {
    join._listeners._add(
      target,
      'videoElementCreated',
      guard((event: OTVideoElementCreatedEvent) => placement.onElement(event.element)),
    );
  }
}

/**
 * Records where a local publisher is (the snapshot's `local.camera` / `local.screen`); undefined:
 * it is gone. A new start forgets a failed attempt's error.
 */
export function setPublication(
  join: Join,
  source: PublisherSource,
  changes?: Partial<LocalPublicationInfo>,
): void {
  if (!changes) {
    join._publications.delete(source);
    return;
  }
  const current = changes.status === 'starting' ? undefined : join._publications.get(source);
  join._publications.set(source, {
    source,
    status: 'starting',
    streamId: undefined,
    hasAudio: false,
    hasVideo: false,
    error: undefined,
    ...current,
    ...changes,
  });
}

/**
 * Starts a local publisher (OT.initPublisher) at once, so the permission prompt overlaps
 * connecting. One publisher per source; the snapshot shows it as `starting`.
 *
 * @returns a promise of the ready publisher; already handled, so a denial while connecting is no
 *   unhandled rejection
 */
export function startPublisher(
  host: Host,
  join: Join,
  OT: OTLike,
  source: PublisherSource,
  properties: PublisherProperties,
  placement: VideoPlacement | undefined,
): Promise<OTPublisher> {
  const [target, props] = placementArgs(placement, properties);
  let publisher: OTPublisher | undefined;
  const ready = fromCallback(source, (done) => {
    publisher = OT.initPublisher(target, props, done);
  }).then(() => publisher as OTPublisher);
  ready.catch(() => {});
  setPublication(join, source, {
    status: 'starting',
    hasAudio: props.publishAudio !== false,
    hasVideo: props.publishVideo !== false,
  });
  host._dispatch('publication', source);
  if (publisher) {
    join._publishers.set(source, publisher);
    watchElement(join, publisher, placement);
    if (source === 'camera') join._listeners._add(publisher, 'muteForced', guard(host._muteForced));
    watchEnd(host, join, source, publisher);
  }
  return ready;
}

/**
 * A publisher can end without `leave()`: a moderator's forceUnpublish or its media stopping (the
 * SDK's Publisher `streamDestroyed`, then it destroys itself), or someone calling `destroy()`.
 * Then it is released, the snapshot forgets it and `unpublished` says why; `publish()` can
 * start a new one.
 */
function watchEnd(host: Host, join: Join, source: PublisherSource, publisher: OTPublisher): void {
  const ended = (reason: string) => {
    if (join._publishers.get(source) !== publisher || join._closed) return;
    releasePublisher(join, source);
    setPublication(join, source);
    host._dispatch('unpublished', { source, reason });
    // A screen share has its own event too (the browser's "Stop sharing" is `mediaStopped`).
    if (source === 'screen') host._dispatch('screenShareEnded', reason);
  };
  join._listeners._add(
    publisher,
    'streamDestroyed',
    // The SDK's destroy() ends a published stream with `reset` first.
    guard(({ reason }: OTStreamEvent) => ended(reason === 'reset' ? 'destroyed' : `${reason}`)),
  );
  join._listeners._add(
    publisher,
    'destroyed',
    guard(() => ended('destroyed')),
  );
}

/** Whether the local publisher of `source` is published (not starting, not failed). */
export function isPublished(join: Join, source: PublisherSource): boolean {
  return join._publications.get(source)?.status === 'published';
}

/** Removes our listeners from a publisher and destroys it (its publication record stays). */
export function releasePublisher(join: Join, source: PublisherSource, unpublish?: boolean): void {
  const publisher = join._publishers.get(source);
  if (!publisher) return;
  join._publishers.delete(source);
  join._listeners._remove(publisher);
  if (unpublish) attempt(() => join._session?.unpublish(publisher as never));
  attempt(() => publisher.destroy());
}

/**
 * Publishes once both the publisher and the connection are ready; a failure is reported.
 *
 * @returns the failure, if publishing failed
 */
export async function publishSource(
  host: Host,
  join: Join,
  session: OTSession,
  source: PublisherSource,
  ready: Promise<OTPublisher>,
): Promise<RoomClientError | undefined> {
  const ms = host._timeouts.publish;
  try {
    const publisher = await join._wait(withDeadline(ready, ms, source));
    const published = fromCallback('publish', (done) => session.publish(publisher as never, done));
    await join._wait(withDeadline(published, ms, 'publish'));
    setPublication(join, source, { status: 'published', streamId: publisher.stream?.streamId });
    host._dispatch('published', publisher, source);
  } catch (error) {
    if (join._abortError) throw join._abortError;
    releasePublisher(join, source);
    setPublication(join, source, { status: 'failed', error: error as RoomClientError });
    host._dispatch('publishFailed', error as RoomClientError, source);
    return error as RoomClientError;
  }
}
