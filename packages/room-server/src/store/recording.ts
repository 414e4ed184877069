import type { ArchiveStatus } from '../archives/archive-types.js';

/** One archive status change, from an OpenTok archive callback. */
export interface ArchiveStatusChange {
  /** The archive id: the key that makes repeated deliveries harmless. */
  readonly archiveId: string;
  /** The new status. */
  readonly status: ArchiveStatus;
  /** When OpenTok says the status changed (its `updatedAt`, else `createdAt`), in ms. */
  readonly at: number;
  /** When the archive started, in ms since the epoch. */
  readonly createdAt: number;
  /** The archive's name, if it has one. */
  readonly name?: string;
}

/** An archive's latest known status, as a store keeps it. */
export interface StoredArchiveState {
  readonly archiveId: string;
  readonly status: ArchiveStatus;
  readonly at: number;
  readonly createdAt: number;
  readonly name?: string;
}

/** Whether a room is being recorded, as the archive callbacks received so far tell it. */
export interface RoomRecording {
  /** True while an archive of the room's session is `started` or `paused`. */
  readonly active: boolean;
  /** The recording archive (the latest started when several run), when active. */
  readonly archiveId?: string;
  /** Its name, when it has one. */
  readonly name?: string;
  /** When it started, in ms since the epoch. */
  readonly startedAt?: number;
  /** Its status (`started` or `paused`). */
  readonly status?: ArchiveStatus;
}

/** A room nobody records. */
export const NOT_RECORDING: RoomRecording = { active: false };

/**
 * How far along its life a status is. A change never moves an archive back to a lower rank, so a
 * late `started` cannot revive an archive already `stopped` or `available`.
 *
 * @param status - the status
 * @returns 1 recording, 2 stopped, 3 final (uploaded, available, failed, expired, deleted)
 */
export function archiveStatusRank(status: ArchiveStatus): number {
  if (status === 'started' || status === 'paused') return 1;
  if (status === 'stopped') return 2;
  return 3;
}

/**
 * Whether a change replaces what is stored: a higher rank wins; within a rank the later time wins;
 * the same change twice changes nothing.
 *
 * @param stored - the archive's stored state, if any
 * @param change - the incoming change
 * @returns true when the change should be stored
 */
export function archiveChangeWins(
  stored: StoredArchiveState | undefined,
  change: ArchiveStatusChange,
): boolean {
  if (stored === undefined) return true;
  const storedRank = archiveStatusRank(stored.status);
  const rank = archiveStatusRank(change.status);
  return rank > storedRank || (rank === storedRank && change.at > stored.at);
}

/**
 * The room's recording from its archives' states.
 *
 * @param archives - every stored archive state of the session
 * @returns the recording (the latest-created recording archive), or {@link NOT_RECORDING}
 */
export function recordingOf(archives: Iterable<StoredArchiveState>): RoomRecording {
  let current: StoredArchiveState | undefined;
  for (const archive of archives) {
    if (archiveStatusRank(archive.status) !== 1) continue;
    if (current === undefined || archive.createdAt > current.createdAt) current = archive;
  }
  if (current === undefined) return NOT_RECORDING;
  return {
    active: true,
    archiveId: current.archiveId,
    startedAt: current.createdAt,
    status: current.status,
    ...(current.name === undefined ? {} : { name: current.name }),
  };
}
