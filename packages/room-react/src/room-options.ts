import type {
  ActiveSpeakerDetector,
  MediaDevicesLike,
  OTLike,
  PublisherProperties,
  RoomClient,
  RoomClientOptions,
  RoomClientTimeouts,
  RoomCredentials,
  SubscriberProperties,
} from '@opentok-rooms/room-client';

/**
 * Options of {@link useRoomClient} and `<Room>`. An option given as `undefined` is the same as
 * leaving it out (React props): `OT={undefined}` loads `@opentok/client` like no `OT` at all.
 */
export interface RoomOptions {
  /**
   * Which room: one client per value. When it changes, the old room is left before the new one is
   * joined. Every other option except `credentials`, `joinUrl`, `joinData` and `onError` is read
   * when the client for a room is created.
   */
  room: string;
  /** The credentials, or a (possibly async) function returning them. Or use `joinUrl`. */
  credentials?: RoomCredentials | (() => RoomCredentials | Promise<RoomCredentials>) | undefined;
  /** A join endpoint on your server (POST, answers `{ apiKey, sessionId, token }`). */
  joinUrl?: string | undefined;
  /** Connection data to request from `joinUrl` (e.g. `JSON.stringify({ name })`). */
  joinData?: string | undefined;
  /** Whether to be in the room (default `true`); `false` leaves it (or never joins). */
  connect?: boolean | undefined;
  /**
   * The OpenTok SDK; by default (absent or `undefined`) room-client loads `@opentok/client`
   * lazily in the browser. Unlike room-client's `createRoomClient({ OT: undefined })`, which fails
   * the join: for a script that may not have loaded, pass `connect={false}` until `window.OT` is
   * there rather than `OT={window.OT}`.
   */
  OT?: OTLike | undefined;
  /** `OT.initPublisher` properties, or `false` to join receive-only. */
  publisher?: PublisherProperties | false | undefined;
  /** `session.subscribe` properties. */
  subscriber?: SubscriberProperties | undefined;
  /** `false` to subscribe only on request, or a filter; default: every remote stream. */
  autoSubscribe?: RoomClientOptions['autoSubscribe'] | undefined;
  /**
   * Active-speaker detection: pass room-client's `activeSpeakerDetector()` (with thresholds if
   * you like) to make `useActiveSpeaker`, `useIsSpeaking` and the tiles' `data-speaking` real.
   * Without it no audio-level listener is attached and the detector's code is not in your bundle.
   */
  activeSpeaker?: ActiveSpeakerDetector | undefined;
  /**
   * Where `useDevices` lists devices and hears `devicechange` (default `navigator.mediaDevices`;
   * the fake's `OT.mediaDevices` in tests).
   */
  mediaDevices?: MediaDevicesLike | undefined;
  /** Deadlines; see room-client's `RoomClientTimeouts`. */
  timeouts?: RoomClientTimeouts | undefined;
  /**
   * Called when a join fails (the error is also in the snapshot's `error`, see `useRoomState`).
   * A join cancelled by leaving is no failure.
   */
  onError?: ((error: unknown) => void) | undefined;
  /**
   * Creates the client (default room-client's `createRoomClient`): to wrap or instrument it. The
   * options it gets place video with `onElement`, which `<VideoTile>` relies on.
   */
  createClient?: ((options: RoomClientOptions) => RoomClient) | undefined;
}
