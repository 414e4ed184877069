import { FakeEmitter, type FakeEvent } from './fake-events.js';
import {
  type FakeOTError,
  type FakeReasonEvent,
  type FakeStream,
  type FakeStreamEvent,
  type FakeVideoElementEvent,
  fakeEvent,
  fakeOTError,
} from './fake-objects.js';
import type { FakeSession } from './fake-session.js';
import { FakeSources, type FakeVideoSource } from './fake-sources.js';
import type { FakeWorld } from './fake-world.js';

/** The events a fake Publisher dispatches. */
export interface FakePublisherEvents {
  /** Camera and microphone access was granted. */
  accessAllowed: FakeEvent;
  /** Camera or microphone access was denied. */
  accessDenied: FakeEvent;
  /** With `insertDefaultUI: false`: the video element to place yourself. */
  videoElementCreated: FakeVideoElementEvent;
  /** Its own stream started (the Session never dispatches this for your own stream). */
  streamCreated: FakeStreamEvent;
  /** Its own stream ended. */
  streamDestroyed: FakeStreamEvent;
  /** It was destroyed. */
  destroyed: FakeEvent;
  /** A source ended by itself: one `track`, or (without) all of them, and it stops. */
  mediaStopped: FakeEvent & { track: unknown };
  /** The microphone in use was unplugged; the SDK switched to this one. */
  audioInputDeviceChanged: FakeEvent & { device: { deviceId: string; label: string } };
  /** While listened to: the level, scripted with `fake.setAudioLevel(publisher, level)`. */
  audioLevelUpdated: FakeEvent & { audioLevel: number };
  /** A moderator muted its audio (`forceMuteStream`/`forceMuteAll`); `publishAudio` is now false. */
  muteForced: FakeEvent;
}

/** The events a fake Subscriber dispatches. */
export interface FakeSubscriberEvents {
  /** Receiving started. */
  connected: FakeEvent;
  /** With `insertDefaultUI: false`: the video element to place yourself. */
  videoElementCreated: FakeVideoElementEvent;
  /** It was destroyed (unsubscribed, stream ended, or session disconnected). */
  destroyed: FakeReasonEvent;
  /** While listened to: the level, scripted with `fake.setAudioLevel(stream, level)`. */
  audioLevelUpdated: FakeEvent & { audioLevel: number };
}

function placeVideo(
  world: FakeWorld,
  target: FakePublisher | FakeSubscriber,
  properties: Record<string, unknown>,
  dispatch: (event: FakeEvent) => void,
): void {
  const element = world.settings.createElement();
  if (properties.insertDefaultUI === false) {
    dispatch(fakeEvent('videoElementCreated', target, { element }));
  } else {
    target.element = element;
  }
}

/** A Publisher: `OT.initPublisher()` returns it at once and reports camera access later. */
export class FakePublisher extends FakeEmitter<FakePublisherEvents> {
  /** Unique id. */
  readonly id: string;
  /** The target element or element id it was given. */
  readonly target: HTMLElement | string | undefined;
  /** The properties it was given (insertMode, insertDefaultUI, name, …). */
  readonly properties: Record<string, unknown>;
  /** Whether camera access was granted. */
  accessAllowed = false;
  /** OpenTok's element (with default UI), once the camera is ready. */
  element: HTMLElement | undefined;
  /** Its stream, once published. */
  stream: FakeStream | undefined;
  /** The session it is published to. */
  session: FakeSession | undefined;
  #state: 'pending' | 'ready' | 'failed' | 'destroyed' = 'pending';
  #error: FakeOTError | undefined;
  #waiters: Array<(error?: FakeOTError) => void> = [];
  #timer: ReturnType<typeof setTimeout>;
  #stopReason: string | undefined;
  readonly #world: FakeWorld;
  readonly #sources: FakeSources;

