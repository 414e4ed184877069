import type { ArchiveCallbackBody } from './archive-callback.js';
import type { ArchiveRecording } from './archive-recorder.js';

/** An archive's status, as OpenTok reports it. */
export type EmulatedArchiveStatus =
  | 'started'
  | 'paused'
  | 'stopped'
  | 'uploaded'
  | 'available'
  | 'expired'
  | 'failed';

/** The layout of a composed archive, as `PUT …/archive/{id}/layout` and `layout` on start take it. */
export interface EmulatedArchiveLayout {
  /** `bestFit`, `pip`, `verticalPresentation`, `horizontalPresentation`, `focus` or `custom`. */
  type: string;
  /** The stylesheet of a `custom` layout. */
  stylesheet?: string;
  /** The layout used while a screen is shared (only with `bestFit`). */
  screenshareType?: string;
}

/** One stream included in an archive. @internal */
export interface ArchiveStreamEntry {
  readonly streamId: string;
  readonly hasAudio: boolean;
  readonly hasVideo: boolean;
}

/** The emulator's record of one archive. @internal */
export interface ArchiveRecord {
  readonly id: string;
  readonly sessionId: string;
  readonly name: string | null;
  readonly outputMode: 'composed' | 'individual';
  readonly streamMode: 'auto' | 'manual';
  readonly hasAudio: boolean;
  readonly hasVideo: boolean;
  /** Only for composed archives. */
  readonly resolution: string | undefined;
  readonly multiArchiveTag: string | undefined;
  /** Seconds after which the archive stops by itself. */
  readonly maxDuration: number;
  layout: EmulatedArchiveLayout | undefined;
  status: EmulatedArchiveStatus;
  reason: string;
  readonly createdAt: number;
  updatedAt: number;
  /** When recording stopped, in milliseconds since the epoch. */
  stoppedAt: number | undefined;
  size: number;
  /** In seconds, set once stopped. */
  duration: number;
  /** Streams added by hand (manual stream mode). */
  readonly manualStreams: Map<string, ArchiveStreamEntry>;
  /** The media file, once there is one. */
  media: ArchiveMedia | undefined;
  /** The recorder's recording while it runs (media router sessions). */
  recording: ArchiveRecording | undefined;
  stopTimer: ReturnType<typeof setTimeout> | undefined;
  /** Whether any stream was published while it recorded (after that, no stream means `paused`). */
  everPublished: boolean;
  /** Since when the session has had no stream, and which timeout runs (see archive-pause.ts). */
  noStream: { readonly kind: 'unattended' | 'idle'; readonly since: number } | undefined;
  pauseTimer: ReturnType<typeof setTimeout> | undefined;
}

/** Where an archive's bytes are. @internal */
export type ArchiveMedia =
  | {
      readonly kind: 'file';
      readonly path: string;
      readonly contentType: string;
      readonly fileName: string;
    }
  | {
      readonly kind: 'generated';
      readonly bytes: Buffer;
      readonly contentType: string;
      readonly fileName: string;
    };

/** Whether the archive is still recording (it can be stopped, and it blocks a second one). @internal */
export function isRecording(archive: ArchiveRecord): boolean {
  return archive.status === 'started' || archive.status === 'paused';
}

/** A project id as OpenTok types it: a number when the key is numeric. */
function projectIdOf(apiKey: string): string | number {
  return /^\d{1,15}$/.test(apiKey) ? Number(apiKey) : apiKey;
}

/**
 * The archive as OpenTok's REST API and archive callbacks serialise it.
 *
 * @param archive - The record.
 * @param apiKey - The project.
 * @param streams - The streams in the archive now.
 * @param mediaUrl - The download URL (only while `available`).
 * @returns The JSON object.
 * @internal
 */
export function archiveJson(
  archive: ArchiveRecord,
  apiKey: string,
  streams: readonly ArchiveStreamEntry[],
  mediaUrl: string | null,
): ArchiveCallbackBody {
  const json: ArchiveCallbackBody = {
    id: archive.id,
    event: 'archive',
    status: archive.status,
    name: archive.name,
    reason: archive.reason,
    sessionId: archive.sessionId,
    projectId: projectIdOf(apiKey),
    partnerId: projectIdOf(apiKey),
    createdAt: archive.createdAt,
    updatedAt: archive.updatedAt,
    size: archive.size,
    duration: archive.duration,
    outputMode: archive.outputMode,
    streamMode: archive.streamMode,
    hasAudio: archive.hasAudio,
    hasVideo: archive.hasVideo,
    sha256sum: '',
    password: '',
    url: archive.status === 'available' ? mediaUrl : null,
    streams: streams.map((entry) => ({ ...entry })),
  };
  if (archive.resolution !== undefined) json.resolution = archive.resolution;
  return json;
}
