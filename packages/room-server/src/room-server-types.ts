import type { KeyObject } from 'node:crypto';
import type { Archive, RoomArchiveMethods } from './archives/archive-types.js';
import type { AccountKind } from './opentok/account.js';
import type { OpenTokAdapter, OpenTokCallOptions } from './opentok/opentok-adapter.js';
import type { SessionEvent } from './session-event.js';
import type { SessionOptions } from './session-options.js';
import type { RoomSignal } from './signal-options.js';
import type { SessionPresence } from './store/presence.js';
import type { RoomRecording } from './store/recording.js';
import type { RoomMetadata, RoomPage, RoomRecord, RoomStore } from './store/room-store.js';
import type { TokenFormat, TokenOptions } from './token/token-options.js';
import type { IssuedToken } from './token/token-signer.js';

/**
 * Options of {@link createRoomServer}. Credentials: `{ apiKey, apiSecret }` for an OpenTok project,
 * or `{ applicationId, privateKey }` for a Vonage application; one pair, never parts of both. (A
 * UUID `apiKey` with a PEM `apiSecret` is taken as a Vonage application, as the `opentok` SDK does.)
 */
export interface RoomServerOptions {
  /** Your OpenTok project's API key. */
  apiKey?: string;
  /** Your OpenTok project's API secret. It never leaves the server object. */
  apiSecret?: string;
  /** Your Vonage application ID (a UUID). */
  applicationId?: string;
  /**
   * Your Vonage application's RSA private key: the PEM text of `private.key` or a KeyObject. Parsed
   * once at construction; it never leaves the server object.
   */
  privateKey?: string | KeyObject;
  /**
   * Where REST calls go: the emulator's `url`, or a regional endpoint. Default
   * `https://api.opentok.com` (OpenTok) or `https://video.api.vonage.com` (Vonage).
   */
  apiUrl?: string;
  /** Where rooms live. Default `memoryRoomStore()`. */
  store?: RoomStore;
  /** Session options for rooms created without their own. Default `{ mediaMode: 'routed' }`. */
  sessionDefaults?: SessionOptions;
  /** Default token format. Default `'jwt'`. */
  tokenFormat?: TokenFormat;
  /** Deadline and retries of OpenTok calls. */
  opentok?: OpenTokCallOptions;
  /** Deadline of one store call. Default 5000 ms. */
  storeTimeoutMs?: number;
  /** Replaces the OpenTok adapter (tests, or a custom transport). */
  adapter?: OpenTokAdapter;
  /**
   * The most rooms the store may hold; creating one more fails with `capacity_reached` (HTTP 503)
   * before any OpenTok session is made. Default 10,000 with a store that has `countRooms` (all three
   * of ours), no cap with one that has not; `Infinity` turns the cap off.
   *
   * Within one process the cap holds under any concurrency, for rooms and sessions alike: creations
   * between their check and their insert count with the stored rooms. Processes sharing a store
   * each see the stored rooms but not each other's creations in flight, so together they may go over
   * by the creations the others have in flight at a check (each is in flight for about one
   * `createSession` call): never more than N × `maxRooms` rooms with N processes.
   */
  maxRooms?: number;
  /** Deletes idle rooms on a timer (stopped by `close()`). Default off. */
  idleExpiry?: IdleExpiryOptions;
}

/** Options of {@link RoomServerOptions.idleExpiry}: {@link RoomServer.expireIdleRooms} on a timer. */
export interface IdleExpiryOptions {
  /** How long a room must have been empty and quiet, in milliseconds. */
  idleForMs: number;
  /** How long a room no one ever connected to lives. Default `idleForMs`. */
  unusedForMs?: number;
  /** How often to sweep. Default a quarter of the shorter of the two, at most every minute. */
  everyMs?: number;
  /** Told the names of the rooms each sweep deleted. */
  onExpired?: (names: string[]) => void;
  /** Told when a sweep fails (the next one runs anyway). */
  onError?: (error: unknown) => void;
}

/** Options of {@link RoomServer.getOrCreateRoom}. */
export interface GetOrCreateRoomOptions {
  /** Options of the session, used when the room is created. */
  session?: SessionOptions;
  /** Initial metadata, used when the room is created. */
  metadata?: RoomMetadata;
}

/** What {@link RoomServer.getOrCreateRoom} answers. */
export interface RoomResult {
  room: RoomRecord;
  /** True when this call created the room. */
  created: boolean;
}

/** Options of {@link RoomServer.joinRoom}: the token's and the room's. */
export interface JoinRoomOptions extends TokenOptions, GetOrCreateRoomOptions {}

/** What a client needs to join a room. */
export interface JoinResult extends IssuedToken {
  /** The room name. */
  room: string;
  /** True when this join created the room. */
  created: boolean;
}

/** Options of {@link RoomServer.listRooms}. */
export interface ListRoomsQuery {
  /** 1 to 1000. Default 50. */
  limit?: number;
  /** The `nextCursor` of the page before. */
  cursor?: string;
}

