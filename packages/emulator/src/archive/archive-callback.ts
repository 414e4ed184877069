import type { EmulatedArchiveStatus } from './archive-model.js';

/**
 * An archive as OpenTok serialises it: the body of REST answers and of the archive status callback
 * POSTed to the callback URL on every status change (`event` is always `archive`).
 */
export interface ArchiveCallbackBody {
  /** The archive id. */
  id: string;
  /** Always `archive` (what tells an archive callback from a session-monitoring one). */
  event: 'archive';
  /** The new status. */
  status: EmulatedArchiveStatus;
  /** The name given on start, or `null`. */
  name: string | null;
  /** Why it stopped or failed (`user initiated`, `maximum duration exceeded`, …), or ''. */
  reason: string;
  /** The archived session. */
  sessionId: string;
  /** The project (API key; a number when it is numeric). */
  projectId: string | number;
  /** Same as `projectId` (OpenTok's older name). */
  partnerId: string | number;
  /** Start time, in milliseconds since the epoch. */
  createdAt: number;
  /** Time of the last change, in milliseconds since the epoch. */
  updatedAt: number;
  /** Size of the file in bytes (0 until available). */
  size: number;
  /** Recorded duration in seconds (0 while recording). */
  duration: number;
  /** `composed` or `individual`. */
  outputMode: 'composed' | 'individual';
  /** `auto` or `manual`. */
  streamMode: 'auto' | 'manual';
  /** Whether audio is recorded. */
  hasAudio: boolean;
  /** Whether video is recorded. */
  hasVideo: boolean;
  /** Only for composed archives, e.g. `640x480`. */
  resolution?: string;
  /** The download URL while `available`, else `null`. */
  url: string | null;
  /** The streams in the archive. */
  streams: { streamId: string; hasAudio: boolean; hasVideo: boolean }[];
  /** Empty (the emulator does not compute it). */
  sha256sum: string;
  /** Empty (no encryption). */
  password: string;
}
