import type { ResolvedSessionOptions } from '../session-options.js';
import type { PresenceChange, SessionPresence } from './presence.js';
import type { ArchiveStatusChange, RoomRecording } from './recording.js';

/** A JSON value, as room metadata holds it. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/** Free-form data an app keeps with a room (a topic, an owner, …); a JSON object. */
export type RoomMetadata = { readonly [key: string]: JsonValue };

/** A room as a store keeps it. */
export interface RoomRecord {
  /** The room name (see the naming rule in the README). */
  readonly name: string;
  /** The OpenTok session behind the room. */
  readonly sessionId: string;
  /** The options the session was created with. */
  readonly sessionOptions: ResolvedSessionOptions;
  /** App data kept with the room. */
  readonly metadata: RoomMetadata;
  /** When the room was created, ISO 8601. */
  readonly createdAt: string;
}

/** What {@link RoomStore.insertIfAbsent} answers. */
export interface InsertRoomResult {
  /** The stored room: the one given, or the one that was already there. */
  readonly room: RoomRecord;
  /** True when this call stored the room. */
  readonly inserted: boolean;
}

/** Which page of rooms to list. */
export interface ListRoomsOptions {
  /** How many rooms at most, 1 to 1000. */
  readonly limit: number;
  /** Where to go on from: the `nextCursor` of the page before. */
  readonly cursor?: string;
}

/** A page of rooms, ordered by name (ascending, by UTF-16 code unit). */
export interface RoomPage {
  readonly rooms: readonly RoomRecord[];
  /** Present when more rooms follow; pass it as `cursor` to get them. */
  readonly nextCursor?: string;
}

/**
 * Where rooms live. Implementations must make {@link RoomStore.insertIfAbsent} atomic: of any number
 * of concurrent inserts of one name, across every process sharing the store, exactly one stores its
 * record and every other gets that record back. Run `describeRoomStoreConformance` from
 * `@opentok-rooms/room-server/testing` against yours.
 */
export interface RoomStore {
  /**
   * Stores the room unless one with the same name exists.
   *
   * @param room - the room to store
   * @returns the stored room and whether this call stored it
   */
  insertIfAbsent(room: RoomRecord): Promise<InsertRoomResult>;
  /**
   * @param name - the room name
   * @returns the room, or undefined
   */
  get(name: string): Promise<RoomRecord | undefined>;
  /**
   * Deletes the room and the presence recorded for its session.
   *
   * @param name - the room name
   * @returns true when the room existed
   */
  delete(name: string): Promise<boolean>;
  /**
   * @param options - page size and cursor
   * @returns one page of rooms, ordered by name
   */
  list(options: ListRoomsOptions): Promise<RoomPage>;
  /**
   * Replaces a room's metadata.
   *
   * @param name - the room name
   * @param metadata - the new metadata
   * @returns the updated room, or undefined when there is no such room
   */
  setMetadata(name: string, metadata: RoomMetadata): Promise<RoomRecord | undefined>;
  /**
   * Records a change in a session's presence, atomically and idempotently: the same change twice
   * counts once, and a `destroyed` that arrives before its `created` wins (the id stays gone).
   *
   * @param sessionId - the OpenTok session
   * @param change - the connection or stream that appeared or went away
   */
  recordPresence(sessionId: string, change: PresenceChange): Promise<void>;
  /**
   * @param sessionId - the OpenTok session
   * @returns who is in the session now (empty when nothing was recorded)
   */
  getPresence(sessionId: string): Promise<SessionPresence>;
  /**
   * How many rooms the store holds: what `maxRooms` of `createRoomServer` needs. Optional, for
   * stores written before it; a server with `maxRooms` refuses a store without it.
   *
   * @returns the number of rooms
   */
  countRooms?(): Promise<number>;
  /**
   * Records an archive status change of a session, atomically and idempotently: the same change
   * twice counts once, and a change never moves an archive back (a late `started` after `stopped`
   * is ignored); within one stage the later `at` wins.
   *
   * @param sessionId - the OpenTok session
   * @param change - the archive and its new status
   */
  recordArchiveStatus(sessionId: string, change: ArchiveStatusChange): Promise<void>;
  /**
   * @param sessionId - the OpenTok session
   * @returns whether it is being recorded, and by which archive
   */
  getRecording(sessionId: string): Promise<RoomRecording>;
  /** Releases what the store holds (connections it opened itself). */
  close?(): Promise<void>;
}
