// The part of @opentok/client this package uses, typed structurally so that the real `OT`, the
// emulator's client and the fake from `./testing` all fit, and so that our published types never
// import @opentok/client (an optional peer whose own .d.ts needs skipLibCheck).

/** An OpenTok connection: one client (browser tab, SIP call, …) in a session. */
export interface OTConnection {
  /** Unique id of the connection within the session. */
  readonly connectionId: string;
  /** When the connection was created, in ms since the epoch. */
  readonly creationTime: number;
  /** The `data` string the token carried (often `name=Ada`-style metadata). */
  readonly data: string;
}

/** An OpenTok stream: one published audio/video track pair. */
export interface OTStream {
  /** Unique id of the stream within the session. */
  readonly streamId: string;
  /** The connection that publishes it. */
  readonly connection: OTConnection;
  /** The publisher's `name` property. */
  readonly name: string;
  /** Whether audio is currently sent. */
  readonly hasAudio: boolean;
  /** Whether video is currently sent. */
  readonly hasVideo: boolean;
  /** What the video is. */
  readonly videoType: 'camera' | 'screen' | 'custom' | undefined;
  /** When the stream was created, in ms since the epoch. */
  readonly creationTime: number;
}

/** An error as the OpenTok SDK reports it: identify it by `name` (`OT_...`), not by code. */
export interface OTError {
  /** The error name, e.g. `OT_AUTHENTICATION_ERROR`. */
  readonly name: string;
  /** What happened, in OpenTok's words. */
  readonly message: string;
}

/** The base of every event the OpenTok SDK dispatches. */
export interface OTEvent {
  /** The event type, e.g. `streamCreated` or `signal:chat`. */
  readonly type: string;
  /** @returns whether `preventDefault()` was called. */
  isDefaultPrevented(): boolean;
  /** Cancels the SDK's default action, for cancelable events. */
  preventDefault(): void;
}

/** `connectionCreated` / `connectionDestroyed`. */
export interface OTConnectionEvent extends OTEvent {
  /** The connection that joined or left. */
  readonly connection: OTConnection;
  /** Why it left (`connectionDestroyed` only). */
  readonly reason?: string;
}

/** `streamCreated` / `streamDestroyed` on a Session or a Publisher. */
export interface OTStreamEvent extends OTEvent {
  /** The stream. */
  readonly stream: OTStream;
  /** Why it went away (`streamDestroyed` only). */
  readonly reason?: string;
}

/** `streamPropertyChanged`. */
export interface OTStreamPropertyChangedEvent extends OTEvent {
  /** The stream that changed. */
  readonly stream: OTStream;
  /** `hasAudio`, `hasVideo`, `videoDimensions` or `hasCaptions`. */
  readonly changedProperty: string;
  /** The value before. */
  readonly oldValue: unknown;
  /** The value after. */
  readonly newValue: unknown;
}

/** `sessionDisconnected`. */
export interface OTSessionDisconnectEvent extends OTEvent {
  /** `clientDisconnected`, `forceDisconnected`, `networkDisconnected`, `mediaIdle` or `serverRotation`. */
  readonly reason: string;
}

/** `signal` and `signal:<type>`: the event `type` is `signal:<type>`, or `signal` without a type. */
export interface OTSignalEvent extends OTEvent {
  /** The payload. */
  readonly data?: string;
  /** The sender, or null for a signal sent by a server through the REST API. */
  readonly from: OTConnection | null;
}

/** `archiveStarted` / `archiveStopped` on a Session. */
export interface OTArchiveEvent extends OTEvent {
  /** The archive id. */
  readonly id: string;
  /** The archive name ('' when it has none). */
  readonly name: string;
}

/** `videoElementCreated` on a Publisher or a Subscriber. */
export interface OTVideoElementCreatedEvent extends OTEvent {
  /** The element that shows the video. */
  readonly element: HTMLElement;
}

/** Anything with OpenTok's `on`/`off`. */
export interface OTEventTarget {
  /** Adds a handler. The real SDK returns the emitter (its .d.ts says void). */
  on(type: string, handler: (event: OTEvent) => void, context?: object): unknown;
  /** Removes a handler (by reference; never call it without arguments on a shared object). */
  off(type?: string, handler?: (event: OTEvent) => void, context?: object): unknown;
}

/** Properties for `OT.initPublisher`; any other OpenTok publisher property passes through. */
export interface PublisherProperties {
  /** The name shown to others and carried by the stream. */
  name?: string;
  /** Start with audio on (default true). */
  publishAudio?: boolean;
  /** Start with video on (default true). */
  publishVideo?: boolean;
  /** Where OpenTok puts its element relative to the target. */
  insertMode?: 'replace' | 'after' | 'before' | 'append';
  /** false: OpenTok creates no UI, only a video element (see `videoElementCreated`). */
  insertDefaultUI?: boolean;
  /** Width of the element. */
  width?: string | number;
  /** Height of the element. */
  height?: string | number;
  /** Any other OpenTok publisher property. */
  [property: string]: unknown;
}

