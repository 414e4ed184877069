import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { basename } from 'node:path';
import type { EmulatedSession } from '../emulated-session.js';
import type { WireArchive } from '../protocol.js';
import type { MonitoringEvent } from '../signalling/monitoring-event.js';
import type { SessionHub } from '../signalling/session-hub.js';
import type { ArchiveCallbackBody } from './archive-callback.js';
import {
  type ArchiveRecord,
  type ArchiveStreamEntry,
  archiveJson,
  type EmulatedArchiveLayout,
  isRecording,
} from './archive-model.js';
import type { StartArchiveInput } from './archive-options.js';
import { noStreamTimeout, type ResolvedPauseTimeouts } from './archive-pause.js';
import type { ArchiveRecorder } from './archive-recorder.js';
import { placeholderWav } from './placeholder-media.js';

/** A result, or the HTTP status and message OpenTok would answer. @internal */
export type ArchiveOutcome<T> =
  | { readonly ok: T }
  | { readonly status: number; readonly message: string };

/** What the archive service needs from the emulator. @internal */
export interface ArchiveServiceOptions {
  readonly apiKey: string;
  /** Sessions created through the REST API (mode, archive mode, e2ee). */
  readonly sessions: ReadonlyMap<string, EmulatedSession>;
  readonly hub: SessionHub;
  now(): number;
  /** The emulator's base URL (known once it listens), for download URLs. */
  baseUrl(): string;
  /** Posts an archive status callback (the archive's JSON). */
  postCallback(body: ArchiveCallbackBody): void;
  /** The media router's recorder for a session, when it routes that session's media. */
  recorderFor(sessionId: string): ArchiveRecorder | undefined;
  /** How long an archive may go without a published stream. */
  readonly pauseTimeouts: ResolvedPauseTimeouts;
}

/** Path prefix the archives' media files are served under. @internal */
export const ARCHIVE_MEDIA_PREFIX = '/v2/archive-media/';

const fail = (status: number, message: string): { status: number; message: string } => ({
  status,
  message,
});

/**
 * The archives of the emulated project: their lifecycle (`started` → `stopped` → `available` or
 * `failed`), the `archiveStarted`/`archiveStopped` events to the session's clients, the archive
 * status callbacks, `archiveMode: 'always'`, and the media file behind each archive's `url`.
 *
 * @internal
 */
export class ArchiveService {
  readonly #options: ArchiveServiceOptions;
  /** Every archive not deleted, oldest first. */
  readonly #archives = new Map<string, ArchiveRecord>();
  readonly #pending = new Set<Promise<void>>();

  /** @param options - What the service needs from the emulator. */
  constructor(options: ArchiveServiceOptions) {
    this.#options = options;
  }

