import type { OTEvent } from './ot-event.js';

/** `audioLevelUpdated` on a Publisher or Subscriber, while someone listens (about 20 per second). */
export interface AudioLevelUpdatedEvent extends OTEvent<'audioLevelUpdated'> {
  /** The level, 0 (silence) to 1. */
  readonly audioLevel: number;
}

/**
 * `mediaStopped` on a Publisher: a source ended by itself (the browser's "Stop sharing" button,
 * a camera unplugged). Without `track` every track ended and the publisher unpublishes (reason
 * `mediaStopped`) and is destroyed, unless the event is default-prevented.
 */
export interface MediaStoppedEvent extends OTEvent<'mediaStopped'> {
  /** The one track that ended, or `undefined` when all did. */
  readonly track: MediaStreamTrack | undefined;
}
