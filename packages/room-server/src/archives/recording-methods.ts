import { invalidArgument, isRoomError, RoomError } from '../errors.js';
import { assertRoomName } from '../room-name.js';
import type { RoomServer } from '../room-server-types.js';
import type { ArchiveStatusChange } from '../store/recording.js';
import type { RoomStore } from '../store/room-store.js';
import { parseArchive } from './archive-json.js';

/**
 * Whether a callback body is an archive status callback (OpenTok marks them `event: 'archive'`).
 *
 * @param body - a parsed callback body
 * @returns true for an archive callback
 */
export function isArchiveCallback(body: unknown): boolean {
  return (
    typeof body === 'object' && body !== null && (body as { event?: unknown }).event === 'archive'
  );
}

function finiteTime(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * The recording part of a room server: archive status callbacks in, "is this room recorded" out.
 *
 * @param store - the guarded store
 * @returns the recording methods of {@link RoomServer}
 */
export function createRecordingMethods(
  store: RoomStore,
): Pick<RoomServer, 'recordArchiveEvent' | 'getRecording'> {
  return {
    async recordArchiveEvent(body) {
      if (!isArchiveCallback(body)) {
        throw invalidArgument('event', 'Not an archive callback: event must be "archive".');
      }
      let archive: ReturnType<typeof parseArchive>;
      try {
        archive = parseArchive(body, 'Archive callback');
      } catch (error) {
        throw invalidArgument(
          'body',
          isRoomError(error)
            ? 'Not an archive callback: it needs id, sessionId and a known status.'
            : String(error),
        );
      }
      const raw = body as { updatedAt?: unknown; createdAt?: unknown };
      const createdAt = finiteTime(raw.createdAt) ?? 0;
      const change: ArchiveStatusChange = {
        archiveId: archive.id,
        status: archive.status,
        at: finiteTime(raw.updatedAt) ?? createdAt,
        createdAt,
        ...(archive.name === undefined ? {} : { name: archive.name }),
      };
      await store.recordArchiveStatus(archive.sessionId, change);
      return { archive };
    },
    async getRecording(name) {
      assertRoomName(name);
      const room = await store.get(name);
      if (!room) throw new RoomError('not_found', `Room "${name}" does not exist.`);
      return store.getRecording(room.sessionId);
    },
  };
}
