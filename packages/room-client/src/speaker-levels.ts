import type { RoomAction } from './actions.js';
import type { SpeakerTracker } from './active-speaker.js';
import type { Join } from './join.js';
import type { OTEventTarget } from './ot-types.js';
import { guard } from './report.js';

/**
 * Feeds the active-speaker tracker from the client's own actions: a new subscription (or your
 * published camera) gets an `audioLevelUpdated` listener in the join's listener bag (removed by
 * reference on leave); a stream that ends is forgotten, one that is muted (remote `hasAudio`
 * false, or your microphone disabled) is silent at once; leaving resets.
 *
 * @internal
 */
export function watchSpeaker(
  tracker: SpeakerTracker,
  join: Join | undefined,
  action: RoomAction,
): void {
  const listen = (target: OTEventTarget, streamId: string, connectionId: string) =>
    join?._listeners._add(
      target,
      'audioLevelUpdated',
      guard((event: { audioLevel: number }) =>
        tracker._level(streamId, connectionId, event.audioLevel),
      ),
    );
  switch (action[0]) {
    case 'subscribed': {
      const [, stream, subscriber] = action;
      listen(subscriber, stream.streamId, stream.connection.connectionId);
      return;
    }
    case 'published': {
      const [, publisher, source] = action;
      const stream = publisher.stream;
      if (source === 'camera' && stream)
        listen(publisher, stream.streamId, stream.connection.connectionId);
      return;
    }
    case 'streamChanged': {
      const { stream, changedProperty, newValue } = action[1];
      if (changedProperty === 'hasAudio') tracker._mute(stream.streamId, !newValue);
      return;
    }
    case 'muteChanged': {
      const own = join?._publishers.get('camera')?.stream;
      if (own) tracker._mute(own.streamId, !action[1].microphoneEnabled);
      return;
    }
    case 'streamRemoved':
      tracker._forget(action[1].streamId);
      return;
    case 'unsubscribed':
      tracker._forget(action[1]);
      return;
    case 'left':
      tracker._reset();
      return;
  }
}
