import type { Join } from './join.js';
import type { PublisherProperties } from './ot-types.js';
import type { RoomAction } from './snapshot.js';
import type { RoomSnapshot } from './snapshot-types.js';
import type { RoomClientOptions, RoomClientTimeouts } from './types.js';

/** What the media and session-event helpers need from the client that owns them. */
export interface Host {
  readonly _options: RoomClientOptions;
  readonly _timeouts: Required<RoomClientTimeouts>;
  /** The network dropped (true: connected → reconnecting) or came back (false: → connected). */
  _reconnecting(down: boolean): void;
  /**
   * Runs the transition function, then emits the action when it is one of our events (listeners
   * run inside try/catch), then `countChanged` when the counts changed, then tells the snapshot
   * listeners.
   */
  _dispatch(...action: RoomAction): void;
  /** The current snapshot. */
  _snapshot(): RoomSnapshot;
  /** The devices chosen with roomDevices (`videoSource`, `audioSource`), for every camera start. */
  _sources: PublisherProperties;
  /** A moderator muted our microphone (the camera publisher's `muteForced`). */
  _muteForced(): void;
  /** The session dropped us after we were connected. */
  _lost(join: Join, reason: string): void;
}

/** What opt-in modules (roomDevices, shareScreen) read of a room client: internal, not public API. */
export interface RoomInternals {
  readonly _host: Host;
  readonly _join: Join | undefined;
}
