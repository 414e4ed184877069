/** An archive's status, as OpenTok reports it. */
export type ArchiveStatus =
  | 'started'
  | 'paused'
  | 'stopped'
  | 'uploaded'
  | 'available'
  | 'expired'
  | 'failed'
  | 'deleted';

/** The layout of a composed archive. */
export interface ArchiveLayout {
  /** `bestFit`, `pip`, `verticalPresentation`, `horizontalPresentation`, `focus` or `custom`. */
  type: 'bestFit' | 'pip' | 'verticalPresentation' | 'horizontalPresentation' | 'focus' | 'custom';
  /** The CSS of a `custom` layout (required for it, refused for the others). */
  stylesheet?: string;
  /** The layout while someone shares a screen; only with `type: 'bestFit'`. */
  screenshareType?: 'bestFit' | 'pip' | 'verticalPresentation' | 'horizontalPresentation' | 'focus';
}

/** Options of {@link RoomArchiveMethods.startArchive}. */
export interface StartArchiveOptions {
  /** A name you can find the archive by (at most 256 characters). */
  name?: string;
  /** `composed` (one file, the default) or `individual` (one file per stream). */
  outputMode?: 'composed' | 'individual';
  /** Composed only: `640x480` (default), `1280x720`, `1920x1080` or a portrait one. */
  resolution?: '640x480' | '480x640' | '1280x720' | '720x1280' | '1920x1080' | '1080x1920';
  /** Composed only: the initial layout. */
  layout?: ArchiveLayout;
  /** Record audio. Default true. */
  hasAudio?: boolean;
  /** Record video. Default true. Not both false. */
  hasVideo?: boolean;
  /** `auto` (every stream, the default) or `manual` (only those you add). */
  streamMode?: 'auto' | 'manual';
  /** Stop by itself after this many seconds, 60 to 36000. OpenTok's default is 14400 (4 h). */
  maxDuration?: number;
  /** Lets several archives of one session run at once (one per tag). */
  multiArchiveTag?: string;
}

/** A stream included in an archive. */
export interface ArchiveStream {
  readonly streamId: string;
  readonly hasAudio: boolean;
  readonly hasVideo: boolean;
}

/** An archive, as OpenTok describes it. */
export interface Archive {
  readonly id: string;
  readonly status: ArchiveStatus;
  /** The name given on start, if any. */
  readonly name: string | undefined;
  /** The archived session. */
  readonly sessionId: string;
  /** Start time, in milliseconds since the epoch. */
  readonly createdAt: number;
  /** Recorded seconds (0 while recording). */
  readonly duration: number;
  /** Bytes of the file (0 until it exists). */
  readonly size: number;
  /** Download URL while `available` (it expires: get the archive again for a fresh one). */
  readonly url: string | undefined;
  readonly outputMode: 'composed' | 'individual';
  readonly streamMode: 'auto' | 'manual';
  readonly hasAudio: boolean;
  readonly hasVideo: boolean;
  /** Composed archives only. */
  readonly resolution: string | undefined;
  /** Why it stopped or failed, when OpenTok says. */
  readonly reason: string | undefined;
  readonly streams: readonly ArchiveStream[];
}

/** Options of {@link RoomArchiveMethods.listArchives}. */
export interface ListArchivesOptions {
  /** Only this room's archives. Default: every archive of the project. */
  room?: string;
  /** How many to skip (OpenTok pages by offset). Default 0. */
  offset?: number;
  /** Page size, 1 to 1000. Default 50. */
  count?: number;
}

/** A page of archives, newest first. */
export interface ArchivePage {
  /** How many archives match in all (not only on this page). */
  readonly count: number;
  readonly items: readonly Archive[];
}

/** The archive (recording) methods of a room server. */
export interface RoomArchiveMethods {
  /**
   * Starts recording a room. Checked before any request: the room exists, its session is routed
   * and not end-to-end encrypted. Never retried blindly: after a timeout or a 5xx the room's
   * archives are listed first, and a recording one is adopted instead of starting a second.
   * `{ sessionId }` records a session you hold the id of (OpenTok's sample-server route) and skips
   * the room checks (OpenTok then answers for a relayed or encrypted session).
   *
   * @throws RoomError `not_found` (no such room, or no client connected yet), `conflict` (already
   *   recording), `invalid_argument`, `opentok_*`, `timeout`
   */
  startArchive(
    room: string | { sessionId: string },
    options?: StartArchiveOptions,
  ): Promise<Archive>;
  /**
   * Stops a recording. A retry after a lost answer returns the stopped archive.
   *
   * @throws RoomError `not_found`, `conflict` (not recording), `opentok_*`, `timeout`
   */
  stopArchive(archiveId: string): Promise<Archive>;
  /** @throws RoomError `not_found`, `opentok_*`, `timeout` */
  getArchive(archiveId: string): Promise<Archive>;
  /** @throws RoomError `not_found` (unknown room), `invalid_argument`, `opentok_*`, `timeout` */
  listArchives(options?: ListArchivesOptions): Promise<ArchivePage>;
  /** @throws RoomError `not_found`, `conflict` (still recording), `opentok_*`, `timeout` */
  deleteArchive(archiveId: string): Promise<void>;
  /** @throws RoomError `not_found`, `invalid_argument`, `conflict`, `opentok_*`, `timeout` */
  setArchiveLayout(archiveId: string, layout: ArchiveLayout): Promise<void>;
  /**
   * Adds a stream to (or changes its audio/video in) a `manual` stream-mode archive.
   *
   * @throws RoomError `not_found`, `invalid_argument` (auto stream mode), `opentok_*`, `timeout`
   */
  addArchiveStream(
    archiveId: string,
    streamId: string,
    options?: { hasAudio?: boolean; hasVideo?: boolean },
  ): Promise<void>;
  /** @throws RoomError `not_found`, `invalid_argument`, `opentok_*`, `timeout` */
  removeArchiveStream(archiveId: string, streamId: string): Promise<void>;
}
