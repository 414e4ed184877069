import { invalidArgument, RoomError } from './errors.js';
import { validateMetadata } from './metadata.js';
import {
  createOpenTokAdapter,
  type OpenTokAdapter,
  type OpenTokCallOptions,
} from './opentok/opentok-adapter.js';
import { assertRoomName } from './room-name.js';
import {
  type ResolvedSessionOptions,
  resolveSessionOptions,
  type SessionOptions,
  sameSessionOptions,
} from './session-options.js';
import { createSingleFlight } from './single-flight.js';
import { guardStore } from './store/guarded-store.js';
import { memoryRoomStore } from './store/memory-room-store.js';
import type { RoomMetadata, RoomPage, RoomRecord, RoomStore } from './store/room-store.js';
import { resolveTokenOptions, type TokenFormat, type TokenOptions } from './token/token-options.js';
import { assertCredentials, createTokenSigner, type IssuedToken } from './token/token-signer.js';

/** Options of {@link createRoomServer}. */
export interface RoomServerOptions {
  /** Your OpenTok project's API key. */
  apiKey: string;
  /** Your OpenTok project's API secret. It never leaves the server object. */
  apiSecret: string;
  /** Where the SDK sends REST calls: the emulator's `url`, or a regional endpoint. */
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
export interface RoomServer {
  /** The project's API key (safe to show to clients). */
  readonly apiKey: string;
  /**
   * Returns the room, creating it and its OpenTok session when it does not exist. Concurrent calls
   * for a new room create one session.
   *
   * @throws RoomError `invalid_argument`, `conflict`, `opentok_*`, `timeout`, `store_unavailable`
   */
  getOrCreateRoom(name: string, options?: GetOrCreateRoomOptions): Promise<RoomResult>;
  /** @returns the room, or undefined when there is none */
  getRoom(name: string): Promise<RoomRecord | undefined>;
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
  /** Closes the store when it has a `close`. */
  close(): Promise<void>;
}

const TOKEN_OPTION_KEYS = [
  'role',
  'data',
  'expiresIn',
  'expireTime',
  'initialLayoutClassList',
  'format',
] as const;

/**
 * Creates the room server: rooms backed by OpenTok sessions, tokens, and a pluggable store.
 *
 * @param options - credentials, store, defaults, deadlines
 * @returns the room server
 * @throws RoomError `invalid_argument` for missing credentials or bad defaults
 * @example
 * ```ts
 * const rooms = createRoomServer({ apiKey, apiSecret });
 * const { sessionId, token } = await rooms.joinRoom('standup', { data: 'name=Ada' });
 * ```
 */
export function createRoomServer(options: RoomServerOptions): RoomServer {
  if (typeof options !== 'object' || options === null) {
    throw invalidArgument('options', 'createRoomServer needs { apiKey, apiSecret }.');
  }
  const { apiKey, apiSecret } = options;
  assertCredentials(apiKey, apiSecret);
  const sessionDefaults = resolveSessionOptions(options.sessionDefaults);
  const storeTimeoutMs = options.storeTimeoutMs ?? 5000;
  if (!Number.isInteger(storeTimeoutMs) || storeTimeoutMs <= 0) {
    throw invalidArgument('storeTimeoutMs', 'storeTimeoutMs must be a positive integer.');
  }
  const store = guardStore(options.store ?? memoryRoomStore(), storeTimeoutMs);
  const signerOptions = {
    apiKey,
    apiSecret,
    ...(options.tokenFormat ? { format: options.tokenFormat } : {}),
  };
  const signer = createTokenSigner(signerOptions);
  const adapter =
    options.adapter ??
    createOpenTokAdapter({
      apiKey,
      apiSecret,
      ...(options.apiUrl === undefined ? {} : { apiUrl: options.apiUrl }),
      ...options.opentok,
    });
  const singleFlight = createSingleFlight<RoomResult>();

  async function createRoom(
    name: string,
    session: ResolvedSessionOptions,
    metadata: RoomMetadata,
  ): Promise<RoomResult> {
    // A room created by another process meanwhile wins before we spend a session on it.
    const existing = await store.get(name);
    if (existing) return { room: existing, created: false };
    const sessionId = await adapter.createSession(session);
    const record: RoomRecord = {
      name,
      sessionId,
      sessionOptions: session,
      metadata,
      createdAt: new Date().toISOString(),
    };
    // The loser of a race between processes adopts the winner's session.
    const { room, inserted } = await store.insertIfAbsent(record);
    return { room, created: inserted };
  }

  async function getOrCreateRoom(
    name: string,
    roomOptions: GetOrCreateRoomOptions = {},
  ): Promise<RoomResult> {
    assertRoomName(name);
    if (typeof roomOptions !== 'object' || roomOptions === null) {
      throw invalidArgument('options', 'Room options must be an object.');
    }
    const requested = resolveSessionOptions(roomOptions.session, sessionDefaults);
    const metadata =
      roomOptions.metadata === undefined ? {} : validateMetadata(roomOptions.metadata);
    let room = await store.get(name);
    let created = false;
    if (!room) {
      const flight = await singleFlight(name, () => createRoom(name, requested, metadata));
      room = flight.value.room;
      // Callers that joined another caller's flight did not create the room.
      created = flight.leader && flight.value.created;
    }
    if (roomOptions.session !== undefined && !sameSessionOptions(room.sessionOptions, requested)) {
      throw new RoomError(
        'conflict',
        `Room "${name}" exists with other session options (${describe(room.sessionOptions)}).`,
      );
    }
    return { room, created };
  }

  function pickTokenOptions(joinOptions: JoinRoomOptions): TokenOptions {
    const tokenOptions: Record<string, unknown> = {};
    for (const key of TOKEN_OPTION_KEYS) {
      if (joinOptions[key] !== undefined) tokenOptions[key] = joinOptions[key];
    }
    return tokenOptions as TokenOptions;
  }

  return {
    apiKey,
    getOrCreateRoom,
    async getRoom(name) {
      assertRoomName(name);
      return store.get(name);
    },
    async issueToken(name, tokenOptions) {
      assertRoomName(name);
      const room = await store.get(name);
      if (!room) throw new RoomError('not_found', `Room "${name}" does not exist.`);
      return signer.sign(room.sessionId, tokenOptions);
    },
    async joinRoom(name, joinOptions = {}) {
      if (typeof joinOptions !== 'object' || joinOptions === null) {
        throw invalidArgument('options', 'Join options must be an object.');
      }
      for (const key of Object.keys(joinOptions)) {
        if (
          !(TOKEN_OPTION_KEYS as readonly string[]).includes(key) &&
          key !== 'session' &&
          key !== 'metadata'
        ) {
          throw invalidArgument(key, `Unknown join option "${key}".`);
        }
      }
      const tokenOptions = pickTokenOptions(joinOptions);
      assertRoomName(name);
      // Check the token options before anything is created: bad input creates nothing.
      resolveTokenOptions(tokenOptions, Math.round(Date.now() / 1000));
      const roomOptions: GetOrCreateRoomOptions = {};
      if (joinOptions.session !== undefined) roomOptions.session = joinOptions.session;
      if (joinOptions.metadata !== undefined) roomOptions.metadata = joinOptions.metadata;
      const { room, created } = await getOrCreateRoom(name, roomOptions);
      return { room: room.name, created, ...signer.sign(room.sessionId, tokenOptions) };
    },
    createToken(sessionId, tokenOptions) {
      return signer.sign(sessionId, tokenOptions);
    },
    async deleteRoom(name) {
      assertRoomName(name);
      return store.delete(name);
    },
    async listRooms(query = {}) {
      const limit = query.limit ?? 50;
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
        throw invalidArgument('limit', 'limit must be an integer from 1 to 1000.');
      }
      if (query.cursor !== undefined && (typeof query.cursor !== 'string' || query.cursor === '')) {
        throw invalidArgument('cursor', 'cursor must be the nextCursor of an earlier page.');
      }
      return store.list(query.cursor === undefined ? { limit } : { limit, cursor: query.cursor });
    },
    async setRoomMetadata(name, metadata) {
      assertRoomName(name);
      const room = await store.setMetadata(name, validateMetadata(metadata));
      if (!room) throw new RoomError('not_found', `Room "${name}" does not exist.`);
      return room;
    },
    async close() {
      await store.close?.();
    },
  };
}

function describe(options: ResolvedSessionOptions): string {
  const parts = [
    `mediaMode ${options.mediaMode}`,
    `archiveMode ${options.archiveMode}`,
    `e2ee ${options.e2ee}`,
  ];
  if (options.location) parts.push(`location ${options.location}`);
  return parts.join(', ');
}
