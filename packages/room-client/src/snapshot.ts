import type { OTStream } from './ot-types.js';
import type {
  LocalPublicationInfo,
  PublisherSource,
  RecordingInfo,
  RemoteStreamInfo,
  RoomSnapshot,
} from './snapshot-types.js';
import type { RecordingChange, RoomClientEvents, RoomCounts } from './types.js';

/** An event of {@link RoomClientEvents} with its arguments: every event is also an action. */
export type EventAction = {
  [K in keyof RoomClientEvents]: [K, ...Parameters<RoomClientEvents[K]>];
}[keyof RoomClientEvents];

/**
 * Every change the client makes to its snapshot: its own events (emitted as they are applied), and
 * a few internal actions no listener sees. To add a slice: add its field to RoomSnapshot (with a
 * neutral value in `initialSnapshot`), its events to RoomClientEvents and their cases in `changes`.
 */
export type RoomAction =
  | EventAction
  /** Your connection id (set in the connect callback). */
  | ['connection', string | undefined]
  /** A local publisher starts or changes; undefined: it is gone. */
  | ['publication', PublisherSource, Partial<LocalPublicationInfo> | undefined]
  /** A subscription ended (the stream may stay). */
  | ['unsubscribed', string]
  /** The recording the snapshot shows next (an archive stopped); undefined: none is left. */
  | ['recording', RecordingChange | undefined]
  /** Everything of one join is gone: participants, streams, your connection, your publishers. */
  | ['left'];

/**
 * Returns `target` when every field of `changes` already has that value; otherwise a copy with
 * them applied. This is what keeps the identity of every part that did not change.
 */
export function patch<T extends object>(target: T, changes: Partial<T>): T {
  for (const key in changes) {
    if (!Object.is(changes[key], target[key])) return { ...target, ...changes };
  }
  return target;
}

const NONE: readonly never[] = [];
const NOT_RECORDING: RecordingInfo = {
  active: false,
  archiveId: undefined,
  name: undefined,
  startedAt: undefined,
};

/** The snapshot of a client that never joined; mute state starts from the publisher options. */
export function initialSnapshot(microphoneEnabled: boolean, cameraEnabled: boolean): RoomSnapshot {
  return {
    state: 'idle',
    disconnectReason: undefined,
    error: undefined,
    connectionId: undefined,
    counts: { others: 0, total: 0 },
    participants: NONE,
    streams: NONE,
    local: {
      camera: undefined,
      screen: undefined,
      microphoneEnabled,
      cameraEnabled,
      devices: {
        cameras: NONE,
        microphones: NONE,
        selectedCamera: undefined,
        selectedMicrophone: undefined,
      },
    },
    activeSpeaker: undefined,
    recording: NOT_RECORDING,
  };
}

function streamInfo(stream: OTStream): RemoteStreamInfo {
  return {
    streamId: stream.streamId,
    connectionId: stream.connection.connectionId,
    name: stream.name ?? '',
    videoType: stream.videoType ?? 'camera',
    hasAudio: stream.hasAudio,
    hasVideo: stream.hasVideo,
    subscribed: false,
  };
}

function publication(
  source: PublisherSource,
  current: LocalPublicationInfo | undefined,
  changes: Partial<LocalPublicationInfo> | undefined,
): LocalPublicationInfo | undefined {
  if (!changes) return undefined;
  const base: LocalPublicationInfo = current ?? {
    source,
    status: 'starting',
    streamId: undefined,
    hasAudio: false,
    hasVideo: false,
    error: undefined,
  };
  // A new attempt (starting, published) forgets the error of a failed one.
  const status = changes.status;
  return patch(base, status && status !== 'failed' ? { error: undefined, ...changes } : changes);
}

type Changes = { -readonly [K in keyof RoomSnapshot]?: RoomSnapshot[K] };

function setStream(
  snapshot: RoomSnapshot,
  id: string,
  changes: Partial<RemoteStreamInfo>,
): Changes {
  const { streams } = snapshot;
  const next = streams.map((s) => (s.streamId === id ? patch(s, changes) : s));
  return next.some((s, i) => s !== streams[i]) ? { streams: next } : {};
}

function setPublication(
  { local }: RoomSnapshot,
  source: PublisherSource,
  changes: Partial<LocalPublicationInfo> | undefined,
): Changes {
  return { local: patch(local, { [source]: publication(source, local[source], changes) }) };
}

