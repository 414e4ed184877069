import type { ActiveSpeakerDetector } from './active-speaker.js';
import type { RoomClientError } from './errors.js';
import type {
  OTConnection,
  OTLike,
  OTPublisher,
  OTSession,
  OTSessionOptions,
  OTStream,
  OTStreamPropertyChangedEvent,
  OTSubscriber,
  PublisherProperties,
  SubscriberProperties,
} from './ot-types.js';
import type { DevicesInfo, PublisherSource } from './snapshot-types.js';

/** What `join()` connects with: exactly what room-server's join endpoint returns. */
export interface RoomCredentials {
  /** The OpenTok project API key. */
  apiKey: string;
  /** The OpenTok session id of the room. */
  sessionId: string;
  /** A token for that session. */
  token: string;
}

/**
 * Where a video element goes:
 * - `{ element }`: OpenTok replaces this element (or element id) with its own;
 * - `{ container }`: OpenTok appends its element inside this element (or element id);
 * - `{ onElement }`: OpenTok inserts nothing (`insertDefaultUI: false`) and you receive the
 *   `<video>` element to put wherever you like.
 */
export type VideoPlacement =
  | { element: HTMLElement | string }
  | { container: HTMLElement | string }
  | { onElement: (element: HTMLElement) => void };

/** Deadlines in milliseconds. */
export interface RoomClientTimeouts {
  /** From `join()` to connected, including credentials and loading the SDK (default 20000). */
  connect?: number;
  /** For camera access and publishing, once connected (default 30000). */
  publish?: number;
  /** For a subscription to start (default 20000). */
  subscribe?: number;
  /** For a signal to be acknowledged (default 10000). */
  signal?: number;
  /** For the session to report it is disconnected after `leave()` (default 5000). */
  leave?: number;
}

/** Options of {@link createRoomClient}. */
export interface RoomClientOptions {
  /** The credentials, or a (possibly async) function returning them; called on every `join()`. */
  credentials: RoomCredentials | (() => RoomCredentials | Promise<RoomCredentials>);
  /**
   * The OpenTok SDK. When absent, `import('@vonage/client-sdk-video')` (else
   * `@opentok/client`) runs inside `join()`. Present but `undefined` (`OT: window.OT` when the
   * script did not load) fails the join with `sdk_load_failed`: never a silent fallback to the
   * real SDK. Typed `| undefined` so that `OT: window.OT` compiles under
   * `exactOptionalPropertyTypes`.
   */
  OT?: OTLike | undefined;
  /**
   * `OT.initSession` options, e.g. `{ singlePeerConnection: true }`. Checked when the client is
   * made. The SDK applies them when it first makes the page's Session for this session id.
   */
  sessionOptions?: OTSessionOptions;
  /** `OT.initPublisher` properties, or `false` to join receive-only (default `{}`). */
  publisher?: PublisherProperties | false;
  /**
   * Active-speaker detection (`activeSpeakerDetector()`): fills the snapshot's `activeSpeaker`
   * and emits `activeSpeakerChanged`. Without it no audio-level listener is attached.
   */
  activeSpeaker?: ActiveSpeakerDetector;
  /** Where the local video goes (default: OpenTok's own placement). */
  publisherVideo?: VideoPlacement;
  /** `session.subscribe` properties for every remote stream. */
  subscriber?: SubscriberProperties;
  /** Where each remote video goes (default: OpenTok's own placement). */
  subscriberVideo?: (stream: OTStream) => VideoPlacement | undefined;
  /** `false` to subscribe only on request, or a filter; default: every remote stream. */
  autoSubscribe?: boolean | ((stream: OTStream) => boolean);
  /** Deadlines; see {@link RoomClientTimeouts}. */
  timeouts?: RoomClientTimeouts;
  /**
   * Where `roomDevices(room)` lists devices and hears `devicechange`: the browser's
   * `navigator.mediaDevices` by default; the fake's `OT.mediaDevices` in tests.
   */
  mediaDevices?: MediaDevicesLike;
}

