import { stat } from 'node:fs/promises';
import type { MediaStreamTrack } from 'werift';
import type { Upstream } from '../media/upstream.js';
import { startsVp8Keyframe } from '../media/vp8-keyframe.js';

/** Keyframes seen after the recorder started before we stop asking for more. */
const KEYFRAMES_WANTED = 2;
/** How often the recording asks the publisher for a keyframe until it has them. */
const KEYFRAME_RETRY_MS = 500;
/** werift subscribes to the track a moment after the recorder is made: keyframes before do not count. */
const SUBSCRIBE_GRACE_MS = 300;

/** werift's non-standard part (its WebM recorder), loaded with the first recording. */
type WeriftRecorderModule = typeof import('werift/nonstandard');

let loading: Promise<WeriftRecorderModule> | undefined;

/**
 * Loads werift's recorder once.
 *
 * @returns The module.
 * @internal
 */
export function loadRecorderModule(): Promise<WeriftRecorderModule> {
  loading ??= import('werift/nonstandard');
  return loading;
}

/** What one stream's recording produced. @internal */
export interface StreamRecordingResult {
  readonly streamId: string;
  readonly path: string;
  readonly size: number;
  /** Milliseconds of media in the file (from its first to its last frame). */
  readonly durationMs: number;
  /** When it started and stopped, in milliseconds since the epoch. */
  readonly startedAt: number;
  readonly stoppedAt: number;
}

/**
 * Records one stream's upstream to a WebM file (VP8 + Opus, exactly the packets the router
 * received, depacketized, no transcoding) with werift's recorder, which writes the duration and
 * cues when it stops, so the file seeks and plays to its end.
 *
 * @internal
 */
export class StreamRecording {
  /** The stream recorded. */
  readonly streamId: string;
  /** The file it writes. */
  readonly path: string;
  /** When the recording was asked for, in milliseconds since the epoch. */
  readonly startedAt: number;
  readonly #recorder: Promise<InstanceType<WeriftRecorderModule['MediaRecorder']> | undefined>;
  #durationMs = 0;
  #ended: (() => void) | undefined;
  readonly #end = new Promise<void>((resolve) => {
    this.#ended = resolve;
  });
  #stopOnTracks: (() => void) | undefined;
  #stopKeyframes: (() => void) | undefined;
  #stopping: Promise<StreamRecordingResult | undefined> | undefined;

  /**
   * @param upstream - The stream's upstream.
   * @param path - The WebM file to write.
   * @param kinds - Which kinds to record.
   * @param dimensions - The stream's video size (the file's track header).
   */
  constructor(
    upstream: Upstream,
    path: string,
    kinds: { audio: boolean; video: boolean },
    dimensions: { width: number; height: number },
  ) {
    this.streamId = upstream.streamId;
    this.path = path;
    this.startedAt = Date.now();
    this.#recorder = new Promise((resolve) => {
      const tracks: MediaStreamTrack[] = [];
      let scheduled = false;
      this.#stopOnTracks = upstream.onTrack((track) => {
        if (!kinds[track.kind as 'audio' | 'video'] || tracks.includes(track)) return;
        tracks.push(track);
        if (scheduled) return;
        scheduled = true;
        // The offer's tracks arrive together: start once the current ones are in.
        setTimeout(() => {
          if (this.#stopping !== undefined) {
            resolve(undefined);
            return;
          }
          void this.#start(tracks, dimensions, upstream).then(resolve, () => resolve(undefined));
        }, 50);
      });
      this.#resolveEmpty = () => resolve(undefined);
    });
  }

  #resolveEmpty: () => void = () => undefined;

  /**
   * Stops recording and waits for the file to be complete.
   *
   * @returns What was written, or `undefined` when no media arrived.
   */
  stop(): Promise<StreamRecordingResult | undefined> {
    this.#stopping ??= (async () => {
      this.#stopOnTracks?.();
      this.#stopKeyframes?.();
      const stoppedAt = Date.now();
      // No track yet: nothing will be written.
      const pending = this.#recorder;
      const timeout = setTimeout(() => this.#resolveEmpty(), 100);
      const recorder = await pending;
      clearTimeout(timeout);
      if (recorder === undefined) return undefined;
      await recorder.stop();
      // werift stops waiting for the file's last write after 5 s; on a loaded machine it can take
      // longer, and the file is only complete (duration, cues) once it is done.
      const complete = await Promise.race([
        this.#end.then(() => true),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), 30_000)),
      ]);
      if (!complete) {
        // werift never finished the file (a track that never got a frame): it would not play.
        console.warn(
          `opentok-emulator: the recording of stream ${this.streamId} is incomplete; left out.`,
        );
        return undefined;
      }
      const size = await stat(this.path).then(
        (info) => info.size,
        () => 0,
      );
      if (size === 0) return undefined;
      return {
        streamId: this.streamId,
        path: this.path,
        size,
        durationMs: this.#durationMs,
        startedAt: this.startedAt,
        stoppedAt,
      };
    })();
    return this.#stopping;
  }

  async #start(
    tracks: MediaStreamTrack[],
    dimensions: { width: number; height: number },
    upstream: Upstream,
  ): Promise<InstanceType<WeriftRecorderModule['MediaRecorder']>> {
    const { MediaRecorder, Event } = await loadRecorderModule();
    const output = new Event<[{ eol?: { duration: number } }]>();
    output.subscribe((value) => {
      if (value.eol === undefined) return;
      this.#durationMs = value.eol.duration;
      // The file is complete once werift's own handler (subscribed first) wrote the duration.
      setImmediate(() => this.#ended?.());
    });
    const recorder = new MediaRecorder({
      path: this.path,
      tracks: [...tracks],
      width: dimensions.width,
      height: dimensions.height,
      // RTP time is enough on one machine, and needs no sender report before the first frame.
      disableNtp: true,
      // Wait for retransmissions longer than werift's 200 ms before skipping a lost packet: a
      // keyframe with a hole is dropped, and a file without one is never finished.
      jitterBuffer: { latency: 1000 },
      stream: output as never,
    });
    this.#askForKeyframes(upstream, tracks);
    return recorder;
  }

  /**
   * werift writes video only from a keyframe on, and never finishes a file whose video had none:
   * ask the publisher until keyframes arrive after the recorder is listening.
   */
  #askForKeyframes(upstream: Upstream, tracks: readonly MediaStreamTrack[]): void {
    const video = tracks.find((track) => track.kind === 'video');
    if (video === undefined) return;
    const listeningFrom = Date.now() + SUBSCRIBE_GRACE_MS;
    let seen = 0;
    const { unSubscribe } = video.onReceiveRtp.subscribe((rtp) => {
      if (Date.now() >= listeningFrom && startsVp8Keyframe(rtp.payload)) seen += 1;
      if (seen >= KEYFRAMES_WANTED) this.#stopKeyframes?.();
    });
    upstream.requestKeyframe();
    const timer = setInterval(() => upstream.requestKeyframe(), KEYFRAME_RETRY_MS);
    this.#stopKeyframes = () => {
      clearInterval(timer);
      unSubscribe();
    };
  }
}