  /**
   * Starts an archive of a session.
   *
   * @param input - The checked request.
   * @returns The archive, or 404 (unknown session or no client connected), 400 (relayed or
   *   end-to-end encrypted session), 409 (already being recorded).
   */
  start(input: StartArchiveInput): ArchiveOutcome<ArchiveRecord> {
    const session = this.#options.sessions.get(input.sessionId);
    if (session === undefined) return fail(404, 'Session not found.');
    if (session.mediaMode !== 'routed') {
      return fail(400, 'Archiving needs a routed session (this one is relayed).');
    }
    if (session.e2ee) {
      return fail(400, 'Archiving is not supported in end-to-end encrypted sessions.');
    }
    if (this.#options.hub.connections(input.sessionId).length === 0) {
      return fail(404, 'Session not found: no client is connected to it.');
    }
    const running = [...this.#archives.values()].find(
      (entry) =>
        entry.sessionId === input.sessionId &&
        isRecording(entry) &&
        entry.multiArchiveTag === input.multiArchiveTag,
    );
    if (running !== undefined) {
      return fail(409, `The session is already being recorded (archive ${running.id}).`);
    }
    const now = this.#options.now();
    const archive: ArchiveRecord = {
      id: randomUUID(),
      sessionId: input.sessionId,
      name: input.name,
      outputMode: input.outputMode,
      streamMode: input.streamMode,
      hasAudio: input.hasAudio,
      hasVideo: input.hasVideo,
      resolution: input.resolution,
      multiArchiveTag: input.multiArchiveTag,
      maxDuration: input.maxDuration,
      layout: input.layout,
      status: 'started',
      reason: '',
      createdAt: now,
      updatedAt: now,
      stoppedAt: undefined,
      size: 0,
      duration: 0,
      manualStreams: new Map(),
      media: undefined,
      recording: undefined,
      stopTimer: undefined,
      everPublished: false,
      noStream: undefined,
      pauseTimer: undefined,
    };
    archive.recording = this.#options.recorderFor(input.sessionId)?.start({
      sessionId: archive.sessionId,
      archiveId: archive.id,
      outputMode: archive.outputMode,
      hasAudio: archive.hasAudio,
      hasVideo: archive.hasVideo,
      streamMode: archive.streamMode,
    });
    archive.stopTimer = setTimeout(
      () => this.#stop(archive, 'maximum duration exceeded'),
      archive.maxDuration * 1000,
    );
    archive.stopTimer.unref?.();
    this.#archives.set(archive.id, archive);
    this.#announce(archive);
    this.#reviewStreams(archive);
    return { ok: archive };
  }

  /**
   * Stops a recording archive.
   *
   * @param id - The archive id.
   * @returns The archive (`stopped`), 404 unknown, 409 not recording.
   */
  stop(id: string): ArchiveOutcome<ArchiveRecord> {
    const archive = this.#archives.get(id);
    if (archive === undefined) return fail(404, 'Archive not found.');
    if (!isRecording(archive)) {
      return fail(409, `The archive is not being recorded (status ${archive.status}).`);
    }
    this.#stop(archive, 'user initiated');
    return { ok: archive };
  }

  /**
   * @param id - The archive id.
   * @returns The archive, or 404.
   */
  get(id: string): ArchiveOutcome<ArchiveRecord> {
    const archive = this.#archives.get(id);
    return archive === undefined ? fail(404, 'Archive not found.') : { ok: archive };
  }

  /**
   * Lists archives newest first, as OpenTok pages them.
   *
   * @param options - `offset`, `count` and an optional `sessionId` filter.
   * @returns The total count (after the filter) and the page.
   */
  list(options: { offset: number; count: number; sessionId?: string }): {
    count: number;
    items: ArchiveRecord[];
  } {
    const all = [...this.#archives.values()]
      .filter((entry) => options.sessionId === undefined || entry.sessionId === options.sessionId)
      .reverse();
    return {
      count: all.length,
      items: all.slice(options.offset, options.offset + options.count),
    };
  }

  /**
   * Deletes a finished archive and its media file.
   *
   * @param id - The archive id.
   * @returns Nothing, 404 unknown, 409 when it is still recording or processing.
   */
  delete(id: string): ArchiveOutcome<null> {
    const archive = this.#archives.get(id);
    if (archive === undefined) return fail(404, 'Archive not found.');
    if (archive.status !== 'available' && archive.status !== 'failed') {
      return fail(
        409,
        `Only an available or failed archive can be deleted (status ${archive.status}).`,
      );
    }
    this.#archives.delete(id);
    if (archive.media?.kind === 'file') void rm(archive.media.path, { force: true });
    return { ok: null };
  }

  /**
   * Changes the layout of a composed archive while it records.
   *
   * @param id - The archive id.
   * @param layout - The checked layout.
   * @returns Nothing, 404, 400 for an individual archive, 409 when not recording.
   */
  setLayout(id: string, layout: EmulatedArchiveLayout): ArchiveOutcome<null> {
    const archive = this.#archives.get(id);
    if (archive === undefined) return fail(404, 'Archive not found.');
    if (archive.outputMode !== 'composed') {
      return fail(400, 'Only a composed archive has a layout.');
    }
    if (!isRecording(archive)) return fail(409, 'The archive is not being recorded.');
    archive.layout = layout;
    archive.updatedAt = this.#options.now();
    return { ok: null };
  }

  /**
   * Adds (or updates) or removes a stream of a manual-mode archive.
   *
   * @param id - The archive id.
   * @param change - `add` with audio/video flags, or `remove`.
   * @returns Nothing, 404 (archive or stream), 405 (auto stream mode), 409 (not recording).
   */
  changeStreams(
    id: string,
    change: { add: ArchiveStreamEntry } | { remove: string },
  ): ArchiveOutcome<null> {
    const archive = this.#archives.get(id);
    if (archive === undefined) return fail(404, 'Archive not found.');
    if (archive.streamMode !== 'manual') {
      return fail(405, 'Streams can only be chosen for an archive with streamMode "manual".');
    }
    if (!isRecording(archive)) return fail(409, 'The archive is not being recorded.');
    if ('add' in change) {
      const { streamId } = change.add;
      const live = this.#options.hub.streams(archive.sessionId);
      if (!live.some((stream) => stream.streamId === streamId)) {
        return fail(404, 'Stream not found in the session.');
      }
      archive.manualStreams.set(streamId, change.add);
      archive.recording?.addStream(streamId, {
        hasAudio: change.add.hasAudio,
        hasVideo: change.add.hasVideo,
      });
    } else {
      if (!archive.manualStreams.delete(change.remove)) {
        return fail(404, 'Stream not found in the archive.');
      }
      archive.recording?.removeStream(change.remove);
    }
    archive.updatedAt = this.#options.now();
    return { ok: null };
  }

  /**
   * The archive's JSON (REST answers and callbacks).
   *
   * @param archive - The record.
   * @returns OpenTok's archive object.
   */
  json(archive: ArchiveRecord): ArchiveCallbackBody {
    const streams: ArchiveStreamEntry[] =
      archive.streamMode === 'manual' || !isRecording(archive)
        ? [...archive.manualStreams.values()]
        : this.#options.hub.streams(archive.sessionId).map((stream) => ({
            streamId: stream.streamId,
            hasAudio: stream.hasAudio,
            hasVideo: stream.hasVideo,
          }));
    const url =
      archive.media === undefined
        ? null
        : `${this.#options.baseUrl()}${ARCHIVE_MEDIA_PREFIX}${archive.id}/${archive.media.fileName}`;
    return archiveJson(archive, this.#options.apiKey, streams, url);
  }

  /**
   * The archives a client joining the session is told about (`archiveStarted` after connect).
   *
   * @param sessionId - The session.
   * @returns Its recording archives.
   */
  recordingArchives(sessionId: string): WireArchive[] {
    return [...this.#archives.values()]
      .filter((entry) => entry.sessionId === sessionId && isRecording(entry))
      .map(wireArchive);
  }

  /**
   * The media of an archive, for the download route.
   *
   * @param id - The archive id.
   * @returns The record when it is available.
   */
  available(id: string): ArchiveRecord | undefined {
    const archive = this.#archives.get(id);
    return archive?.status === 'available' ? archive : undefined;
  }

  /**
   * Reacts to the session hub: a session's archives pause when its last stream ends and resume
   * when one is published again (stopping after the pause timeouts); `archiveMode: 'always'`
   * starts an archive on the first published stream.
   *
   * @param event - A session-monitoring event.
   */
  onSessionEvent(event: MonitoringEvent): void {
    for (const archive of this.#archives.values()) {
      if (archive.sessionId === event.sessionId) this.#reviewStreams(archive);
    }
    if (event.event === 'streamCreated') {
      const session = this.#options.sessions.get(event.sessionId);
      if (session?.archiveMode !== 'always' || session.e2ee) return;
      const running = [...this.#archives.values()].some(
        (entry) =>
          entry.sessionId === event.sessionId &&
          isRecording(entry) &&
          entry.multiArchiveTag === undefined,
      );
      if (running) return;
      this.start({
        sessionId: event.sessionId,
        name: null,
        outputMode: 'composed',
        streamMode: 'auto',
        hasAudio: true,
        hasVideo: true,
        resolution: '640x480',
        layout: undefined,
        multiArchiveTag: undefined,
        maxDuration: 14_400,
      });
    }
  }

  /**
   * Pauses or resumes an archive after its session's streams or connections changed, and keeps
   * the timer that stops it once it has gone without a stream for too long.
   */
  #reviewStreams(archive: ArchiveRecord): void {
    if (!isRecording(archive)) return;
    clearTimeout(archive.pauseTimer);
    archive.pauseTimer = undefined;
    const now = this.#options.now();
    if (this.#options.hub.streams(archive.sessionId).length > 0) {
      archive.everPublished = true;
      archive.noStream = undefined;
      if (archive.status === 'paused') this.#changeStatus(archive, 'started', now);
      return;
    }
    // Nothing is published. Before anyone published, the archive stays `started` (OpenTok's
    // start answer) with the unattended clock running; afterwards it is `paused`.
    if (archive.everPublished && archive.status === 'started') {
      this.#changeStatus(archive, 'paused', now);
    }
    const timeout = noStreamTimeout(this.#options.pauseTimeouts, {
      connected: this.#options.hub.connections(archive.sessionId).length > 0,
      everPublished: archive.everPublished,
    });
    if (archive.noStream?.kind !== timeout.kind)
      archive.noStream = { kind: timeout.kind, since: now };
    const remaining = Math.max(0, archive.noStream.since + timeout.ms - now);
    archive.pauseTimer = setTimeout(() => this.#stop(archive, timeout.reason), remaining);
    archive.pauseTimer.unref?.();
  }

  #changeStatus(archive: ArchiveRecord, status: 'started' | 'paused', now: number): void {
    archive.status = status;
    archive.updatedAt = now;
    this.#announce(archive);
  }

  /**
   * Resolves once every stopped archive has its final status (`available` or `failed`).
   *
   * @returns Resolves when nothing is being finalised.
   */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }

  /** Ends the max-duration and pause timers (the emulator is closing). */
  close(): void {
    for (const archive of this.#archives.values()) {
      clearTimeout(archive.stopTimer);
      clearTimeout(archive.pauseTimer);
    }
  }

  #stop(archive: ArchiveRecord, reason: string): void {
    if (!isRecording(archive)) return;
    clearTimeout(archive.stopTimer);
    clearTimeout(archive.pauseTimer);
    const now = this.#options.now();
    // Freeze the stream list of an auto-mode archive as it was when recording ended.
    if (archive.streamMode === 'auto') {
      for (const stream of this.#options.hub.streams(archive.sessionId)) {
        archive.manualStreams.set(stream.streamId, {
          streamId: stream.streamId,
          hasAudio: stream.hasAudio,
          hasVideo: stream.hasVideo,
        });
      }
    }
    archive.status = 'stopped';
    archive.reason = reason;
    archive.stoppedAt = now;
    archive.updatedAt = now;
    archive.duration = Math.round((now - archive.createdAt) / 1000);
    this.#announce(archive);
    const finishing = this.#finish(archive).finally(() => this.#pending.delete(finishing));
    this.#pending.add(finishing);
  }

  /** Makes the media file (the recorder's, or a generated one) and announces the final status. */
  async #finish(archive: ArchiveRecord): Promise<void> {
    const recording = archive.recording;
    archive.recording = undefined;
    try {
      // A routed session's recording, unless no stream sent media (clients that publish without
      // WebRTC): then, as for a session without a recorder, a generated placeholder.
      const file = recording === undefined ? undefined : await recording.stop();
      if (file !== undefined) {
        archive.media = {
          kind: 'file',
          path: file.path,
          contentType: file.contentType,
          fileName: basename(file.path),
        };
        archive.size = file.size;
        archive.duration = Math.round(file.duration);
      } else {
        // Let the stop answer go out first, as OpenTok's processing takes a while.
        await new Promise((resolve) => setTimeout(resolve, 0));
        const bytes = placeholderWav(archive.duration);
        archive.media = {
          kind: 'generated',
          bytes,
          contentType: 'audio/wav',
          fileName: 'archive.wav',
        };
        archive.size = bytes.length;
      }
      archive.status = 'available';
    } catch (error) {
      archive.status = 'failed';
      archive.reason = `recording failed: ${error instanceof Error ? error.message : String(error)}`;
    }
    archive.updatedAt = this.#options.now();
    this.#options.postCallback(this.json(archive));
  }

  /** Tells the session's clients and the archive callback URL about a status change. */
  #announce(archive: ArchiveRecord): void {
    this.#options.hub.notifySession(archive.sessionId, {
      type: 'archive',
      archive: wireArchive(archive),
    });
    this.#options.postCallback(this.json(archive));
  }
}

function wireArchive(archive: ArchiveRecord): WireArchive {
  return { id: archive.id, name: archive.name ?? '', status: archive.status };
}