/** The part of the browser's `navigator.mediaDevices` that `roomDevices` uses. */
export interface MediaDevicesLike {
  /** Lists devices (`kind` `videoinput` / `audioinput`; others are ignored). */
  enumerateDevices(): Promise<ReadonlyArray<{ deviceId: string; label: string; kind: string }>>;
  /** Asks for camera/microphone access (used by `list({ requestPermission: true })`). */
  getUserMedia?(constraints: {
    audio: boolean;
    video: boolean;
  }): Promise<{ getTracks(): ReadonlyArray<{ stop(): void }> }>;
  /** Adds the `devicechange` listener. */
  addEventListener(type: 'devicechange', listener: () => void): void;
  /** Removes it (by reference). */
  removeEventListener(type: 'devicechange', listener: () => void): void;
}

/** A camera or a microphone, as `roomDevices` names them. */
export type DeviceKind = 'camera' | 'microphone';

/** The payload of `activeDeviceChanged`. */
export interface ActiveDeviceChange {
  /** Which device. */
  readonly kind: DeviceKind;
  /** The device now in use (or chosen for the next join); undefined: the default, or none left. */
  readonly deviceId: string | undefined;
  /** The device before. */
  readonly previous: string | undefined;
  /**
   * `selected` (you chose it), `unplugged` (the device in use or chosen went away: this is the
   * fallback), `defaultChanged` (OpenTok moved the microphone to a new system default),
   * `published` (the camera publisher started: the devices it really uses, the browser's defaults
   * when none was chosen; this does not pin them for the next join).
   */
  readonly reason: 'selected' | 'unplugged' | 'defaultChanged' | 'published';
}

/** The lifecycle of a {@link RoomClient}. */
export type RoomClientState =
  | 'idle'
  | 'connecting'
  | 'connected'
  | 'reconnecting'
  | 'disconnecting'
  | 'disconnected';

/**
 * Why the client is disconnected: OpenTok's reasons (`clientDisconnected` after `leave()`,
 * `forceDisconnected`, `networkDisconnected`, `mediaIdle`, `serverRotation`) or `connectFailed` when
 * `join()` failed (see the `error`).
 */
export type DisconnectReason =
  | 'clientDisconnected'
  | 'forceDisconnected'
  | 'networkDisconnected'
  | 'mediaIdle'
  | 'serverRotation'
  | 'connectFailed'
  | (string & {});

/** The payload of `stateChanged`. */
export interface StateChange {
  /** The new state. */
  state: RoomClientState;
  /** The state before. */
  previous: RoomClientState;
  /** Why, when the new state is `disconnected`. */
  reason?: DisconnectReason;
  /** What failed, when `join()` failed. */
  error?: RoomClientError;
}

/** The payload of `disconnected`. */
export interface DisconnectInfo {
  /** Why. */
  reason: DisconnectReason;
  /** What failed, when `join()` failed. */
  error?: RoomClientError;
}

/** How many connections the session has. */
export interface RoomCounts {
  /** Connections other than yours. */
  others: number;
  /** All connections, yours included (0 when not connected). */
  total: number;
}

/** The payload of `unpublished`. */
export interface UnpublishInfo {
  /** Which publisher ended. */
  source: PublisherSource;
  /** Why: `forceUnpublished`, `mediaStopped`, `destroyed`, or a disconnect reason. */
  reason: string;
}

/** The payload of `muteChanged`. */
export interface MuteChange {
  /** Whether your microphone is on now. */
  microphoneEnabled: boolean;
  /** Whether your camera is on now. */
  cameraEnabled: boolean;
  /** Whether a moderator muted you (OpenTok's `muteForced`), rather than your own call. */
  forced: boolean;
}

/** A signal to send with {@link sendSignal}. */
export interface SignalOptions {
  /** Letters, digits, `-`, `_`, `~` and `.`, at most 128 characters. */
  type?: string;
  /** The payload: at most 8192 characters once JSON-encoded. */
  data?: string;
  /**
   * One recipient: the connection id of another participant, or a Connection (e.g.
   * `room.session.connection` for yourself). Everyone, yourself included, when absent.
   */
  to?: string | OTConnection;
}

/** A signal received. */
export interface ReceivedSignal {
  /** The type, `''` when the sender set none. */
  type: string;
  /** The payload, `''` when the sender set none. */
  data: string;
  /** The sender; null for signals a server sent through the REST API. */
  from: OTConnection | null;
  /** Whether you sent it (OpenTok delivers signals to the sender too). */
  isLocal: boolean;
}

