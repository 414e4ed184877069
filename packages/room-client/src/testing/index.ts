export type { FakeDeviceInfo, FakeMediaDeviceInfo } from './fake-devices.js';
export { DEFAULT_FAKE_DEVICES, FakeMediaDevices } from './fake-devices.js';
export type { HandlerErrorSink } from './fake-events.js';
export { FakeEmitter, FakeEvent } from './fake-events.js';
export type {
  FakePublisherEvents,
  FakeSubscriberEvents,
} from './fake-media.js';
export { FakePublisher, FakeSubscriber } from './fake-media.js';
export type {
  FakeCallback,
  FakeConnectionEvent,
  FakeConnectionRef,
  FakeOTError,
  FakeReasonEvent,
  FakeSessionDisconnectEvent,
  FakeSignalEvent,
  FakeStreamEvent,
  FakeStreamOptions,
  FakeStreamPropertyChangedEvent,
  FakeStreamRef,
  FakeVideoElementEvent,
} from './fake-objects.js';
export { FakeConnection, FakeStream, fakeOTError } from './fake-objects.js';
export type { FakeOT, FakeOTOptions } from './fake-ot.js';
export { createFakeOT } from './fake-ot.js';
export type { FakeScreenSharingCapability } from './fake-ot-media.js';
export type { SentSignal } from './fake-room.js';
export { FakeRoom } from './fake-room.js';
export type { FakeSessionEvents, FakeSessionState } from './fake-session.js';
export { FakeSession } from './fake-session.js';
export type { FakeSignalOptions } from './fake-signal.js';
export type { FakeVideoSource } from './fake-sources.js';
export { FakeMediaStream, FakeMediaStreamTrack } from './fake-track.js';
export type { FakeOTSettings } from './fake-world.js';
