export type { ActiveSpeakerDetector, ActiveSpeakerOptions } from './active-speaker.js';
export { activeSpeakerDetector } from './active-speaker.js';
export type { RoomClientErrorCode, RoomClientErrorOptions } from './errors.js';
export { codeFromOTName, isRoomClientError, RoomClientError } from './errors.js';
export type {
  OTConnection,
  OTConnectionEvent,
  OTError,
  OTEvent,
  OTEventTarget,
  OTLike,
  OTPublisher,
  OTSession,
  OTSessionDisconnectEvent,
  OTSignalEvent,
  OTSignalOptions,
  OTStream,
  OTStreamEvent,
  OTStreamPropertyChangedEvent,
  OTSubscriber,
  OTVideoElementCreatedEvent,
  PublisherProperties,
  SubscriberProperties,
} from './ot-types.js';
export { createRoomClient } from './room-client.js';
export { MAX_SIGNAL_DATA_LENGTH, MAX_SIGNAL_TYPE_LENGTH } from './signal-limits.js';
export type {
  DevicesInfo,
  LocalMediaInfo,
  LocalPublicationInfo,
  MediaDeviceInfoLite,
  ParticipantInfo,
  PublisherSource,
  RecordingInfo,
  RemoteStreamInfo,
  RoomSnapshot,
} from './snapshot-types.js';
export type {
  DisconnectInfo,
  DisconnectReason,
  MuteChange,
  ReceivedSignal,
  RoomClient,
  RoomClientEvents,
  RoomClientOptions,
  RoomClientState,
  RoomClientTimeouts,
  RoomCounts,
  RoomCredentials,
  ScreenShareOptions,
  SignalOptions,
  StateChange,
  VideoPlacement,
} from './types.js';
