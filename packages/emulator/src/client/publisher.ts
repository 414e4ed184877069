import {
  MEDIA_ROUTER_ID,
  type RtcPayload,
  UPSTREAM_SUBSCRIBER_ID,
  type WireStream,
} from '../protocol.js';
import { manageAudioInput } from './audio-input-devices.js';
import { AudioLevelRunner, webAudioLevel } from './audio-level.js';
import { Stream } from './connection.js';
import { createWidget, playVideo, uniqueId } from './dom.js';
import { OTEventEmitter } from './event-emitter.js';
import { callUser, type OTError, otError } from './ot-error.js';
import { createEvent } from './ot-event.js';
import { acquire, mediaError } from './publisher-media.js';
import { SubscriberPeers } from './publisher-peers.js';
import type { CompletionHandler, PublisherProperties } from './publisher-properties.js';
import { PublisherSources, type VideoSourceInfo } from './publisher-sources.js';
import { acquireScreen } from './screen-capture.js';
import type { Session } from './session.js';
import type { SessionLink } from './session-link.js';
import { type TrackEndWatch, watchTracksEnded } from './track-ended.js';

// The options types live in their own file; callers keep importing them from here.
export type { CompletionHandler, PublisherProperties } from './publisher-properties.js';
export type { VideoSourceInfo } from './publisher-sources.js';

/**
 * The local camera/microphone, like `@opentok/client`'s `Publisher`. Create it with
 * `OT.initPublisher`; publish it with `session.publish`.
 */
export class Publisher extends OTEventEmitter {
  /** The widget element's id. */
  readonly id: string;
  /** The widget element (`undefined` with `insertDefaultUI: false` or after destroy). */
  element: HTMLElement | undefined;
  /** The published stream, once published. */
  stream: Stream | undefined;
  /** Whether camera/microphone access was granted. */
  accessAllowed = false;
  /**
   * Destroys the publisher: unpublishes, stops the camera, removes the element.
   *
   * @returns This publisher; `.promise()` resolves when done.
   */
  readonly destroy: { (): Publisher; promise(): Promise<void> };
  /**
   * Turns audio on or off (others see `streamPropertyChanged` for `hasAudio`).
   *
   * @returns This publisher; `.promise(value)` resolves when done.
   */
  readonly publishAudio: { (value: boolean): Publisher; promise(value: boolean): Promise<void> };
  /**
   * Turns video on or off (others see `streamPropertyChanged` for `hasVideo`).
   *
   * @returns This publisher; `.promise(value)` resolves when done.
   */
  readonly publishVideo: {
    (value: boolean, callback?: CompletionHandler): Publisher;
    promise(value: boolean): Promise<void>;
  };

