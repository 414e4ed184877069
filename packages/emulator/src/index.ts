/**
 * The local OpenTok: `startEmulator`, `startDevEmulator`, fault injection.
 *
 * @module @opentok-rooms/emulator
 */
export type { EmulatorAccountKind } from './account.js';
export type { ArchiveCallbackBody } from './archive/archive-callback.js';
export type { EmulatedArchiveStatus } from './archive/archive-model.js';
export type { ArchivePauseTimeouts } from './archive/archive-pause.js';
export type {
  ArchiveRecorder,
  ArchiveRecording,
  ArchiveRecordingRequest,
  RecordedArchiveFile,
} from './archive/archive-recorder.js';
export type { ClientTokenClaims, ClientTokenRole, ProjectCredentials } from './client-token.js';
export { verifyClientToken } from './client-token.js';
export type { ConnectStall, ConnectStallPhase, ConnectStalls } from './connect-stalls.js';
export {
  DEFAULT_EMULATOR_PORT,
  EMULATOR_PORT_VARIABLE,
  EMULATOR_URL_VARIABLE,
  emulatorPortFromEnv,
  emulatorUrlFromEnv,
  startDevEmulator,
} from './dev-port.js';
export type { EmulatedSession } from './emulated-session.js';
export type { EmulatorTokenErrorOptions, EmulatorTokenErrorReason } from './errors.js';
export { EmulatorTokenError, isEmulatorTokenError } from './errors.js';
export type {
  Fault,
  FaultInjector,
  FaultOptions,
  MediaFault,
  MediaFaultInjector,
  MediaFaultOptions,
} from './faults.js';
export type { MediaRouterOptions } from './media/media-options.js';
export type {
  DownstreamStats,
  RebuildReason,
  RoutedSessionStats,
  RouterPeerState,
  RtpCount,
  UpstreamStats,
} from './media/media-stats.js';
export type { DecodedSessionId, SessionIdInput } from './session-id.js';
export { decodeSessionId, encodeSessionId } from './session-id.js';
export type { ClientConnection, DropClientOptions } from './signalling/client-connection.js';
export type { SessionCallbackBody } from './signalling/session-callbacks.js';
export type {
  Emulator,
  EmulatorMedia,
  EmulatorOptions,
  RecordedRequest,
  RequestFilter,
} from './start-emulator.js';
export { startEmulator } from './start-emulator.js';
