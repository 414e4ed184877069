import { copyFile, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MediaRouter, RoutedStream } from '../media/media-router.js';
import type {
  ArchiveRecorder,
  ArchiveRecording,
  ArchiveRecordingRequest,
  RecordedArchiveFile,
} from './archive-recorder.js';
import {
  loadRecorderModule,
  StreamRecording,
  type StreamRecordingResult,
} from './stream-recording.js';
import { writeStoredZip } from './zip-store.js';

const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** The archive recorder with a `close()` that removes its temporary directory. @internal */
export interface ClosableArchiveRecorder extends ArchiveRecorder {
  /** Stops every recording and removes the temporary directory (a given one is kept). */
  close(): Promise<void>;
}

/**
 * Records routed sessions from the media router to real files: `individual` writes one WebM per
 * stream and delivers them in one zip with a JSON manifest, as OpenTok does; `composed` writes
 * one WebM of the session's first recorded stream (its video and audio; no grid, no mixing).
 *
 * @param router - The media router.
 * @param directory - Where files go; default a new temporary directory, removed by `close()`.
 * @returns The recorder.
 * @internal
 */
export function createArchiveRecorder(
  router: MediaRouter,
  directory: string | undefined,
): ClosableArchiveRecorder {
  let root: Promise<string> | undefined;
  const owned = directory === undefined;
  const recordings = new Set<ArchiveRecording>();
  // Load werift's recorder (a second bundle, slow to parse on a busy machine) as soon as a routed
  // stream exists, so that a recording started later catches its first packets.
  const stopWarming = router.observe({
    upstreamCreated: () => {
      stopWarming();
      setTimeout(() => void loadRecorderModule().catch(() => undefined), 0);
    },
    streamRemoved: () => undefined,
  });
  const rootDirectory = (): Promise<string> => {
    root ??=
      directory === undefined
        ? mkdtemp(join(tmpdir(), 'opentok-emulator-archives-'))
        : mkdir(directory, { recursive: true }).then(() => directory);
    return root;
  };
  return {
    start(request: ArchiveRecordingRequest): ArchiveRecording {
      checkRequest(request);
      const recording = startRecording(router, rootDirectory(), request);
      recordings.add(recording);
      return {
        addStream: (streamId, options) => recording.addStream(streamId, options),
        removeStream: (streamId) => recording.removeStream(streamId),
        stop: () => recording.stop().finally(() => recordings.delete(recording)),
      };
    },
    async close(): Promise<void> {
      await Promise.allSettled([...recordings].map((recording) => recording.stop()));
      recordings.clear();
      if (owned && root !== undefined) {
        const path = await root.catch(() => undefined);
        if (path !== undefined) await rm(path, { recursive: true, force: true });
      }
    },
  };
}

function checkRequest(request: ArchiveRecordingRequest): void {
  if (!SAFE_ID.test(request.archiveId)) {
    throw new TypeError(
      'archiveId must be 1-128 letters, digits, "-" or "_" (it names the files).',
    );
  }
  if (request.outputMode !== 'composed' && request.outputMode !== 'individual') {
    throw new TypeError('outputMode must be "composed" or "individual".');
  }
  if (request.streamMode !== 'auto' && request.streamMode !== 'manual') {
    throw new TypeError('streamMode must be "auto" or "manual".');
  }
  if (!request.hasAudio && !request.hasVideo) {
    throw new TypeError('An archive records audio, video or both.');
  }
}

