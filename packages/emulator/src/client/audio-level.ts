/** Where a level comes from: a number in 0..1 (the latest one known). @internal */
export type LevelSource = () => number;

/** How often `audioLevelUpdated` fires while someone listens (the real SDK: every frame). */
export const AUDIO_LEVEL_INTERVAL_MS = 50;

/**
 * Dispatches `audioLevelUpdated` while at least one handler listens, and costs nothing otherwise:
 * it starts when the first handler is added and stops at the first tick with none left (as
 * `@opentok/client`'s runner does).
 *
 * @internal
 */
export class AudioLevelRunner {
  readonly #sample: LevelSource;
  readonly #emit: (level: number) => void;
  readonly #listening: () => boolean;
  #timer: ReturnType<typeof setInterval> | undefined;

  /**
   * @param sample - Reads the current level.
   * @param emit - Dispatches the event.
   * @param listening - Whether anyone still listens.
   */
  constructor(sample: LevelSource, emit: (level: number) => void, listening: () => boolean) {
    this.#sample = sample;
    this.#emit = emit;
    this.#listening = listening;
  }

  /** Starts ticking (a handler was added); idempotent. */
  start(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => {
      if (!this.#listening()) {
        this.stop();
        return;
      }
      this.#emit(this.#sample());
    }, AUDIO_LEVEL_INTERVAL_MS);
  }

  /** Stops ticking. */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}

let sharedContext: AudioContext | undefined;

/**
 * The level of a local track through Web Audio: the peak of the last 1024 samples (0..1).
 * Re-reads the track each time (it can be replaced). Gives 0 while the page's AudioContext is
 * not allowed to run (no user gesture yet).
 *
 * @param currentTrack - The publisher's audio track now, if any.
 * @returns The source and a `close` that disconnects the analyser.
 * @internal
 */
export function webAudioLevel(currentTrack: () => MediaStreamTrack | undefined): {
  sample: LevelSource;
  close(): void;
} {
  let buffer: Float32Array<ArrayBuffer> | undefined;
  let active:
    | { track: MediaStreamTrack; source: MediaStreamAudioSourceNode; analyser: AnalyserNode }
    | undefined;
  const close = (): void => {
    active?.source.disconnect();
    active = undefined;
  };
  return {
    sample() {
      const track = currentTrack();
      if (track === undefined || track.readyState === 'ended' || !track.enabled) {
        close();
        return 0;
      }
      if (active?.track !== track) {
        close();
        sharedContext ??= new AudioContext();
        if (sharedContext.state === 'suspended') void sharedContext.resume().catch(() => {});
        const source = sharedContext.createMediaStreamSource(new MediaStream([track]));
        const analyser = sharedContext.createAnalyser();
        analyser.fftSize = 1024;
        source.connect(analyser);
        active = { track, source, analyser };
        buffer = new Float32Array(analyser.fftSize);
      }
      if (buffer === undefined || active === undefined) return 0;
      active.analyser.getFloatTimeDomainData(buffer);
      let peak = 0;
      for (const value of buffer) peak = Math.max(peak, Math.abs(value));
      return Math.min(1, peak);
    },
    close,
  };
}

/**
 * The level a peer connection (or one receiver of it) reports for the audio it receives
 * (`inbound-rtp` `audioLevel`, 0..1): what a Subscriber shows. Reads stats in the background;
 * returns the latest value.
 *
 * @param connection - The receiving peer connection or receiver now, if any.
 * @returns The source.
 * @internal
 */
export function receivedAudioLevel(
  connection: () => Pick<RTCPeerConnection, 'getStats'> | undefined,
): LevelSource {
  let latest = 0;
  let reading = false;
  return () => {
    const pc = connection();
    const closed = (pc as { connectionState?: string } | undefined)?.connectionState === 'closed';
    if (pc !== undefined && !reading && !closed) {
      reading = true;
      pc.getStats()
        .then((report) => {
          let level = 0;
          report.forEach((entry: { type?: string; kind?: string; audioLevel?: number }) => {
            if (entry.type === 'inbound-rtp' && entry.kind === 'audio') {
              level = Math.max(level, entry.audioLevel ?? 0);
            }
          });
          latest = level;
        })
        .catch(() => {})
        .finally(() => {
          reading = false;
        });
    }
    return latest;
  };
}
