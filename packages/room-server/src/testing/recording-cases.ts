import type { ArchiveStatus } from '../archives/archive-types.js';
import type { ArchiveStatusChange } from '../store/recording.js';
import type { RoomStoreCase } from './room-store-cases.js';
import { sampleRoom } from './room-store-cases.js';

const SESSION = '1_recording-session';

function change(
  archiveId: string,
  status: ArchiveStatus,
  at: number,
  name?: string,
): ArchiveStatusChange {
  const createdAt = 1000;
  return name === undefined
    ? { archiveId, status, at, createdAt }
    : { archiveId, status, at, createdAt, name };
}

function fail(message: string): never {
  throw new Error(`RoomStore conformance (recording): ${message}`);
}

/** Recording-state behaviours every RoomStore must have (archive status callbacks). */
export const recordingCases: readonly RoomStoreCase[] = [
  {
    name: 'a session nobody recorded is not recording',
    async run(store) {
      const recording = await store.getRecording('1_never-recorded');
      if (recording.active || recording.archiveId !== undefined) fail('expected not recording');
    },
  },
  {
    name: 'started then stopped: recording, then not; name and start time kept',
    async run(store) {
      await store.recordArchiveStatus(SESSION, change('a1', 'started', 1000, 'Weekly'));
      const recording = await store.getRecording(SESSION);
      if (!recording.active || recording.archiveId !== 'a1') fail('expected a1 recording');
      if (recording.name !== 'Weekly' || recording.startedAt !== 1000) fail('details lost');
      if (recording.status !== 'started') fail(`status ${recording.status}`);
      await store.recordArchiveStatus(SESSION, change('a1', 'stopped', 5000));
      if ((await store.getRecording(SESSION)).active) fail('expected stopped');
    },
  },
  {
    name: 'archive callbacks delivered twice count once',
    async run(store) {
      const started = change('a1', 'started', 1000);
      await store.recordArchiveStatus(SESSION, started);
      await store.recordArchiveStatus(SESSION, started);
      await store.recordArchiveStatus(SESSION, change('a1', 'stopped', 2000));
      await store.recordArchiveStatus(SESSION, change('a1', 'stopped', 2000));
      if ((await store.getRecording(SESSION)).active) fail('a repeated callback revived it');
    },
  },
  {
    name: 'a late started after stopped or available does not revive the archive',
    async run(store) {
      await store.recordArchiveStatus(SESSION, change('a1', 'available', 3000));
      await store.recordArchiveStatus(SESSION, change('a1', 'stopped', 2000));
      await store.recordArchiveStatus(SESSION, change('a1', 'started', 1000));
      if ((await store.getRecording(SESSION)).active) fail('reordered callbacks revived it');
    },
  },
  {
    name: 'paused and started within a recording: the later one wins',
    async run(store) {
      await store.recordArchiveStatus(SESSION, change('a1', 'paused', 3000));
      await store.recordArchiveStatus(SESSION, change('a1', 'started', 1000));
      const recording = await store.getRecording(SESSION);
      if (!recording.active || recording.status !== 'paused') fail(`status ${recording.status}`);
    },
  },
  {
    name: 'concurrent archive callbacks end in the same state whatever the order',
    async run(store) {
      const changes = [
        change('a1', 'started', 1000),
        change('a1', 'stopped', 2000),
        change('a1', 'available', 3000),
        change('a2', 'started', 4000),
      ];
      await Promise.all(
        [...changes, ...changes].map((entry) => store.recordArchiveStatus(SESSION, entry)),
      );
      const recording = await store.getRecording(SESSION);
      if (!recording.active || recording.archiveId !== 'a2')
        fail(`expected a2, got ${recording.archiveId}`);
    },
  },
  {
    name: 'deleting the room forgets its recording state',
    async run(store) {
      const room = { ...sampleRoom('recorded-room'), sessionId: '1_recorded-room-session' };
      await store.insertIfAbsent(room);
      await store.recordArchiveStatus(room.sessionId, change('a1', 'started', 1000));
      await store.delete(room.name);
      if ((await store.getRecording(room.sessionId)).active) fail('recording survived delete');
    },
  },
];
