import { NO_DEVICES } from './device-list.js';
import type { RoomInternals } from './host.js';
import type {
  LocalPublicationInfo,
  PublisherSource,
  RecordingInfo,
  RoomSnapshot,
} from './snapshot-types.js';

/**
 * Returns `previous` when every field of `next` already has that value there; otherwise `next`.
 * This is what keeps the identity of every part that did not change.
 */
export function keep<T extends object>(previous: T | undefined, next: T): T {
  if (previous === undefined) return next;
  for (const key in next) if (!Object.is(next[key], previous[key])) return next;
  return previous;
}

/** A list built item by item, each kept from the same place of `previous` when unchanged. */
function keepList<T, U extends object>(
  previous: readonly U[],
  items: Iterable<T> | undefined,
  info: (item: T) => U,
): readonly U[] {
  const next: U[] = [];
  for (const item of items ?? NONE) next.push(keep(previous[next.length], info(item)));
  const same = next.length === previous.length && next.every((value, i) => value === previous[i]);
  return same ? previous : next;
}

const NONE: readonly never[] = [];
const NOT_RECORDING: RecordingInfo = {
  active: false,
  archiveId: undefined,
  name: undefined,
  startedAt: undefined,
};

/** The snapshot of a client that never joined, before its own fields are read. */
export const BLANK: RoomSnapshot = {
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
    microphoneEnabled: true,
    cameraEnabled: true,
    devices: NO_DEVICES,
  },
  activeSpeaker: undefined,
  recording: NOT_RECORDING,
};

/**
 * The snapshot of a room client now, computed from its state (its fields and its join's maps),
 * sharing every part that did not change with `previous`: the same object when nothing did.
 *
 * @param previous - the last snapshot (never mutated)
 * @param room - the client
 * @returns the snapshot
 */
export function project(previous: RoomSnapshot, room: RoomInternals): RoomSnapshot {
  const view = room._view;
  const { local } = previous;
  const microphoneEnabled = room.microphoneEnabled;
  const cameraEnabled = room.cameraEnabled;
  const publication = (source: PublisherSource): LocalPublicationInfo | undefined => {
    const info = view?._publications.get(source);
    if (!info) return undefined;
    // The camera sends what the mute state says (set on the publisher with it).
    const sends =
      source === 'camera'
        ? { ...info, hasAudio: microphoneEnabled, hasVideo: cameraEnabled }
        : info;
    return keep(local[source], sends);
  };
  const [recording] = view?._archives.values() ?? NONE;
  return keep(previous, {
    state: room.state,
    disconnectReason: room._reason,
    error: room._error,
    connectionId: room.connectionId,
    counts: room.counts,
    participants: keepList(previous.participants, view?._participants.values(), (c) => ({
      connectionId: c.connectionId,
      data: c.data ?? '',
      createdAt: c.creationTime,
    })),
    streams: keepList(previous.streams, view?._streams.values(), (stream) => ({
      streamId: stream.streamId,
      connectionId: stream.connection.connectionId,
      name: stream.name ?? '',
      videoType: stream.videoType ?? 'camera',
      hasAudio: stream.hasAudio,
      hasVideo: stream.hasVideo,
      subscribed: view?._subscribed.has(stream.streamId) ?? false,
    })),
    local: keep(local, {
      camera: publication('camera'),
      screen: publication('screen'),
      microphoneEnabled,
      cameraEnabled,
      devices: room._host._devices ?? NO_DEVICES,
    }),
    activeSpeaker: room._speaking,
    recording: recording ? keep(previous.recording, { active: true, ...recording }) : NOT_RECORDING,
  });
}