function startRecording(
  router: MediaRouter,
  root: Promise<string>,
  request: ArchiveRecordingRequest,
): ArchiveRecording {
  const { sessionId, archiveId, outputMode, streamMode } = request;
  const startedAt = Date.now();
  const folder = root.then(async (path) => {
    const inner = join(path, archiveId);
    await mkdir(inner, { recursive: true });
    return inner;
  });
  const active = new Map<string, Promise<StreamRecording>>();
  const finished: Array<Promise<StreamRecordingResult | undefined>> = [];
  const wanted = new Map<string, { audio: boolean; video: boolean }>();
  let stopped: Promise<RecordedArchiveFile | undefined> | undefined;

  const record = (routed: RoutedStream): void => {
    const { streamId } = routed.stream;
    const kinds = wanted.get(streamId) ?? (streamMode === 'auto' ? defaults() : undefined);
    const upstream = routed.upstream;
    if (kinds === undefined || upstream === undefined || active.has(streamId) || stopped) return;
    // Composed records one stream: the first.
    if (outputMode === 'composed' && (active.size > 0 || finished.length > 0)) return;
    active.set(
      streamId,
      folder.then(
        (path) =>
          new StreamRecording(
            upstream,
            join(path, `${streamId}.webm`),
            kinds,
            routed.stream.videoDimensions,
          ),
      ),
    );
  };
  const defaults = (): { audio: boolean; video: boolean } => ({
    audio: request.hasAudio,
    video: request.hasVideo,
  });
  const finish = (streamId: string): void => {
    const pending = active.get(streamId);
    if (pending === undefined) return;
    active.delete(streamId);
    finished.push(pending.then((recording) => recording.stop()));
  };

  const unobserve = router.observe({
    upstreamCreated: (id, routed) => {
      if (id === sessionId) record(routed);
    },
    streamRemoved: (id, streamId) => {
      if (id === sessionId) finish(streamId);
    },
  });
  if (streamMode === 'auto') for (const routed of router.streams(sessionId)) record(routed);

  return {
    addStream(streamId, options = {}): void {
      wanted.set(streamId, {
        audio: request.hasAudio && options.hasAudio !== false,
        video: request.hasVideo && options.hasVideo !== false,
      });
      const routed = router.streams(sessionId).find((entry) => entry.stream.streamId === streamId);
      if (routed !== undefined) record(routed);
    },
    removeStream(streamId): void {
      wanted.delete(streamId);
      finish(streamId);
    },
    stop(): Promise<RecordedArchiveFile | undefined> {
      stopped ??= (async () => {
        unobserve();
        const stoppedAt = Date.now();
        for (const streamId of [...active.keys()]) finish(streamId);
        const results = (await Promise.all(finished)).filter(
          (result): result is StreamRecordingResult => result !== undefined,
        );
        const path = await folder;
        if (outputMode === 'composed')
          return composedFile(path, archiveId, results, startedAt, stoppedAt);
        return individualFile(path, request, results, startedAt, stoppedAt);
      })();
      return stopped;
    },
  };
}

async function composedFile(
  folder: string,
  archiveId: string,
  results: readonly StreamRecordingResult[],
  startedAt: number,
  stoppedAt: number,
): Promise<RecordedArchiveFile | undefined> {
  const [first] = results;
  // No stream sent media: nothing to compose (the archive API then serves its placeholder).
  if (first === undefined) return undefined;
  const path = join(folder, `${archiveId}.webm`);
  await copyFile(first.path, path);
  await rm(first.path, { force: true });
  const { size } = await stat(path);
  const duration = first.durationMs > 0 ? first.durationMs / 1000 : (stoppedAt - startedAt) / 1000;
  return { path, contentType: 'video/webm', size, duration };
}

async function individualFile(
  folder: string,
  request: ArchiveRecordingRequest,
  results: readonly StreamRecordingResult[],
  startedAt: number,
  stoppedAt: number,
): Promise<RecordedArchiveFile> {
  // OpenTok's individual archive: a zip of one file per stream and a manifest naming them.
  const manifest = {
    createdAt: startedAt,
    id: request.archiveId,
    name: '',
    sessionId: request.sessionId,
    files: results.map((result) => ({
      filename: `${result.streamId}.webm`,
      size: result.size,
      streamId: result.streamId,
      startTimeOffset: Math.max(0, result.startedAt - startedAt),
      stopTimeOffset: Math.max(0, result.stoppedAt - startedAt),
      durationMs: result.durationMs,
    })),
  };
  const path = join(folder, `${request.archiveId}.zip`);
  const size = await writeStoredZip(path, [
    ...results.map((result) => ({
      name: `${result.streamId}.webm`,
      content: { path: result.path },
    })),
    {
      name: `${request.archiveId}.json`,
      content: Buffer.from(JSON.stringify(manifest, null, 2), 'utf8'),
    },
  ]);
  return { path, contentType: 'application/zip', size, duration: (stoppedAt - startedAt) / 1000 };
}