  readonly #properties: PublisherProperties;
  readonly #video: HTMLVideoElement;
  readonly #ready: Promise<MediaStream | OTError>;
  readonly #peers = new SubscriberPeers();
  readonly #sources: PublisherSources;
  readonly #level = webAudioLevel(() => this.#media?.getAudioTracks()[0]);
  readonly #levels = new AudioLevelRunner(
    this.#level.sample,
    (audioLevel) => this.dispatch(createEvent('audioLevelUpdated', this, { audioLevel })),
    () => this.hasListeners('audioLevelUpdated') && !this.#destroyed,
  );
  #ended: TrackEndWatch | undefined;
  #stopAudioInput: (() => void) | undefined;
  #media: MediaStream | undefined;
  #session: SessionLink | undefined;
  #audio: boolean;
  #videoOn: boolean;
  #destroyed = false;

  /**
   * Use `OT.initPublisher` instead.
   *
   * @param target - Element or element id.
   * @param properties - Publisher options.
   * @param callback - Called when the camera is ready or failed.
   * @internal
   */
  constructor(
    target: HTMLElement | string | undefined,
    properties: PublisherProperties,
    callback: CompletionHandler | undefined,
  ) {
    super();
    this.#properties = properties;
    this.id = uniqueId();
    this.#audio = properties.publishAudio !== false;
    this.#videoOn = properties.publishVideo !== false;
    const { element, video } = createWidget(target, properties, 'OT_publisher', this.id);
    this.element = element;
    this.#video = video;
    video.muted = true;
    if (properties.mirror !== false) video.style.transform = 'scaleX(-1)';

    this.destroy = Object.assign(() => this.#destroy(), {
      promise: async (): Promise<void> => {
        this.#destroy();
      },
    });
    this.publishAudio = Object.assign((value: boolean) => this.#setTrack('audio', value), {
      promise: async (value: boolean): Promise<void> => {
        this.#setTrack('audio', value);
      },
    });
    this.publishVideo = Object.assign(
      (value: boolean, done?: CompletionHandler) => {
        this.#setTrack('video', value);
        callUser(done);
        return this;
      },
      {
        promise: async (value: boolean): Promise<void> => {
          this.#setTrack('video', value);
        },
      },
    );

    this.#sources = new PublisherSources(
      {
        media: () => this.#media,
        senders: () => this.#peers.senders(),
        enabled: (kind) => (kind === 'audio' ? this.#audio : this.#videoOn),
        swapped: () => {
          this.#applyEnabled();
          this.#ended?.refresh();
        },
        destroyed: () => this.#destroyed,
      },
      properties,
    );
    if (this.#sources.videoType === 'screen' || this.#sources.videoType === 'custom') {
      video.style.transform = properties.mirror === true ? 'scaleX(-1)' : '';
      video.style.objectFit = properties.fitMode ?? 'contain';
    }
    const capture = this.#sources.videoType === 'screen' ? acquireScreen : acquire;
    this.#ready = capture(properties).then(
      (media) => {
        if (this.#destroyed) {
          for (const track of media.getTracks()) track.stop();
          return otError('OT_CANCEL', 1500, 'The publisher was destroyed.');
        }
        this.#media = media;
        this.#sources.adopt(media);
        this.#ended = watchTracksEnded(
          media,
          () => this.#mediaStopped(undefined),
          (track) => this.#mediaStopped(track),
        );
        if (!properties.disableAudioInputDeviceManagement && this.#sources.videoType !== 'screen') {
          const sources = this.#sources;
          this.#stopAudioInput = manageAudioInput({
            // Only a microphone the emulator captured: a page's own audio track stays its own.
            track: () => {
              const track = media.getAudioTracks()[0];
              return track !== undefined && sources.owns(track) ? track : undefined;
            },
            switchTo: (deviceId) => this.setAudioSource(deviceId),
            changed: (device) =>
              this.dispatch(createEvent('audioInputDeviceChanged', this, { device })),
          });
        }
        this.accessAllowed = true;
        this.#applyEnabled();
        this.dispatch(createEvent('accessAllowed', this, {}));
        video.srcObject = media;
        this.dispatch(createEvent('videoElementCreated', this, { element: video }));
        this.dispatch(createEvent('mediaStreamAvailable', this, { mediaStream: media }));
        playVideo(video);
        callUser(callback);
        return media;
      },
      (error: unknown) => {
        const otErr = mediaError(error);
        if (otErr.name === 'OT_USER_MEDIA_ACCESS_DENIED') {
          this.dispatch(createEvent('accessDenied', this, { message: otErr.message }));
        }
        callUser(callback, otErr);
        return otErr;
      },
    );
  }

  /** The session this publisher is published to, if any. */
  get session(): Session | undefined {
    return this.#session?.session;
  }

  /**
   * Width of the local video, in pixels.
   *
   * @returns The width, or `undefined` before the camera is ready.
   */
  videoWidth(): number | undefined {
    return this.#video.videoWidth || undefined;
  }

  /**
   * Height of the local video, in pixels.
   *
   * @returns The height, or `undefined` before the camera is ready.
   */
  videoHeight(): number | undefined {
    return this.#video.videoHeight || undefined;
  }

  /**
   * Publishes into a session once the camera is ready. Called by `session.publish`.
   *
   * @param session - The session's internals.
   * @param callback - Completion handler.
   * @internal
   */
  _publishTo(session: SessionLink, callback: CompletionHandler | undefined): void {
    this.#session = session;
    void this.#ready.then(async (media) => {
      if (!(media instanceof MediaStream)) {
        callUser(callback, media);
        return;
      }
      const settings = media.getVideoTracks()[0]?.getSettings();
      try {
        const wire = (await session.request({
          type: 'publish',
          name: this.#properties.name ?? '',
          hasAudio: this.#audio && media.getAudioTracks().length > 0,
          hasVideo: this.#videoOn && media.getVideoTracks().length > 0,
          videoType: this.#sources.videoType ?? 'camera',
          videoDimensions: { width: settings?.width ?? 640, height: settings?.height ?? 480 },
        })) as WireStream;
        this.stream = new Stream(wire, session.connectionFor(wire.connectionId));
        this.dispatch(createEvent('streamCreated', this, { stream: this.stream }));
        // Routed: one upstream to the media router (it offers every subscriber its own copy).
        if (session.mediaMode() === 'routed')
          this._addSubscriber(MEDIA_ROUTER_ID, UPSTREAM_SUBSCRIBER_ID);
        callUser(callback);
      } catch (error) {
        this.#session = undefined;
        const {
          name = 'OT_UNABLE_TO_PUBLISH',
          code = 1500,
          message = 'Publish failed.',
        } = error as Partial<OTError>;
        callUser(callback, otError(name, code, message));
      }
    });
  }

  /**
   * Stops publishing: the stream goes away; the publisher is destroyed unless the
   * `streamDestroyed` event is default-prevented.
   *
   * @param reason - `unpublished`, `clientDisconnected`, `forceDisconnected`, `networkDisconnected`.
   * @param keepAlive - Never destroy (used when the session only restarts).
   * @internal
   */
  _unpublish(reason: string, keepAlive = false): void {
    const session = this.#session;
    const stream = this.stream;
    this.#session = undefined;
    this.#peers.closeAll();
    if (session === undefined || stream === undefined) {
      if (!keepAlive && reason !== 'unpublished') this.#destroy();
      return;
    }
    this.stream = undefined;
    if (reason === 'unpublished' || reason === 'mediaStopped') {
      session
        .request({
          type: 'unpublish',
          streamId: stream.streamId,
          ...(reason === 'mediaStopped' ? { reason } : {}),
        })
        .catch(() => undefined);
    }
    session.forgetPublisher(this);
    const event = createEvent('streamDestroyed', this, { stream, reason }, true);
    this.dispatch(event);
    if (!keepAlive && (!event.isDefaultPrevented() || reason !== 'unpublished')) this.#destroy();
  }

  /**
   * A subscriber wants this stream: make a peer connection to it and offer.
   *
   * @param from - The subscriber's connection.
   * @param subscriberId - The subscriber's id.
   * @internal
   */
  _addSubscriber(from: string, subscriberId: string): void {
    const session = this.#session;
    const stream = this.stream;
    if (session === undefined || stream === undefined || this.#media === undefined) return;
    this.#peers.open(
      subscriberId,
      from,
      (payload: RtcPayload) =>
        session.send({ type: 'rtc', to: from, streamId: stream.streamId, subscriberId, payload }),
      this.#media,
    );
  }

  /**
   * A subscriber left, or its connection did.
   *
   * @param subscriberId - The subscriber, or `undefined` for all of `connectionId`'s.
   * @param connectionId - Its connection.
   * @internal
   */
  _removeSubscriber(subscriberId: string | undefined, connectionId: string): void {
    this.#peers.dropFor(subscriberId, connectionId);
  }

  /**
   * A WebRTC message from a subscriber.
   *
   * @param subscriberId - The subscriber.
   * @param payload - Description or candidate.
   * @internal
   */
  _receive(subscriberId: string, payload: RtcPayload): void {
    this.#peers.receive(subscriberId, payload);
  }

  /**
   * A moderator muted this stream.
   *
   * @internal
   */
  _muteForced(): void {
    this.#setTrack('audio', false);
    this.dispatch(createEvent('muteForced', this, {}));
  }

  /**
   * Switches to the next camera (`enumerateDevices` order). Fails with `OT_NOT_SUPPORTED` for a
   * screen, a custom track or no video.
   *
   * @returns The camera now in use.
   */
  cycleVideo(): Promise<{ deviceId: string }> {
    return this.#sources.cycleVideo();
  }

  /**
   * Switches the camera to a device id from `OT.getDevices()` (subscribers keep receiving).
   *
   * @param deviceId - A `videoInput` device id.
   * @returns Resolves when the new camera is sent; rejects with `OT_INVALID_VIDEO_SOURCE` or
   *   `OT_SET_VIDEO_SOURCE_FAILURE`.
   */
  setVideoSource(deviceId: string): Promise<undefined> {
    return this.#sources.setVideoSource(deviceId);
  }

  /**
   * Switches the microphone (a device id) or sends any audio track (Web Audio, a file).
   *
   * @param source - A device id or a `MediaStreamTrack`.
   * @returns Resolves when the new audio is sent; a failing device reverts to the previous one.
   */
  setAudioSource(source: string | MediaStreamTrack): Promise<undefined> {
    return this.#sources.setAudioSource(source);
  }

  /**
   * The video being sent.
   *
   * @returns Device id (cameras only), type and track.
   */
  getVideoSource(): VideoSourceInfo {
    return this.#sources.videoSource();
  }

  /**
   * The audio track being sent.
   *
   * @returns The track, or `null` without audio.
   */
  getAudioSource(): MediaStreamTrack | null {
    return this.#sources.audioSource();
  }

  protected override listenerAdded(type: string): void {
    if (type === 'audioLevelUpdated' && !this.#destroyed) this.#levels.start();
  }

  // A source ended by itself (the browser's "Stop sharing", a file that finished).
  #mediaStopped(track: MediaStreamTrack | undefined): void {
    const event = createEvent('mediaStopped', this, { track }, true);
    this.dispatch(event);
    if (event.isDefaultPrevented() || track !== undefined) return;
    if (this.#session !== undefined) this._unpublish('mediaStopped');
    else this.#destroy();
  }

  #applyEnabled(): void {
    for (const track of this.#media?.getAudioTracks() ?? []) track.enabled = this.#audio;
    for (const track of this.#media?.getVideoTracks() ?? []) track.enabled = this.#videoOn;
  }

  #setTrack(kind: 'audio' | 'video', value: boolean): Publisher {
    if (kind === 'audio') this.#audio = value;
    else this.#videoOn = value;
    this.#applyEnabled();
    const stream = this.stream;
    if (this.#session !== undefined && stream !== undefined) {
      const property = kind === 'audio' ? 'hasAudio' : 'hasVideo';
      stream[property] = value;
      this.#session
        .request({ type: 'streamProperty', streamId: stream.streamId, property, value })
        .catch(() => undefined);
    }
    return this;
  }

  #destroy(): Publisher {
    if (this.#destroyed) return this;
    if (this.stream !== undefined) this._unpublish('unpublished', true);
    this.#destroyed = true;
    this.#levels.stop();
    this.#level.close();
    this.#ended?.stop();
    this.#stopAudioInput?.();
    for (const track of this.#media?.getTracks() ?? []) track.stop();
    this.#video.srcObject = null;
    this.element?.remove();
    this.element = undefined;
    this.dispatch(createEvent('destroyed', this, {}));
    return this;
  }
}
