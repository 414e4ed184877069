/**
 * The seam between the emulator's archive REST API (which owns the archive lifecycle: ids, statuses,
 * events, callbacks) and its media router (which owns the media: it records what it receives).
 * The archive API asks the recorder of a routed session to record; the recorder writes real files.
 */

/** What to record, as the archive REST API decided it. */
export interface ArchiveRecordingRequest {
  /** The emulated session being archived (always a routed session). */
  sessionId: string;
  /** The archive's id; also the stem of the file names. */
  archiveId: string;
  /** `composed`: one file for the session; `individual`: one file per stream. */
  outputMode: 'composed' | 'individual';
  /** Whether audio is recorded. */
  hasAudio: boolean;
  /** Whether video is recorded. */
  hasVideo: boolean;
  /** `auto`: every stream of the session, as they come and go; `manual`: only those added. */
  streamMode: 'auto' | 'manual';
}

/** A recording in progress. */
export interface ArchiveRecording {
  /** Adds a stream (manual stream mode). */
  addStream(streamId: string, options?: { hasAudio?: boolean; hasVideo?: boolean }): void;
  /** Removes a stream (manual stream mode). */
  removeStream(streamId: string): void;
  /**
   * Stops recording and resolves once the file is complete on disk, or, for `composed`, with
   * `undefined` when no stream sent any media (e.g. protocol-level clients that publish without
   * WebRTC); an `individual` archive then holds only its manifest.
   */
  stop(): Promise<RecordedArchiveFile | undefined>;
}

/** The finished recording. */
export interface RecordedArchiveFile {
  /** Absolute path of the file the archive's `url` serves (a zip for `individual`). */
  path: string;
  /** Its media type, e.g. `video/webm` or `application/zip`. */
  contentType: string;
  /** Its size in bytes. */
  size: number;
  /** The recorded duration in seconds. */
  duration: number;
}

/** Implemented by the media router; absent when a session has no media through the emulator. */
export interface ArchiveRecorder {
  /**
   * Starts recording a routed session.
   *
   * @param request - what to record
   * @returns the recording in progress
   */
  start(request: ArchiveRecordingRequest): ArchiveRecording;
}
