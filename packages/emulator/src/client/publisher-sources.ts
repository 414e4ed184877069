import { otError } from './ot-error.js';
import { audioProcessing, mediaError } from './publisher-media.js';
import type { PublisherProperties } from './publisher-properties.js';
import { isScreenSource } from './screen-capture.js';
import { replacePublisherTrack } from './track-replace.js';

/** What `publisher.getVideoSource()` returns. */
export interface VideoSourceInfo {
  /** The camera's device id (`null` for a screen, a custom track or no video). */
  deviceId: string | null;
  /** `camera`, `screen`, `custom`, or `null` without video. */
  type: 'camera' | 'screen' | 'custom' | null;
  /** The video track being sent (`null` while video is off). */
  track: MediaStreamTrack | null;
}

/** What the sources need of their Publisher. @internal */
export interface SourceHost {
  /** The publisher's media, once the camera is ready. */
  media(): MediaStream | undefined;
  /** Every sender of the publisher (every peer connection, whatever path carries it). */
  senders(): RTCRtpSender[];
  /** Whether audio / video is on (`publishAudio`/`publishVideo`). */
  enabled(kind: 'audio' | 'video'): boolean;
  /** A track was swapped: re-apply enabled state, re-watch for ended tracks. */
  swapped(): void;
  /** Whether the publisher was destroyed. */
  destroyed(): boolean;
}

/**
 * The publisher's camera, microphone and custom sources: `cycleVideo`, `setVideoSource`,
 * `setAudioSource`, `getVideoSource`, `getAudioSource`, with the real SDK's rules and error names.
 * Every swap goes through {@link replacePublisherTrack}, so subscribers keep receiving.
 *
 * @internal
 */
export class PublisherSources {
  /** What the video is: decided by `videoSource` once. */
  readonly videoType: 'camera' | 'screen' | 'custom' | null;
  readonly #host: SourceHost;
  readonly #properties: PublisherProperties;
  /** Tracks the emulator captured (and therefore stops); user-given tracks stay the user's. */
  readonly #owned = new WeakSet<MediaStreamTrack>();
  #videoDeviceId: string | undefined;
  #busy: Promise<unknown> = Promise.resolve();

  /**
   * @param host - The publisher.
   * @param properties - Its options.
   */
  constructor(host: SourceHost, properties: PublisherProperties) {
    this.#host = host;
    this.#properties = properties;
    const source = properties.videoSource;
    if (isScreenSource(source)) this.videoType = 'screen';
    else if (source instanceof MediaStreamTrack) this.videoType = 'custom';
    else if (source === false || source === null) this.videoType = null;
    else this.videoType = 'camera';
  }

  /**
   * The media is ready: remember which tracks the emulator captured and the camera in use.
   *
   * @param media - The publisher's media.
   */
  adopt(media: MediaStream): void {
    for (const track of media.getTracks()) {
      if (track !== this.#properties.audioSource && track !== this.#properties.videoSource) {
        this.#owned.add(track);
      }
    }
    if (this.videoType === 'camera') {
      this.#videoDeviceId = media.getVideoTracks()[0]?.getSettings().deviceId;
    }
  }

  /**
   * Tells whether the emulator captured a track (so it stops it).
   *
   * @param track - A track.
   * @returns Whether it is owned.
   */
  owns(track: MediaStreamTrack): boolean {
    return this.#owned.has(track);
  }