  /** @internal */
  constructor(
    world: FakeWorld,
    target: HTMLElement | string | undefined,
    properties: Record<string, unknown>,
    callback?: (error?: FakeOTError) => void,
  ) {
    super(world);
    this.#world = world;
    this.id = world.nextId('publisher');
    this.target = target;
    this.properties = properties;
    this.#sources = new FakeSources(world, {
      properties,
      emit: (event) => this.dispatch(event),
      allEnded: () => {
        this.#stopReason = 'mediaStopped';
        if (this.session) this.session.unpublish(this);
        this.destroy();
      },
    });
    this.#timer = setTimeout(() => this.#settle(callback), world.settings.cameraDelayMs);
  }

  /** Whether `destroy()` was called (or the session destroyed it). */
  get destroyed(): boolean {
    return this.#state === 'destroyed';
  }

  /**
   * Stops the camera, unpublishes and removes the element.
   *
   * @returns this publisher
   */
  destroy(): this {
    if (this.#state === 'destroyed') return this;
    clearTimeout(this.#timer);
    this.session?.unpublish(this);
    this.#state = 'destroyed';
    this.#sources.release();
    this.element = undefined;
    this.#waiters = [];
    this.dispatch(fakeEvent('destroyed', this, {}));
    return this;
  }

  /**
   * Mutes (false) or unmutes (true) the microphone, as OpenTok's `publishAudio`.
   *
   * @param enabled - whether audio is sent
   * @returns this publisher
   */
  publishAudio(enabled: boolean): this {
    this.properties.publishAudio = enabled;
    if (this.stream) this.stream.hasAudio = enabled;
    return this;
  }

  /**
   * Turns the camera off (false) or on (true), as OpenTok's `publishVideo`.
   *
   * @param enabled - whether video is sent
   * @returns this publisher
   */
  publishVideo(enabled: boolean): this {
    this.properties.publishVideo = enabled;
    if (this.stream) this.stream.hasVideo = enabled;
    return this;
  }

  /** `camera`, `screen` (`videoSource: 'screen'`), `custom` (a track) or `null` (no video). */
  get videoType(): 'camera' | 'screen' | 'custom' | null {
    return this.#sources.videoType;
  }

  /** @returns whether it captured an audio track (a screen share may have none) */
  get hasAudioTrack(): boolean {
    return this.#sources.audio !== undefined;
  }

  /**
   * The next camera, as OpenTok's `cycleVideo` (rejects with `OT_NOT_SUPPORTED` for a screen or a
   * custom track).
   *
   * @returns the camera now in use
   */
  cycleVideo(): Promise<{ deviceId: string }> {
    return this.#sources.cycleVideo();
  }

  /**
   * Another camera, as OpenTok's `setVideoSource`.
   *
   * @param deviceId - a `videoInput` device id
   * @returns resolves once switched; `OT_INVALID_VIDEO_SOURCE`, `OT_SET_VIDEO_SOURCE_FAILURE`
   */
  setVideoSource(deviceId: string): Promise<undefined> {
    return this.#sources.setVideoSource(deviceId);
  }

  /**
   * Another microphone or any audio track, as OpenTok's `setAudioSource`.
   *
   * @param source - a device id or a track
   * @returns resolves once switched; a missing device reverts to the previous one and rejects
   */
  setAudioSource(source: unknown): Promise<undefined> {
    return this.#sources.setAudioSource(source);
  }

  /** @returns the video source, as OpenTok's `getVideoSource` */
  getVideoSource(): FakeVideoSource {
    return this.#sources.videoSource();
  }

  /** @returns the audio track, as OpenTok's `getAudioSource` (`null` without audio) */
  getAudioSource(): unknown {
    return this.#sources.audio ?? null;
  }

  /**
   * Test control: every source ends by itself, as when the user presses the browser's "Stop
   * sharing": `mediaStopped`, then (unless prevented) unpublished with reason `mediaStopped`
   * and destroyed.
   */
  endMedia(): void {
    if (this.#state === 'ready') this.#sources.endAll();
  }

  /** @internal Dispatches an event (audio levels). */
  emit(event: FakeEvent): void {
    this.dispatch(event);
  }

  /** @internal A moderator muted it: audio off, then `muteForced` (as the SDK's forceMuteAudio). */
  forceMuteAudio(): void {
    this.publishAudio(false);
    this.dispatch(fakeEvent('muteForced', this, {}));
  }

  /** @internal Runs `fn` once camera access is settled (with the error if it failed). */
  whenSettled(fn: (error?: FakeOTError) => void): void {
    if (this.#state === 'pending') this.#waiters.push(fn);
    else if (this.#state !== 'destroyed') fn(this.#error);
  }

  /** @internal The session published it. */
  published(stream: FakeStream): void {
    this.stream = stream;
    this.dispatch(fakeEvent('streamCreated', this, { stream }));
  }

  /** @internal The session unpublished it. */
  unpublished(reason: string): void {
    const { stream } = this;
    this.stream = undefined;
    this.session = undefined;
    const why = this.#stopReason ?? reason;
    if (stream) this.dispatch(fakeEvent('streamDestroyed', this, { stream, reason: why }, true));
  }

  #settle(callback?: (error?: FakeOTError) => void): void {
    const { camera } = this.#world.settings;
    const screen = this.#sources.videoType === 'screen';
    const failure = camera === 'granted' || screen ? this.#sources.acquire() : undefined;
    if (failure) {
      this.#state = 'failed';
      this.#error = failure;
      if (failure.name === 'OT_USER_MEDIA_ACCESS_DENIED') {
        this.dispatch(fakeEvent('accessDenied', this, {}));
      }
    } else if (camera === 'granted' || screen) {
      this.#state = 'ready';
      this.accessAllowed = true;
      this.dispatch(fakeEvent('accessAllowed', this, {}));
      placeVideo(this.#world, this, this.properties, (event) => this.dispatch(event));
    } else {
      this.#state = 'failed';
      this.#error =
        camera === 'denied'
          ? fakeOTError(
              'OT_USER_MEDIA_ACCESS_DENIED',
              'End-user denied permission to hardware devices',
            )
          : fakeOTError('OT_NO_DEVICES_FOUND', 'No voice or video input devices are available');
      if (camera === 'denied') this.dispatch(fakeEvent('accessDenied', this, {}));
    }
    callback?.(this.#error);
    for (const waiter of this.#waiters.splice(0)) waiter(this.#error);
  }
}

/** A Subscriber: `session.subscribe()` returns it at once and reports success later. */
export class FakeSubscriber extends FakeEmitter<FakeSubscriberEvents> {
  /** Unique id. */
  readonly id: string;
  /** The stream it receives. */
  readonly stream: FakeStream;
  /** The session that created it. */
  readonly session: FakeSession;
  /** The target element or element id it was given. */
  readonly target: HTMLElement | string | undefined;
  /** The properties it was given. */
  readonly properties: Record<string, unknown>;
  /** OpenTok's element (with default UI), once connected. */
  element: HTMLElement | undefined;
  /** Why it was destroyed, once it is. */
  destroyedReason: string | undefined;
  readonly #world: FakeWorld;

  /** @internal */
  constructor(
    world: FakeWorld,
    session: FakeSession,
    stream: FakeStream,
    target: HTMLElement | string | undefined,
    properties: Record<string, unknown>,
  ) {
    super(world);
    this.#world = world;
    this.id = world.nextId('subscriber');
    this.session = session;
    this.stream = stream;
    this.target = target;
    this.properties = properties;
  }

  /** @internal Receiving started. */
  connected(): void {
    this.dispatch(fakeEvent('connected', this, {}));
    placeVideo(this.#world, this, this.properties, (event) => this.dispatch(event));
  }

  /** @internal Dispatches an event (audio levels). */
  emit(event: FakeEvent): void {
    this.dispatch(event);
  }

  /** @internal Destroys it (unsubscribe, stream gone, session disconnected). */
  destroy(reason: string): void {
    if (this.destroyedReason !== undefined) return;
    this.destroyedReason = reason;
    this.element = undefined;
    this.dispatch(fakeEvent('destroyed', this, { reason }));
  }
}
