/**
 * Rooms backed by OpenTok sessions: `createRoomServer`, tokens, stores, typed errors.
 *
 * @module @opentok-rooms/room-server
 */
export type {
  Archive,
  ArchiveLayout,
  ArchivePage,
  ArchiveStatus,
  ArchiveStream,
  ListArchivesOptions,
  RoomArchiveMethods,
  StartArchiveOptions,
} from './archives/archive-types.js';
export type {
  OpenTokCredentials,
  RoomServerCredentials,
  VonageCredentials,
} from './credentials.js';
export type {
  RoomErrorCode,
  RoomErrorJSON,
  RoomErrorOptions,
} from './errors.js';
export { isRoomError, RoomError } from './errors.js';
export type {
  CredentialsFromEnvOptions,
  Environment,
  EnvironmentCredentials,
  RoomServerFromEnvOptions,
} from './from-env.js';
export { credentialsFromEnv } from './from-env.js';
export type {
  MemoryRateLimitStoreOptions,
  RateLimitHit,
  RateLimitStore,
} from './limits/rate-limit-store.js';
export { memoryRateLimitStore } from './limits/rate-limit-store.js';
export { MAX_METADATA_BYTES } from './metadata.js';
export type { AccountKind } from './opentok/account.js';
export { DEFAULT_OPENTOK_API_URL, DEFAULT_VONAGE_API_URL } from './opentok/account.js';
export type {
  OpenTokAdapter,
  OpenTokAdapterOptions,
  OpenTokCallOptions,
  OpenTokSignal,
} from './opentok/opentok-adapter.js';
export { createOpenTokAdapter } from './opentok/opentok-adapter.js';
export type { RestMethod, RestRequestOptions } from './opentok/rest-transport.js';
export { RestStatusError } from './opentok/rest-transport.js';
export { assertRoomName, MAX_ROOM_NAME_LENGTH } from './room-name.js';
export type { CreateRoomServer } from './room-server.js';
export { createRoomServer } from './room-server.js';
export type {
  ExpireIdleRoomsOptions,
  GetOrCreateRoomOptions,
  IdleExpiryOptions,
  JoinResult,
  JoinRoomOptions,
  ListRoomsQuery,
  RoomDetails,
  RoomResult,
  RoomServer,
  RoomServerOptions,
} from './room-server-types.js';
export type { SessionEvent, SessionEventName } from './session-event.js';
export type {
  ArchiveMode,
  MediaMode,
  ResolvedSessionOptions,
  SessionOptions,
} from './session-options.js';
export type { RoomSignal } from './signal-options.js';
export type { MemoryRoomStoreOptions } from './store/memory-room-store.js';
export { memoryRoomStore } from './store/memory-room-store.js';
export type {
  PresenceChange,
  PresentConnection,
  PresentStream,
  SessionPresence,
} from './store/presence.js';
export type {
  ArchiveStatusChange,
  RoomRecording,
  StoredArchiveState,
} from './store/recording.js';
export {
  archiveChangeWins,
  archiveStatusRank,
  NOT_RECORDING,
  recordingOf,
} from './store/recording.js';
export type {
  InsertRoomResult,
  JsonValue,
  ListRoomsOptions,
  RoomMetadata,
  RoomPage,
  RoomRecord,
  RoomStore,
} from './store/room-store.js';
export type { TokenFormat, TokenOptions, TokenRole } from './token/token-options.js';
export {
  DEFAULT_TOKEN_LIFETIME_SECONDS,
  MAX_CONNECTION_DATA_LENGTH,
  MAX_LAYOUT_CLASS_LIST_LENGTH,
  MAX_TOKEN_LIFETIME_SECONDS,
  TOKEN_ROLES,
} from './token/token-options.js';
export type { IssuedToken, TokenSigner, TokenSignerOptions } from './token/token-signer.js';
export { createTokenSigner } from './token/token-signer.js';