  /** @returns What `publisher.getVideoSource()` returns. */
  videoSource(): VideoSourceInfo {
    const track = this.#host.media()?.getVideoTracks()[0];
    return {
      deviceId: this.videoType === 'camera' ? (this.#videoDeviceId ?? null) : null,
      type: track === undefined ? null : this.videoType,
      track: track !== undefined && this.#host.enabled('video') ? track : null,
    };
  }

  /** @returns The audio track being sent, or `null`. */
  audioSource(): MediaStreamTrack | null {
    return this.#host.media()?.getAudioTracks()[0] ?? null;
  }

  /**
   * `publisher.cycleVideo()`: the next camera in `enumerateDevices` order.
   *
   * @returns The camera now in use.
   */
  cycleVideo(): Promise<{ deviceId: string }> {
    return this.#serial(async () => {
      this.#assertCamera('Publisher#cycleVideo: The publisher is not using a camera video source');
      const cameras = await videoInputs();
      const current = this.#videoDeviceId;
      const others = cameras.filter((device) => device.deviceId !== current);
      const first = others[0];
      if (first === undefined) return { deviceId: current ?? '' };
      const index = cameras.findIndex((device) => device.deviceId === current);
      const next = cameras.slice(index + 1).find((device) => device.deviceId !== current) ?? first;
      await this.#useCamera(next.deviceId);
      return { deviceId: next.deviceId };
    });
  }

  /**
   * `publisher.setVideoSource(deviceId)`: another camera.
   *
   * @param deviceId - A `videoInput` device id from `OT.getDevices()`.
   * @returns Resolves once the new camera is sent.
   */
  setVideoSource(deviceId: unknown): Promise<undefined> {
    return this.#serial(async () => {
      const invalid = otError(
        'OT_INVALID_VIDEO_SOURCE',
        1041,
        'Invalid video source. Video source must be a valid video input deviceId',
      );
      if (typeof deviceId !== 'string') throw invalid;
      if (this.videoType !== 'camera' || this.#host.media()?.getVideoTracks().length === 0) {
        throw otError(
          'OT_SET_VIDEO_SOURCE_FAILURE',
          1040,
          'You cannot reset the video source on a publisher that does not currently use a camera source.',
        );
      }
      if (!(await videoInputs()).some((device) => device.deviceId === deviceId)) throw invalid;
      await this.#useCamera(deviceId);
      return undefined;
    });
  }

  /**
   * `publisher.setAudioSource(source)`: another microphone (device id) or any audio track. When
   * the new device fails, the previous one is taken again and the error says so.
   *
   * @param source - A device id or a `MediaStreamTrack`.
   * @returns Resolves once the new audio is sent.
   */
  setAudioSource(source: unknown): Promise<undefined> {
    return this.#serial(async () => {
      const media = this.#host.media();
      const previous = media?.getAudioTracks()[0];
      if (media === undefined || previous === undefined) {
        throw otError(
          'OT_NOT_SUPPORTED',
          1500,
          'Publisher#setAudioSource cannot add an audio source when you started without one.',
        );
      }
      if (source instanceof MediaStreamTrack) {
        await this.#swap(media, source);
        return undefined;
      }
      if (typeof source !== 'string') {
        throw otError(
          'OT_INVALID_PARAMETER',
          1011,
          'Invalid parameter passed to OT.Publisher.setAudioSource(). Expected string or MediaStreamTrack.',
        );
      }
      const previousId = previous.getSettings().deviceId;
      // As the real SDK: stop the old microphone first (Firefox cannot open two).
      if (this.#owned.has(previous)) previous.stop();
      try {
        await this.#swap(media, await this.#capture('audio', source));
      } catch (error) {
        const failure = mediaError(error);
        if (previousId !== undefined && this.#owned.has(previous)) {
          await this.#swap(media, await this.#capture('audio', previousId));
          failure.message += ' (reverted to previous audio device)';
        }
        throw failure;
      }
      return undefined;
    });
  }

  #assertCamera(message: string): void {
    if (this.videoType !== 'camera') throw otError('OT_NOT_SUPPORTED', 1500, message);
    if (this.#host.media()?.getVideoTracks()[0] === undefined) {
      throw otError(
        'OT_NOT_SUPPORTED',
        1500,
        'Publisher#cycleVideo cannot cycleVideo when you have no video source.',
      );
    }
  }

  async #useCamera(deviceId: string): Promise<void> {
    const media = this.#host.media();
    if (media === undefined) return;
    const track = await this.#capture('video', deviceId).catch((error: unknown) => {
      throw mediaError(error);
    });
    this.#videoDeviceId = deviceId;
    await this.#swap(media, track);
  }

  async #swap(media: MediaStream, track: MediaStreamTrack): Promise<void> {
    if (this.#host.destroyed()) {
      if (this.#owned.has(track)) track.stop();
      throw otError('OT_CANCEL', 1500, 'The publisher was destroyed.');
    }
    const old = await replacePublisherTrack(media, this.#host.senders(), track);
    if (old !== undefined && this.#owned.has(old)) old.stop();
    this.#host.swapped();
  }

  // One source change at a time, like the real SDK's blockCallsUntilComplete.
  #serial<T>(step: () => Promise<T>): Promise<T> {
    const run = this.#busy.then(step, step);
    this.#busy = run.catch(() => {});
    return run;
  }

  async #capture(kind: 'audio' | 'video', deviceId: string): Promise<MediaStreamTrack> {
    const track = await captureOne(kind, deviceId, this.#properties);
    this.#owned.add(track);
    return track;
  }
}

async function videoInputs(): Promise<MediaDeviceInfo[]> {
  return (await navigator.mediaDevices.enumerateDevices()).filter(
    (device) => device.kind === 'videoinput',
  );
}

async function captureOne(
  kind: 'audio' | 'video',
  deviceId: string,
  properties: PublisherProperties,
): Promise<MediaStreamTrack> {
  const wanted: MediaTrackConstraints = { deviceId: { exact: deviceId } };
  if (kind === 'video' && properties.frameRate !== undefined) {
    wanted.frameRate = { ideal: properties.frameRate };
  }
  // A new microphone keeps the publisher's processing options, as in the real SDK.
  if (kind === 'audio') Object.assign(wanted, audioProcessing(properties).constraints);
  const media = await navigator.mediaDevices.getUserMedia({ [kind]: wanted });
  const track = media.getTracks()[0];
  if (track === undefined) throw otError('OT_HARDWARE_UNAVAILABLE', 1500, `No ${kind} track.`);
  return track;
}
