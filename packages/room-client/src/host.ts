import type { RoomClientError } from './errors.js';
import type { Join } from './join.js';
import type { RoomClientEvents, RoomClientOptions, RoomClientTimeouts } from './types.js';

/** What the media and session-event helpers need from the client that owns them. */
export interface Host {
  readonly _options: RoomClientOptions;
  readonly _timeouts: Required<RoomClientTimeouts>;
  /** The network dropped (true: connected → reconnecting) or came back (false: → connected). */
  _reconnecting(down: boolean): void;
  /** Emits one of our events; listeners run inside try/catch. */
  _emit<K extends keyof RoomClientEvents>(event: K, ...args: Parameters<RoomClientEvents[K]>): void;
  /** Emits `countChanged` with the current counts. */
  _countChanged(): void;
  /** Records why publishing failed. */
  _publishFailed(error: RoomClientError): void;
  /** The session dropped us after we were connected. */
  _lost(join: Join, reason: string): void;
}
