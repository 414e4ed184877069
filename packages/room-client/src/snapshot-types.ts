import type { RoomClientError } from './errors.js';
import type { DisconnectReason, RoomClientState, RoomCounts } from './types.js';

/** Which local publisher: the camera (and microphone), or a screen share. */
export type PublisherSource = 'camera' | 'screen';

/** Another connection in the room. */
export interface ParticipantInfo {
  /** Its connection id. */
  readonly connectionId: string;
  /** The connection data its token carries. */
  readonly data: string;
  /** When it connected (ms since epoch, OpenTok's `creationTime`). */
  readonly createdAt: number;
}

/** A remote stream. */
export interface RemoteStreamInfo {
  /** Its stream id. */
  readonly streamId: string;
  /** The connection publishing it. */
  readonly connectionId: string;
  /** Its name (`''` when none). */
  readonly name: string;
  /** What it shows. */
  readonly videoType: 'camera' | 'screen' | 'custom';
  /** Whether it sends audio (follows `streamPropertyChanged`). */
  readonly hasAudio: boolean;
  /** Whether it sends video (follows `streamPropertyChanged`). */
  readonly hasVideo: boolean;
  /** Whether this client receives it. */
  readonly subscribed: boolean;
}

/** One local publisher. */
export interface LocalPublicationInfo {
  /** Which publisher. */
  readonly source: PublisherSource;
  /** `starting` (media access and publish in progress), `published`, or `failed` (see `error`). */
  readonly status: 'starting' | 'published' | 'failed';
  /** Its stream id once published. */
  readonly streamId: string | undefined;
  /** Whether it sends audio. */
  readonly hasAudio: boolean;
  /** Whether it sends video. */
  readonly hasVideo: boolean;
  /** Why it failed. */
  readonly error: RoomClientError | undefined;
}

/** A camera or microphone. */
export interface MediaDeviceInfoLite {
  /** The browser's device id. */
  readonly deviceId: string;
  /** Its label (empty before permission is granted). */
  readonly label: string;
  /** Camera or microphone, as `OT.getDevices` names them. */
  readonly kind: 'videoInput' | 'audioInput';
}

/** The local devices. */
export interface DevicesInfo {
  /** The cameras (empty until `roomDevices(room)` listed them). */
  readonly cameras: readonly MediaDeviceInfoLite[];
  /** The microphones (empty until `roomDevices(room)` listed them). */
  readonly microphones: readonly MediaDeviceInfoLite[];
  /**
   * The camera in use while publishing; otherwise the one chosen for the next join (undefined:
   * the browser's default).
   */
  readonly selectedCamera: string | undefined;
  /** The microphone in use while publishing; otherwise the one chosen for the next join. */
  readonly selectedMicrophone: string | undefined;
}

/** Your side of the room. */
export interface LocalMediaInfo {
  /** The camera publisher, from the camera start until leave (or until it ends). */
  readonly camera: LocalPublicationInfo | undefined;
  /** The screen-share publisher. */
  readonly screen: LocalPublicationInfo | undefined;
  /** Whether your microphone is on (kept across re-joins; false after a moderator's mute). */
  readonly microphoneEnabled: boolean;
  /** Whether your camera is on (kept across re-joins). */
  readonly cameraEnabled: boolean;
  /** The local devices. */
  readonly devices: DevicesInfo;
}

/**
 * The room's recording. While several archives record at once (room-server's `multiArchiveTag`),
 * it shows the one that started first among those still recording (for someone who joined, the
 * first the SDK reported), and stays active until the last one stops.
 */
export interface RecordingInfo {
  /** Whether an archive is being recorded. */
  readonly active: boolean;
  /** The archive id while recording. */
  readonly archiveId: string | undefined;
  /** The archive name while recording. */
  readonly name: string | undefined;
  /** When recording started (ms since epoch). */
  readonly startedAt: number | undefined;
}

/**
 * Everything a UI renders, as one immutable value: {@link roomSnapshot}'s `getSnapshot()` returns
 * the same object until something changed, and every part that did not change keeps its identity (structural sharing),
 * so a selector re-renders only when its part changed.
 */
export interface RoomSnapshot {
  /** The lifecycle state. */
  readonly state: RoomClientState;
  /** Why the client is disconnected (set with the `disconnected` state). */
  readonly disconnectReason: DisconnectReason | undefined;
  /** Why the last join failed, or the error of the last disconnect. */
  readonly error: RoomClientError | undefined;
  /** Your connection id while connected. */
  readonly connectionId: string | undefined;
  /** Connection counts (the same object while the numbers are unchanged). */
  readonly counts: RoomCounts;
  /** The other connections, in arrival order. */
  readonly participants: readonly ParticipantInfo[];
  /** The remote streams, in arrival order. */
  readonly streams: readonly RemoteStreamInfo[];
  /** Your publishers, mute state and devices. */
  readonly local: LocalMediaInfo;
  /** The connection id of who is speaking (yours or a remote one). */
  readonly activeSpeaker: string | undefined;
  /** The room's recording. */
  readonly recording: RecordingInfo;
}