/**
 * The events of a {@link RoomClient}, one callback signature per event. Listeners run inside
 * try/catch: one that throws is reported and never breaks OpenTok's own dispatch.
 */
export interface RoomClientEvents {
  /** The state changed (every transition, with the reason on `disconnected`). */
  stateChanged: (change: StateChange) => void;
  /** The client is disconnected: after `leave()`, a failed `join()`, a network loss or a forced disconnect. */
  disconnected: (info: DisconnectInfo) => void;
  /** Another connection joined (also emitted for those already there while connecting). */
  participantJoined: (connection: OTConnection) => void;
  /** Another connection left. */
  participantLeft: (connection: OTConnection, reason: string) => void;
  /** `counts` changed. Final for the initial burst by the time `connected` is announced. */
  countChanged: (counts: RoomCounts) => void;
  /** A remote stream appeared (your own stream never does). */
  streamAdded: (stream: OTStream) => void;
  /** A remote stream ended. */
  streamRemoved: (stream: OTStream, reason: string) => void;
  /** A remote stream's audio, video or dimensions changed (OpenTok's `streamPropertyChanged`). */
  streamChanged: (event: OTStreamPropertyChangedEvent) => void;
  /** A subscription started. */
  subscribed: (stream: OTStream, subscriber: OTSubscriber) => void;
  /** A subscription failed (automatic ones too). */
  subscribeFailed: (error: RoomClientError, stream: OTStream) => void;
  /** A local publisher is published (`source` is `camera` for the camera). */
  published: (publisher: OTPublisher, source: PublisherSource) => void;
  /** Publishing failed (e.g. camera denied): you stay connected, receive-only. */
  publishFailed: (error: RoomClientError, source: PublisherSource) => void;
  /**
   * A local publisher ended without `leave()`: `forceUnpublished` (a moderator), `mediaStopped`
   * (the camera or screen track ended), `destroyed` (its `destroy()` was called), or the session's
   * disconnect reason. It is released; call `publish()` to publish the camera again.
   */
  unpublished: (info: UnpublishInfo) => void;
  /**
   * Your screen share ended: `stopped` (you called `stopScreenShare(room)`), `mediaStopped` (the
   * browser's "Stop sharing" button, or the shared window closed), or another OpenTok
   * `streamDestroyed` reason (e.g. `forceUnpublished`).
   */
  screenShareEnded: (reason: string) => void;
  /**
   * Who speaks changed (a connection id, yours included, or undefined for nobody). Only with an
   * `activeSpeaker` detector in the options; also in the snapshot's `activeSpeaker`.
   */
  activeSpeakerChanged: (connectionId: string | undefined) => void;
  /** Your microphone or camera was turned on or off (`forced`: by a moderator's mute). */
  muteChanged: (change: MuteChange) => void;
  /**
   * The device list changed: a camera or microphone was plugged in or out, or labels appeared
   * (with `roomDevices(room)`; also in the snapshot's `local.devices`).
   */
  devicesChanged: (devices: DevicesInfo) => void;
  /** The camera or microphone in use (or chosen for the next join) changed, and why. */
  activeDeviceChanged: (change: ActiveDeviceChange) => void;
  /** A signal arrived (including your own). */
  signalReceived: (signal: ReceivedSignal) => void;
  /**
   * The room is being recorded (OpenTok's `archiveStarted`). Also emitted while joining a room
   * already being recorded, after the initial participants and streams.
   */
  recordingStarted: (recording: RecordingChange) => void;
  /** The recording stopped (OpenTok's `archiveStopped`). */
  recordingStopped: (recording: RecordingChange) => void;
}

/** What `recordingStarted` and `recordingStopped` carry. */
export interface RecordingChange {
  /** The archive id (to fetch the recording from your server later). */
  readonly archiveId: string;
  /** The archive name, when it has one. */
  readonly name: string | undefined;
  /**
   * When it started, ms since epoch: the time the event arrived, or `undefined` when you joined a
   * room already being recorded (OpenTok does not tell clients the start time).
   */
  readonly startedAt: number | undefined;
}

/** Options of {@link shareScreen}. */
export interface ScreenShareOptions {
  /** Share the screen's audio too, where the browser offers it (Chromium: tabs). Default false. */
  audio?: boolean;
  /** Where the screen's local preview goes (like `publisherVideo`). */
  video?: VideoPlacement;
  /** More OpenTok publisher properties (e.g. `name`, `maxResolution`, `frameRate`). */
  publisher?: PublisherProperties;
}

