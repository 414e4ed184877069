import { createArchiveMethods } from './archives/archive-methods.js';
import { archiveTransportOver } from './archives/archive-transport.js';
import { createRecordingMethods } from './archives/recording-methods.js';
import { resolveAccount } from './credentials.js';
import { invalidArgument, RoomError } from './errors.js';
import { type RoomServerFromEnvOptions, roomServerOptionsFromEnv } from './from-env.js';
import { startIdleExpiry } from './idle-expiry.js';
import { validateMetadata } from './metadata.js';
import { createModerationMethods } from './moderation-methods.js';
import { createAdapterForAccount } from './opentok/opentok-adapter.js';
import { createRestTransport } from './opentok/rest-transport.js';
import { createPresenceMethods } from './presence-methods.js';
import { assertRoomName } from './room-name.js';
import { ROOM_RECORD, SIGN_ASYNC } from './room-record-access.js';
import type {
  GetOrCreateRoomOptions,
  JoinRoomOptions,
  RoomResult,
  RoomServer,
  RoomServerOptions,
} from './room-server-types.js';
import {
  type ResolvedSessionOptions,
  resolveSessionOptions,
  sameSessionOptions,
} from './session-options.js';
import { createSingleFlight } from './single-flight.js';
import { guardStore } from './store/guarded-store.js';
import { memoryRoomStore } from './store/memory-room-store.js';
import type { RoomMetadata, RoomRecord } from './store/room-store.js';
import {
  resolveTokenOptions,
  TOKEN_OPTION_KEYS,
  type TokenOptions,
} from './token/token-options.js';
import { createSignerForAccount } from './token/token-signer.js';

/** {@link createRoomServer}: a function with a `fromEnv` helper. */
export interface CreateRoomServer {
  /**
   * Creates the room server: rooms backed by OpenTok / Vonage Video sessions, tokens, and a
   * pluggable store.
   *
   * @param options - credentials (`{ apiKey, apiSecret }` or `{ applicationId, privateKey }`),
   *   store, defaults, deadlines
   * @returns the room server
   * @throws RoomError `invalid_argument` for missing, mixed or malformed credentials or bad defaults
   */
  (options: RoomServerOptions): RoomServer;
  /**
   * Creates the room server with credentials and endpoint from environment variables
   * (`OPENTOK_API_KEY` + `OPENTOK_API_SECRET`, or `VONAGE_APPLICATION_ID` + `VONAGE_PRIVATE_KEY` or
   * `VONAGE_PRIVATE_KEY_PATH`; `OPENTOK_API_URL` / `VONAGE_VIDEO_API_URL`).
   *
   * @param options - everything but the credentials; `env` replaces `process.env`
   * @returns the room server
   * @throws RoomError `invalid_argument` listing what to set
   */
  fromEnv(options?: RoomServerFromEnvOptions): RoomServer;
}

/**
 * Creates the room server: rooms backed by OpenTok / Vonage Video sessions, tokens, and a pluggable
 * store. `createRoomServer.fromEnv()` reads the credentials from environment variables.
 *
 * @example
 * ```ts
 * const rooms = createRoomServer({ apiKey, apiSecret }); // OpenTok project
 * const vonageRooms = createRoomServer({ applicationId, privateKey }); // Vonage application
 * const fromEnv = createRoomServer.fromEnv(); // whichever the environment holds
 * const { sessionId, token } = await rooms.joinRoom('standup', { data: 'name=Ada' });
 * ```
 */
export const createRoomServer: CreateRoomServer = Object.assign(
  (options: RoomServerOptions) => createRoomServerFromOptions(options),
  {
    fromEnv: (options?: RoomServerFromEnvOptions) =>
      createRoomServerFromOptions(roomServerOptionsFromEnv(options)),
  },
);

