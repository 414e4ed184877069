/**
 * The browser client: `createRoomClient` over `@opentok/client`.
 *
 * @module @opentok-rooms/room-client
 */
export type { ActiveSpeakerDetector, ActiveSpeakerOptions } from './active-speaker.js';
export { activeSpeakerDetector } from './active-speaker.js';
export type { DeviceLists } from './device-list.js';
export type { ListDevicesOptions, RoomDevices, RoomDevicesOptions } from './devices.js';
export { roomDevices } from './devices.js';
export type { RoomClientErrorCode, RoomClientErrorOptions } from './errors.js';
export { codeFromOTName, isRoomClientError, RoomClientError } from './errors.js';
export type { StandaloneListDevicesOptions } from './list-devices.js';
export { listDevices } from './list-devices.js';
export type {
  OTArchiveEvent,
  OTConnection,
  OTConnectionEvent,
  OTError,
  OTEvent,
  OTEventTarget,
  OTLike,
  OTPublisher,
  OTSession,
  OTSessionDisconnectEvent,
  OTSessionOptions,
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
export type { RoomSnapshotStore } from './room-snapshot.js';
export { roomSnapshot } from './room-snapshot.js';
export { shareScreen, stopScreenShare } from './screen-share.js';
export { sendSignal } from './send-signal.js';
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
  ActiveDeviceChange,
  DeviceKind,
  DisconnectInfo,
  DisconnectReason,
  MediaDevicesLike,
  MuteChange,
  ReceivedSignal,
  RecordingChange,
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
  UnpublishInfo,
  VideoPlacement,
} from './types.js';