/** A room connection. Create one with {@link createRoomClient}. */
export interface RoomClient {
  /** The current state. */
  readonly state: RoomClientState;
  /** Connection counts; final when `connected` is announced, reset on disconnect. */
  readonly counts: RoomCounts;
  /** The other connections, by connection id. */
  readonly participants: ReadonlyMap<string, OTConnection>;
  /** The remote streams, by stream id. */
  readonly streams: ReadonlyMap<string, OTStream>;
  /** One subscriber per subscribed stream, by stream id. */
  readonly subscribers: ReadonlyMap<string, OTSubscriber>;
  /** The local publisher, once published. */
  readonly publisher: OTPublisher | undefined;
  /** Why publishing failed during the last `join()`, if it did (you are then receive-only). */
  readonly publishError: RoomClientError | undefined;
  /** The OpenTok session while joined. */
  readonly session: OTSession | undefined;
  /** Your own connection id while connected. */
  readonly connectionId: string | undefined;
  /** Whether your microphone is on (kept across re-joins; false after a moderator's mute). */
  readonly microphoneEnabled: boolean;
  /** Whether your camera is on (kept across re-joins). */
  readonly cameraEnabled: boolean;
  /**
   * Turns your microphone on or off: now if publishing, and for every later join (read it as
   * `microphoneEnabled`, or the snapshot's `local.microphoneEnabled`). Emits `muteChanged`.
   *
   * @param enabled - true to send audio
   * @throws RoomClientError `invalid_argument` when not a boolean
   */
  setMicrophoneEnabled(enabled: boolean): void;
  /**
   * Turns your camera on or off, like {@link RoomClient.setMicrophoneEnabled}.
   *
   * @param enabled - true to send video
   * @throws RoomClientError `invalid_argument` when not a boolean
   */
  setCameraEnabled(enabled: boolean): void;
  /**
   * Publishes your camera while connected, when it is not published: after a moderator
   * unpublished it, its media stopped, or the camera was denied (retry), or with `publisher: false`.
   * Resolves at once when a camera publisher already exists.
   *
   * @returns a promise settled once published
   * @throws RoomClientError `not_connected`, `media_access_denied`, `timeout`, … (rejects)
   */
  publish(): Promise<void>;
  /**
   * Connects and publishes. Resolves once connected (counts final) and the publish attempt has
   * settled; a denied camera does not reject (see `publishError`). Calling it again while joining
   * or joined returns the same promise.
   *
   * @returns a promise of the joined room
   * @throws RoomClientError (rejects) when connecting fails, times out or `leave()` cancels it
   */
  join(): Promise<void>;
  /**
   * Unpublishes, unsubscribes, disconnects and removes every listener this client attached. Safe
   * in any state; cancels a `join()` in progress.
   *
   * @returns a promise settled once disconnected
   */
  leave(): Promise<void>;
  /**
   * Subscribes to a remote stream (at most one subscription per stream: a second call returns the
   * first one's promise).
   *
   * @param streamId - the stream
   * @param placement - where its video goes (default: `subscriberVideo`)
   * @returns the subscriber once receiving
   * @throws RoomClientError `not_connected`, `stream_gone`, `timeout`, …
   */
  subscribe(streamId: string, placement?: VideoPlacement): Promise<OTSubscriber>;
  /**
   * Stops a subscription; nothing happens when there is none.
   *
   * @param streamId - the stream
   */
  unsubscribe(streamId: string): void;
  /**
   * Adds a listener.
   *
   * @param event - the event name
   * @param listener - the callback
   * @returns a function that removes the listener
   */
  on<K extends keyof RoomClientEvents>(event: K, listener: RoomClientEvents[K]): () => void;
  /**
   * Adds a listener that runs once.
   *
   * @param event - the event name
   * @param listener - the callback
   * @returns a function that removes the listener
   */
  once<K extends keyof RoomClientEvents>(event: K, listener: RoomClientEvents[K]): () => void;
  /**
   * Removes a listener added with `on`.
   *
   * @param event - the event name
   * @param listener - the callback given to `on`
   */
  off<K extends keyof RoomClientEvents>(event: K, listener: RoomClientEvents[K]): void;
}