/** Properties for `session.subscribe`; any other OpenTok subscriber property passes through. */
export interface SubscriberProperties {
  /** Receive audio (default true). */
  subscribeToAudio?: boolean;
  /** Receive video (default true). */
  subscribeToVideo?: boolean;
  /** Where OpenTok puts its element relative to the target. */
  insertMode?: 'replace' | 'after' | 'before' | 'append';
  /** false: OpenTok creates no UI, only a video element (see `videoElementCreated`). */
  insertDefaultUI?: boolean;
  /** Width of the element. */
  width?: string | number;
  /** Height of the element. */
  height?: string | number;
  /** Any other OpenTok subscriber property. */
  [property: string]: unknown;
}

/** A Publisher, as far as this package uses it. */
export interface OTPublisher extends OTEventTarget {
  /** The published stream, once published. */
  readonly stream?: OTStream | undefined;
  /** OpenTok's element, when it inserted default UI. */
  readonly element?: HTMLElement | undefined;
  /** Stops the camera and removes the element. */
  destroy(): unknown;
  /** Starts (true) or stops (false) sending audio: mute and unmute the microphone. */
  publishAudio(enabled: boolean): unknown;
  /** Starts (true) or stops (false) sending video: the camera on and off. */
  publishVideo(enabled: boolean): unknown;
  /** Switches the camera in place (rejects with OpenTok's error names). */
  setVideoSource?(deviceId: string): Promise<unknown>;
  /** Switches the microphone in place (a device id or an audio track). */
  setAudioSource?(source: string): Promise<unknown>;
  /** What the video is and which camera sends it. */
  getVideoSource?(): { deviceId?: string | null; type?: string | null };
  /** The audio track being sent (a `MediaStreamTrack`), or null. */
  getAudioSource?(): unknown;
}

/** A Subscriber, as far as this package uses it. */
export interface OTSubscriber extends OTEventTarget {
  /** The stream it receives. */
  readonly stream?: OTStream | undefined;
  /** OpenTok's element, when it inserted default UI. */
  readonly element?: HTMLElement | undefined;
}

/** What `session.signal` takes. Omit a key rather than setting it to undefined (OpenTok rejects that). */
export interface OTSignalOptions {
  /** Letters, digits, `-`, `_`, `~` and `.`, at most 128 characters. */
  type?: string;
  /** At most 8192 characters once JSON-encoded. */
  data?: string;
  /** One recipient; everyone (including the sender) when absent. */
  to?: OTConnection;
}

/**
 * A Session, as far as this package uses it. Methods that take back an object the SDK created (a
 * publisher, a stream, a subscriber) type it `never`: each SDK (real, emulator, fake) accepts only
 * its own objects, and we only ever pass back what the same SDK gave us.
 */
export interface OTSession extends OTEventTarget {
  /** The session id. */
  readonly sessionId: string;
  /** Your own connection: null (or absent) until connected. */
  readonly connection?: OTConnection | null | undefined;
  /**
   * Connects; the callback never runs when already connecting or connected. The SDK keeps a
   * callback until a connect succeeds or fails: an interrupted connect's runs on the next outcome.
   */
  connect(token: string, callback?: (error?: OTError) => void): unknown;
  /** Disconnects; the real SDK returns a promise settled once disconnected. */
  disconnect(): unknown;
  /** Publishes; fails synchronously with OT_NOT_CONNECTED before connect. */
  publish(publisher: never, callback?: (error?: OTError) => void): unknown;
  /** Stops publishing a publisher. */
  unpublish(publisher: never): unknown;
  /** Subscribes; fails synchronously with OT_NOT_CONNECTED before connect. */
  subscribe(
    stream: never,
    target?: HTMLElement | string,
    properties?: SubscriberProperties,
    callback?: (error?: OTError) => void,
  ): OTSubscriber | null | undefined;
  /** Stops a subscriber. */
  unsubscribe(subscriber: never): unknown;
  /** Sends a signal. */
  signal(signal: OTSignalOptions, callback?: (error?: OTError) => void): unknown;
}

/** `OT.initSession` options a room passes through (`RoomClientOptions.sessionOptions`). */
export interface OTSessionOptions {
  /**
   * Routed sessions: all subscribers share one peer connection with the media router instead of
   * one each (Single Peer Connection; `@opentok/client` 2.29+). Default `false`.
   */
  singlePeerConnection?: boolean;
  /** Your TURN servers (the configurable TURN add-on). */
  iceConfig?: {
    includeServers: 'all' | 'custom';
    transportPolicy: 'all' | 'relay';
    customServers: Array<{ urls: string | string[]; username?: string; credential?: string }>;
  };
  /** The allowed IP list add-on is enabled for the project. */
  ipWhitelist?: boolean;
  /** End-to-end encryption: the secret every client of the session uses. */
  encryptionSecret?: string;
}

/** The `OT` object, as far as this package uses it: the real SDK, the emulator's client or the fake. */
export interface OTLike {
  /** Returns the one cached Session of this page for `sessionId` (options apply on first use). */
  initSession(apiKey: string, sessionId: string, options?: OTSessionOptions): OTSession;
  /** Starts the camera and microphone; the callback reports access errors. */
  initPublisher(
    target?: HTMLElement | string,
    properties?: PublisherProperties,
    callback?: (error?: OTError) => void,
  ): OTPublisher;
}
