import type { RoomAction } from './actions.js';
import type { RoomClientError } from './errors.js';
import type { Join } from './join.js';
import type { PublisherProperties } from './ot-types.js';
import type { DevicesInfo } from './snapshot-types.js';
import type {
  DisconnectReason,
  RoomClient,
  RoomClientOptions,
  RoomClientTimeouts,
} from './types.js';

/** What the media and session-event helpers need from the client that owns them. */
export interface Host {
  readonly _options: RoomClientOptions;
  readonly _timeouts: Required<RoomClientTimeouts>;
  /** The network dropped (true: connected → reconnecting) or came back (false: → connected). */
  _reconnecting(down: boolean): void;
  /**
   * Emits the action when it is one of our events (listeners run inside try/catch), then
   * `countChanged` when the counts changed, then tells the change listeners (the snapshot store)
   * once nothing is held. Call it after changing the state it describes.
   */
  _dispatch(...action: RoomAction): void;
  /** The devices chosen with roomDevices (`videoSource`, `audioSource`), for every camera start. */
  _sources: PublisherProperties;
  /** The device lists and choices, once roomDevices(room) is used (kept across joins). */
  _devices?: DevicesInfo;
  /** A moderator muted our microphone (the camera publisher's `muteForced`). */
  _muteForced(): void;
  /** The session dropped us after we were connected. */
  _lost(join: Join, reason: string): void;
}

/**
 * What opt-in modules (roomSnapshot, roomDevices, shareScreen) read of a room client: internal,
 * not public API. `_` members are shortened by the build.
 */
export interface RoomInternals extends RoomClient {
  readonly _host: Host;
  /** The current join. */
  readonly _join: Join | undefined;
  /** The join whose room the client shows: from its start until everything of it is released. */
  readonly _view: Join | undefined;
  /** Why the client is disconnected, and the error of the last failure or disconnect. */
  readonly _reason: DisconnectReason | undefined;
  readonly _error: RoomClientError | undefined;
  /** The connection id of the active speaker (with an `activeSpeaker` detector). */
  readonly _speaking: string | undefined;
  /** Counts every dispatch: a store recomputes only when it moved. */
  readonly _version: number;
  /** Adds a listener told after each change, once nothing is held (a join's initial burst is one). */
  _onChange(listener: () => void): () => void;
}