function createRoomServerFromOptions(options: RoomServerOptions): RoomServer {
  if (typeof options !== 'object' || options === null) {
    throw invalidArgument(
      'options',
      'createRoomServer needs { apiKey, apiSecret } (OpenTok) or { applicationId, privateKey } (Vonage).',
    );
  }
  // Resolved once: the key is parsed here and stays in this closure.
  const account = resolveAccount(options);
  const apiKey = account.projectId;
  const sessionDefaults = resolveSessionOptions(options.sessionDefaults);
  const storeTimeoutMs = options.storeTimeoutMs ?? 5000;
  if (!Number.isInteger(storeTimeoutMs) || storeTimeoutMs <= 0) {
    throw invalidArgument('storeTimeoutMs', 'storeTimeoutMs must be a positive integer.');
  }
  const store = guardStore(options.store ?? memoryRoomStore(), storeTimeoutMs);
  const signer = createSignerForAccount(
    account,
    options.tokenFormat ? { format: options.tokenFormat } : {},
  );
  const adapter =
    options.adapter ??
    createAdapterForAccount(account, {
      ...(options.apiUrl === undefined ? {} : { apiUrl: options.apiUrl }),
      ...options.opentok,
    });
  const singleFlight = createSingleFlight<RoomResult>();
  const maxRooms = resolveMaxRooms(options.maxRooms, store);
  // Archives take the same host, auth, deadline and backoff; their retries are their own (archives/).
  const archiveRetries = {
    retries: options.opentok?.retries ?? 2,
    baseDelayMs: options.opentok?.retryBaseDelayMs ?? 200,
    maxDelayMs: options.opentok?.retryMaxDelayMs ?? 2000,
    random: Math.random,
  };
  const archiveTransport = archiveTransportOver(
    createRestTransport({
      account,
      ...(options.apiUrl === undefined ? {} : { apiUrl: options.apiUrl }),
      timeoutMs: options.opentok?.timeoutMs ?? 10_000,
      retries: 0,
      backoff: archiveRetries,
    }),
  );

  // Room creations this process has finished, so that a flight knows whether the miss that started
  // it may be stale: a creation that finished after that read was issued may have inserted the room.
  let creationsFinished = 0;
  // Creations of this process past the maxRooms check whose insert has not finished: they count
  // against the cap with the stored rooms, so concurrent creations cannot all pass one stale count.
  let reservedRooms = 0;

  /**
   * Takes one of the maxRooms places before an OpenTok session is spent on it.
   *
   * Each creation counts the places reserved when it starts, then the stored rooms. Of two
   * creations that overlap, the later one counts the earlier: as a place still reserved, or as a
   * stored room once its insert has finished (a finished insert precedes the later count). So within
   * this process neither rooms nor sessions go over the cap. (A place reserved by a creation that is
   * then refused is counted too: near the cap a burst may be refused a little early, never let over.)
   *
   * @returns the release, to call once the insert has finished or failed
   * @throws RoomError `capacity_reached`
   */
  async function reserveRoom(): Promise<() => void> {
    if (maxRooms === undefined) return () => {};
    const othersReserved = reservedRooms++;
    let released = false;
    const release = () => {
      if (!released) {
        released = true;
        reservedRooms--;
      }
    };
    try {
      if ((await store.countRooms!()) + othersReserved >= maxRooms) {
        throw new RoomError(
          'capacity_reached',
          `This server holds its maximum of ${maxRooms} rooms; delete or expire some first.`,
        );
      }
    } catch (error) {
      release();
      throw error;
    }
    return release;
  }

  async function createRoom(
    name: string,
    session: ResolvedSessionOptions,
    metadata: RoomMetadata,
    missedAt: number,
  ): Promise<RoomResult> {
    // A room this process created since the miss wins before we spend a session on it. (Another
    // process's creation is caught by insertIfAbsent below, a read here would only narrow that
    // window: the first join of a room makes one read and one insert.)
    if (missedAt !== creationsFinished) {
      const existing = await store.get(name);
      if (existing) return { room: existing, created: false };
    }
    const release = await reserveRoom();
    try {
      const sessionId = await adapter.createSession(session);
      const record: RoomRecord = {
        name,
        sessionId,
        sessionOptions: session,
        metadata,
        createdAt: new Date().toISOString(),
      };
      // The loser of a race between processes adopts the winner's session.
      try {
        const { room, inserted } = await store.insertIfAbsent(record);
        return { room, created: inserted };
      } finally {
        // Counted even when the insert failed: it may have happened all the same.
        creationsFinished++;
      }
    } finally {
      release();
    }
  }

  /** `missedAt`: the caller has just read no room of this name, when `creationsFinished` was that. */
  async function getOrCreate(
    name: string,
    roomOptions: GetOrCreateRoomOptions,
    missedAt: number | undefined,
  ): Promise<RoomResult> {
    assertRoomName(name);
    if (typeof roomOptions !== 'object' || roomOptions === null) {
      throw invalidArgument('options', 'Room options must be an object.');
    }
    const requested = resolveSessionOptions(roomOptions.session, sessionDefaults);
    const metadata =
      roomOptions.metadata === undefined ? {} : validateMetadata(roomOptions.metadata);
    let room: RoomRecord | undefined;
    let missed = missedAt;
    if (missed === undefined) {
      missed = creationsFinished;
      room = await store.get(name);
    }
    let created = false;
    if (!room) {
      const flightMissedAt = missed;
      const flight = await singleFlight(name, () =>
        createRoom(name, requested, metadata, flightMissedAt),
      );
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

  const presenceMethods = createPresenceMethods(store);
  const stopIdleExpiry = options.idleExpiry
    ? startIdleExpiry(presenceMethods.expireIdleRooms, options.idleExpiry)
    : undefined;

  return {
    apiKey,
    accountKind: account.kind,
    getOrCreateRoom: (name, roomOptions = {}) => getOrCreate(name, roomOptions, undefined),
    async getRoom(name) {
      assertRoomName(name);
      const room = await store.get(name);
      return room && { ...room, recording: await store.getRecording(room.sessionId) };
    },
    // Not in the public type: the HTTP join's one read and its signing (src/room-record-access.ts).
    ...{
      [ROOM_RECORD]: (name: string) => {
        assertRoomName(name);
        return store.get(name);
      },
      [SIGN_ASYNC]: signer.signAsync,
    },
    async issueToken(name, tokenOptions) {
      assertRoomName(name);
      const room = await store.get(name);
      if (!room) throw new RoomError('not_found', `Room "${name}" does not exist.`);
      return signer.signAsync(room.sessionId, tokenOptions);
    },
    async joinRoom(name, joinOptions = {}) {
      if (typeof joinOptions !== 'object' || joinOptions === null) {
        throw invalidArgument('options', 'Join options must be an object.');
      }
      // Options with no room key are token options as they are: no copy on the hot path.
      let roomKeys = false;
      for (const key of Object.keys(joinOptions)) {
        if (!JOIN_OPTION_KEYS.has(key)) throw invalidArgument(key, `Unknown join option "${key}".`);
        if (key === 'session' || key === 'metadata') roomKeys = true;
      }
      assertRoomName(name);
      const tokenOptions: TokenOptions = roomKeys ? pickTokenOptions(joinOptions) : joinOptions;
      const hasRoomOptions =
        joinOptions.session !== undefined || joinOptions.metadata !== undefined;
      // The hot path, an existing room: one store read, and the signer checks the token options.
      const missedAt = creationsFinished;
      const existing = hasRoomOptions ? undefined : await store.get(name);
      if (existing) {
        // The hot path pays no extra turn for an OpenTok project's HMAC (a few µs): only RSA
        // goes to the thread pool.
        const issued =
          account.kind === 'vonage'
            ? await signer.signAsync(existing.sessionId, tokenOptions)
            : signer.sign(existing.sessionId, tokenOptions);
        return { room: name, created: false, ...issued };
      }
      // Check the token options before anything is created: bad input creates nothing.
      resolveTokenOptions(tokenOptions, Math.round(Date.now() / 1000));
      const roomOptions: GetOrCreateRoomOptions = {};
      if (joinOptions.session !== undefined) roomOptions.session = joinOptions.session;
      if (joinOptions.metadata !== undefined) roomOptions.metadata = joinOptions.metadata;
      // Without room options the read above was the miss: a new room costs no second read.
      const { room, created } = await getOrCreate(
        name,
        roomOptions,
        hasRoomOptions ? undefined : missedAt,
      );
      return {
        room: room.name,
        created,
        ...(await signer.signAsync(room.sessionId, tokenOptions)),
      };
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
    ...presenceMethods,
    ...createModerationMethods(store, adapter),
    ...createRecordingMethods(store),
    ...createArchiveMethods(store, archiveTransport, apiKey, archiveRetries),
    async close() {
      await stopIdleExpiry?.();
      await store.close?.();
    },
  };
}

/** The default of {@link RoomServerOptions.maxRooms}. */
const DEFAULT_MAX_ROOMS = 10_000;

/** `maxRooms` as given or the default; undefined is no cap (`Infinity`, or a store that cannot count). */
function resolveMaxRooms(
  maxRooms: number | undefined,
  store: { countRooms?: unknown },
): number | undefined {
  if (maxRooms === Infinity) return undefined;
  if (maxRooms === undefined) return store.countRooms ? DEFAULT_MAX_ROOMS : undefined;
  if (!Number.isInteger(maxRooms) || maxRooms < 1) {
    throw invalidArgument(
      'maxRooms',
      'maxRooms must be a positive integer, or Infinity for no cap.',
    );
  }
  if (!store.countRooms) {
    throw invalidArgument('maxRooms', 'maxRooms needs a store with countRooms().');
  }
  return maxRooms;
}

const JOIN_OPTION_KEYS: ReadonlySet<string> = new Set<string>([
  ...TOKEN_OPTION_KEYS,
  'session',
  'metadata',
]);

function describe(options: ResolvedSessionOptions): string {
  const parts = [
    `mediaMode ${options.mediaMode}`,
    `archiveMode ${options.archiveMode}`,
    `e2ee ${options.e2ee}`,
  ];
  if (options.location) parts.push(`location ${options.location}`);
  return parts.join(', ');
}