function changes(snapshot: RoomSnapshot, action: RoomAction): Changes {
  const { participants, streams, local } = snapshot;
  switch (action[0]) {
    case 'stateChanged': {
      const { state, reason, error } = action[1];
      // A new attempt forgets why the last one ended.
      return state === 'connecting' || reason
        ? { state, disconnectReason: reason, error }
        : { state };
    }
    case 'connection':
      return { connectionId: action[1] };
    case 'participantJoined': {
      const { connectionId, data, creationTime } = action[1];
      if (participants.some((p) => p.connectionId === connectionId)) return {};
      return {
        participants: [
          ...participants,
          { connectionId, data: data ?? '', createdAt: creationTime },
        ],
      };
    }
    case 'participantLeft': {
      const id = action[1].connectionId;
      const left = participants.filter((p) => p.connectionId !== id);
      return left.length < participants.length ? { participants: left } : {};
    }
    case 'streamAdded': {
      const info = streamInfo(action[1]);
      if (streams.some((s) => s.streamId === info.streamId)) return {};
      return { streams: [...streams, info] };
    }
    case 'streamChanged': {
      const { stream, changedProperty: key, newValue } = action[1];
      if (key !== 'hasAudio' && key !== 'hasVideo') return {};
      return setStream(snapshot, stream.streamId, { [key]: !!newValue });
    }
    case 'subscribed':
      return setStream(snapshot, action[1].streamId, { subscribed: true });
    case 'unsubscribed':
      return setStream(snapshot, action[1], { subscribed: false });
    case 'streamRemoved': {
      const id = action[1].streamId;
      const left = streams.filter((s) => s.streamId !== id);
      return left.length < streams.length ? { streams: left } : {};
    }
    case 'publication':
      return setPublication(snapshot, action[1], action[2]);
    case 'published':
      return setPublication(snapshot, action[2], {
        status: 'published',
        streamId: action[1].stream?.streamId,
      });
    case 'unpublished':
      return setPublication(snapshot, action[1].source, undefined);
    case 'activeSpeakerChanged':
      return { activeSpeaker: action[1] };
    case 'screenShareEnded':
      return setPublication(snapshot, 'screen', undefined);
    case 'publishFailed':
      return setPublication(snapshot, action[2], { status: 'failed', error: action[1] });
    case 'muteChanged': {
      const { microphoneEnabled, cameraEnabled } = action[1];
      const { camera } = local;
      return {
        local: patch(local, {
          microphoneEnabled,
          cameraEnabled,
          camera: camera && patch(camera, { hasAudio: microphoneEnabled, hasVideo: cameraEnabled }),
        }),
      };
    }
    case 'devicesChanged':
      return { local: patch(local, { devices: action[1] }) };
    case 'activeDeviceChanged': {
      const { kind, deviceId } = action[1];
      const key = kind === 'camera' ? 'selectedCamera' : 'selectedMicrophone';
      return { local: patch(local, { devices: patch(local.devices, { [key]: deviceId }) }) };
    }
    // While several archives record, the snapshot shows the one that started first.
    case 'recordingStarted':
      return snapshot.recording.active ? {} : { recording: { active: true, ...action[1] } };
    case 'recording':
      return { recording: action[1] ? { active: true, ...action[1] } : NOT_RECORDING };
    case 'left':
      return {
        recording: NOT_RECORDING,
        connectionId: undefined,
        participants: NONE,
        streams: NONE,
        local: patch(local, { camera: undefined, screen: undefined }),
        activeSpeaker: undefined,
      };
  }
  return {};
}

/** Keeps the previous counts object while the numbers are the same. */
function counts(previous: RoomCounts, next: RoomSnapshot): RoomCounts {
  const others = next.participants.length;
  const total = next.connectionId ? others + 1 : 0;
  return previous.others === others && previous.total === total ? previous : { others, total };
}

/**
 * The one transition function: the next snapshot from the previous one and an action. Returns
 * the same object when nothing changed; otherwise a new one sharing every unchanged part.
 *
 * @param snapshot - the current snapshot (never mutated)
 * @param action - what happened
 * @returns the next snapshot
 */
export function transition(snapshot: RoomSnapshot, action: RoomAction): RoomSnapshot {
  const next = changes(snapshot, action);
  const result = patch(snapshot, next);
  return result === snapshot ? result : patch(result, { counts: counts(snapshot.counts, result) });
}
