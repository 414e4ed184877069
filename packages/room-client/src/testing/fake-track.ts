/** A media track of the fake, shaped like the part of `MediaStreamTrack` pages read. */
export class FakeMediaStreamTrack {
  /** `audio` or `video`. */
  readonly kind: 'audio' | 'video';
  /** Unique id. */
  readonly id: string;
  /** The device's label, or what the track is (`screen`, `canvas`). */
  readonly label: string;
  /** The capturing device, if any. */
  readonly deviceId: string | undefined;
  /** `live` until stopped or its source ends. */
  readyState: 'live' | 'ended' = 'live';
  /** Whether it carries media (mute without stopping). */
  enabled = true;

  /**
   * @param kind - audio or video
   * @param id - unique id
   * @param label - label
   * @param deviceId - capturing device
   */
  constructor(kind: 'audio' | 'video', id: string, label: string, deviceId?: string) {
    this.kind = kind;
    this.id = id;
    this.label = label;
    this.deviceId = deviceId;
  }

  /** Stops it (no `ended` event, as in browsers). */
  stop(): void {
    this.readyState = 'ended';
  }

  /** @returns the settings (its `deviceId`) */
  getSettings(): { deviceId?: string } {
    return this.deviceId === undefined ? {} : { deviceId: this.deviceId };
  }
}

/** A stream of fake tracks, like what `OT.getUserMedia()` resolves with. */
export class FakeMediaStream {
  /** Unique id. */
  readonly id: string;
  readonly #tracks: FakeMediaStreamTrack[];

  /**
   * @param id - unique id
   * @param tracks - its tracks
   */
  constructor(id: string, tracks: FakeMediaStreamTrack[]) {
    this.id = id;
    this.#tracks = tracks;
  }

  /** @returns every track */
  getTracks(): FakeMediaStreamTrack[] {
    return [...this.#tracks];
  }

  /** @returns the audio tracks */
  getAudioTracks(): FakeMediaStreamTrack[] {
    return this.#tracks.filter((track) => track.kind === 'audio');
  }

  /** @returns the video tracks */
  getVideoTracks(): FakeMediaStreamTrack[] {
    return this.#tracks.filter((track) => track.kind === 'video');
  }
}

/**
 * Whether a publisher source is a track (a real `MediaStreamTrack` or a fake one).
 *
 * @param source - an `audioSource`/`videoSource` value
 * @returns whether it is a track
 * @internal
 */
export function isTrack(
  source: unknown,
): source is { kind: string; readyState?: string; stop(): void } {
  return (
    typeof source === 'object' &&
    source !== null &&
    typeof (source as { kind?: unknown }).kind === 'string' &&
    typeof (source as { stop?: unknown }).stop === 'function'
  );
}