/** Rooms and tokens for one OpenTok project. */
export interface RoomServer extends RoomArchiveMethods {
  /**
   * What clients pass to `OT.initSession`: the OpenTok API key or the Vonage application ID (safe
   * to show to clients).
   */
  readonly apiKey: string;
  /** Which kind of account this server signs for. */
  readonly accountKind: AccountKind;
  /**
   * Returns the room, creating it and its OpenTok session when it does not exist. Concurrent calls
   * for a new room create one session.
   *
   * @throws RoomError `invalid_argument`, `conflict`, `opentok_*`, `timeout`, `store_unavailable`
   */
  getOrCreateRoom(name: string, options?: GetOrCreateRoomOptions): Promise<RoomResult>;
  /** @returns the room and whether it is being recorded, or undefined when there is none */
  getRoom(name: string): Promise<RoomDetails | undefined>;
  /**
   * Issues a token for an existing room.
   *
   * @throws RoomError `not_found` when there is no such room, `invalid_argument` for bad options
   */
  issueToken(name: string, options?: TokenOptions): Promise<IssuedToken>;
  /**
   * Get-or-create plus a token, in one call: what a join endpoint answers.
   *
   * @throws RoomError as {@link RoomServer.getOrCreateRoom} and {@link RoomServer.issueToken}
   */
  joinRoom(name: string, options?: JoinRoomOptions): Promise<JoinResult>;
  /**
   * Signs a token for a session id you hold, with no store lookup.
   *
   * @throws RoomError `invalid_argument`
   */
  createToken(sessionId: string, options?: TokenOptions): IssuedToken;
  /** @returns true when the room existed */
  deleteRoom(name: string): Promise<boolean>;
  /** @returns one page of rooms, ordered by name */
  listRooms(query?: ListRoomsQuery): Promise<RoomPage>;
  /**
   * Replaces a room's metadata.
   *
   * @throws RoomError `not_found`, `invalid_argument`
   */
  setRoomMetadata(name: string, metadata: RoomMetadata): Promise<RoomRecord>;
  /**
   * Records a session-monitoring callback from OpenTok: presence of the session's connections and
   * streams, idempotent under repeated and reordered deliveries.
   *
   * @param event - the callback body (validated here)
   * @returns whether the event changed presence (session events do not)
   * @throws RoomError `invalid_argument` for a body that is not a session event
   */
  recordSessionEvent(event: unknown): Promise<{ recorded: boolean; event: SessionEvent }>;
  /**
   * Records an archive status callback from OpenTok (`event: 'archive'`): the room's recording
   * state, idempotent under repeated and reordered deliveries.
   *
   * @param event - the callback body (validated here)
   * @returns the archive it describes
   * @throws RoomError `invalid_argument` for a body that is not an archive callback
   */
  recordArchiveEvent(event: unknown): Promise<{ archive: Archive }>;
  /**
   * Whether a room is being recorded now, as the archive callbacks received tell it.
   *
   * @throws RoomError `not_found`
   */
  getRecording(name: string): Promise<RoomRecording>;
  /**
   * Who is in a room now, as the session-monitoring callbacks received tell it.
   *
   * @throws RoomError `not_found`
   */
  getPresence(name: string): Promise<SessionPresence>;
  /**
   * Deletes the rooms in which no one is connected and nothing happened for `idleForMs`
   * (counting from creation for rooms that never saw a callback).
   *
   * @returns the names of the deleted rooms
   */
  expireIdleRooms(options: ExpireIdleRoomsOptions): Promise<string[]>;
  /**
   * Disconnects one connection from a room's session.
   *
   * @throws RoomError `not_found`, `opentok_*`, `timeout`
   */
  forceDisconnect(name: string, connectionId: string): Promise<void>;
  /**
   * Sends a signal to every client of a room, or to one connection (`to`).
   *
   * @throws RoomError `invalid_argument`, `not_found`, `opentok_*`, `timeout`
   */
  signal(name: string, signal: RoomSignal): Promise<void>;
  /**
   * Mutes the audio of every stream in a room but the excluded ones.
   *
   * @throws RoomError `not_found`, `opentok_*`, `timeout`
   */
  muteAll(name: string, options?: { excludedStreamIds?: readonly string[] }): Promise<void>;
  /** Closes the store when it has a `close`. */
  close(): Promise<void>;
}

/** A room with what the archive callbacks tell about it. */
export interface RoomDetails extends RoomRecord {
  /** Whether it is being recorded now. */
  readonly recording: RoomRecording;
}

/** Options of {@link RoomServer.expireIdleRooms}. */
export interface ExpireIdleRoomsOptions {
  /** How long a room must have been empty and quiet, in milliseconds. */
  idleForMs: number;
  /**
   * How long a room no one ever connected to lives, from its creation (rooms made by a join whose
   * client never connected, or by a script). Default `idleForMs`.
   */
  unusedForMs?: number;
  /** The current time (tests). Default `Date.now()`. */
  now?: number;
}
