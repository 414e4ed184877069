import { type FakePublisher, FakeSubscriber } from './fake-media.js';
import {
  type FakeCallback,
  type FakeOTError,
  FakeStream,
  type FakeStreamRef,
  fakeOTError,
} from './fake-objects.js';
import type { FakeRoom } from './fake-room.js';
import type { FakeSession } from './fake-session.js';
import type { FakeWorld } from './fake-world.js';

/** `session.publish()`: see its documentation on FakeSession. */
export function publishIn(
  world: FakeWorld,
  room: FakeRoom,
  session: FakeSession,
  publisher: FakePublisher,
  callback?: FakeCallback,
): FakePublisher | null {
  const fail = (error: FakeOTError) => {
    callback?.(error);
    return null;
  };
  if (!session.isConnected()) {
    return fail(
      fakeOTError('OT_NOT_CONNECTED', 'We need to be connected before you can publish', 1010),
    );
  }
  const { publishError } = world.settings;
  if (publishError) return fail(fakeOTError(publishError, `publish failed (${publishError})`));
  if (publisher.session || publisher.destroyed) {
    return fail(fakeOTError('OT_INVALID_PARAMETER', `Cannot publish ${publisher.id} again`, 1011));
  }
  publisher.session = session;
  publisher.whenSettled((error) => {
    if (error) {
      publisher.session = undefined;
      callback?.(error);
      return;
    }
    setTimeout(() => {
      if (publisher.session !== session || publisher.destroyed) return;
      if (!session.connection) {
        publisher.session = undefined;
        callback?.(fakeOTError('OT_NOT_CONNECTED', 'disconnected while publishing', 1010));
        return;
      }
      const { name, publishAudio, publishVideo } = publisher.properties;
      const stream = new FakeStream(world.nextId('stream'), session.connection, {
        name: typeof name === 'string' ? name : '',
        hasAudio: publishAudio !== false && publisher.hasAudioTrack,
        hasVideo: publishVideo !== false && publisher.videoType !== null,
        videoType: publisher.videoType ?? 'camera',
      });
      room.addLocalStream(stream);
      publisher.published(stream);
      callback?.();
    }, world.settings.publishDelayMs);
  });
  return publisher;
}

/** `session.subscribe()` once its arguments are normalised: see FakeSession. */
export function subscribeIn(
  world: FakeWorld,
  room: FakeRoom,
  session: FakeSession,
  stream: FakeStreamRef,
  target: HTMLElement | string | undefined,
  properties: object | undefined,
  done: FakeCallback | undefined,
): FakeSubscriber | undefined {
  if (!session.connection) {
    done?.(
      fakeOTError(
        'OT_NOT_CONNECTED',
        'Session.subscribe :: Connection required to subscribe',
        1501,
      ),
    );
    return undefined;
  }
  const id = stream.streamId;
  const known = room.streams.get(id) ?? (stream as FakeStream);
  const subscriber = new FakeSubscriber(world, session, known, target, { ...properties });
  world.subscribers.push(subscriber);
  setTimeout(() => {
    if (subscriber.destroyedReason !== undefined) return;
    const error = !room.streams.has(id)
      ? fakeOTError(
          'OT_STREAM_DESTROYED',
          `stream ${id} was destroyed before it could be subscribed to`,
          1600,
        )
      : world.settings.subscribeError &&
        fakeOTError(world.settings.subscribeError, 'subscribe failed', 1600);
    if (error) {
      subscriber.destroy('subscribeFailed');
      done?.(error);
      return;
    }
    subscriber.connected();
    done?.();
  }, world.settings.subscribeDelayMs);
  return subscriber;
}
