import { RoomError } from '../errors.js';
import type { Archive, ArchiveStatus, ArchiveStream } from './archive-types.js';

const STATUSES: readonly string[] = [
  'started',
  'paused',
  'stopped',
  'uploaded',
  'available',
  'expired',
  'failed',
  'deleted',
];

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function count(value: unknown): number {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) && number >= 0 ? number : 0;
}

/**
 * Reads an archive object from an OpenTok answer or archive callback.
 *
 * @param value - the parsed JSON
 * @param what - the call, for the error message
 * @returns the typed archive
 * @throws RoomError `opentok_bad_response` when it is not an archive
 */
export function parseArchive(value: unknown, what: string): Archive {
  const raw = (value ?? {}) as Record<string, unknown>;
  const id = text(raw.id);
  const sessionId = text(raw.sessionId);
  const status = raw.status;
  if (
    id === undefined ||
    sessionId === undefined ||
    typeof status !== 'string' ||
    !STATUSES.includes(status)
  ) {
    throw new RoomError(
      'opentok_bad_response',
      `${what}: OpenTok answered something that is not an archive.`,
    );
  }
  const streams: ArchiveStream[] = Array.isArray(raw.streams)
    ? raw.streams
        .filter(
          (entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null,
        )
        .filter((entry) => typeof entry.streamId === 'string')
        .map((entry) => ({
          streamId: entry.streamId as string,
          hasAudio: entry.hasAudio !== false,
          hasVideo: entry.hasVideo !== false,
        }))
    : [];
  return {
    id,
    status: status as ArchiveStatus,
    name: text(raw.name),
    sessionId,
    createdAt: count(raw.createdAt),
    duration: count(raw.duration),
    size: count(raw.size),
    url: text(raw.url),
    outputMode: raw.outputMode === 'individual' ? 'individual' : 'composed',
    streamMode: raw.streamMode === 'manual' ? 'manual' : 'auto',
    hasAudio: raw.hasAudio !== false,
    hasVideo: raw.hasVideo !== false,
    resolution: text(raw.resolution),
    reason: text(raw.reason),
    streams,
  };
}

/** Whether an archive is still recording. */
export function isArchiveRecording(archive: Archive): boolean {
  return archive.status === 'started' || archive.status === 'paused';
}
