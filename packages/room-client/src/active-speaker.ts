/**
 * Thresholds of {@link activeSpeakerDetector}. Levels are OpenTok's `audioLevelUpdated` values
 * (0..1), smoothed per stream (each update moves the smoothed level 30% of the way to the new
 * value), so a single click or breath does not count.
 */
export interface ActiveSpeakerOptions {
  /** Smoothed level above which a stream counts as speaking. Default 0.1. */
  speakingLevel?: number;
  /** Smoothed level below which a speaking stream counts as silent again. Default 0.05. */
  silentLevel?: number;
  /** How long another stream must be the loudest speaking one before it takes over. Default 500 ms. */
  switchAfterMs?: number;
  /** How long the active speaker must be silent before nobody (or the next speaker) is. Default 1500 ms. */
  releaseAfterMs?: number;
}

/** What {@link activeSpeakerDetector} returns: pass it as `activeSpeaker` to `createRoomClient`. */
export interface ActiveSpeakerDetector {
  /** @internal Starts one detection; `report` hears of each change of the active connection. */
  readonly _create: (report: (connectionId: string | undefined) => void) => SpeakerTracker;
}

/** @internal One client's detection: fed by audio levels, reset on leave. */
export interface SpeakerTracker {
  _level(streamId: string, connectionId: string, level: number): void;
  _forget(streamId: string): void;
  _reset(): void;
}

interface StreamLevel {
  connectionId: string;
  smoothed: number;
  speaking: boolean;
  /** Since when it has been the loudest speaking stream (but not the active one). */
  leadingSince: number | undefined;
  /** Since when the active stream has been silent. */
  silentSince: number | undefined;
}

/**
 * Active-speaker detection from subscribers' (and your own publisher's) audio levels, with
 * hysteresis so it does not flicker: a speaker starts above `speakingLevel`, stops below
 * `silentLevel`, must lead for `switchAfterMs` to take over and stay silent for `releaseAfterMs`
 * to lose it. Tree-shakeable: a page that does not pass it pays nothing, and without it
 * room-client attaches no `audioLevelUpdated` listener at all.
 *
 * @param options - thresholds (see {@link ActiveSpeakerOptions} for the defaults)
 * @returns the detector to pass as `activeSpeaker`
 * @example
 * ```ts
 * const room = createRoomClient({ credentials, activeSpeaker: activeSpeakerDetector() });
 * room.on('activeSpeakerChanged', (connectionId) => highlight(connectionId));
 * ```
 */
export function activeSpeakerDetector(options: ActiveSpeakerOptions = {}): ActiveSpeakerDetector {
  const speakingLevel = options.speakingLevel ?? 0.1;
  const silentLevel = options.silentLevel ?? 0.05;
  const switchAfter = options.switchAfterMs ?? 500;
  const releaseAfter = options.releaseAfterMs ?? 1500;
  return {
    _create: (report) => {
      const streams = new Map<string, StreamLevel>();
      let active: string | undefined;
      const set = (streamId: string | undefined) => {
        if (streamId === active) return;
        const before = active && streams.get(active)?.connectionId;
        active = streamId;
        const after = streamId && streams.get(streamId)?.connectionId;
        if (before !== after) report(after || undefined);
      };
      const decide = (now: number) => {
        const current = active === undefined ? undefined : streams.get(active);
        let leader: [string, StreamLevel] | undefined;
        for (const entry of streams) {
          if (
            entry[1].speaking &&
            entry[0] !== active &&
            entry[1].smoothed > (leader?.[1].smoothed ?? 0)
          ) {
            leader = entry;
          }
        }
        for (const [id, level] of streams) if (id !== leader?.[0]) level.leadingSince = undefined;
        if (leader) {
          const [id, level] = leader;
          level.leadingSince ??= now;
          const louder = !current?.speaking || level.smoothed > current.smoothed;
          if (!louder) level.leadingSince = now;
          else if (current === undefined || now - level.leadingSince >= switchAfter) {
            set(id);
            return;
          }
        }
        if (current && !current.speaking && current.silentSince !== undefined) {
          if (now - current.silentSince >= releaseAfter) set(undefined);
        }
      };
      return {
        _level(streamId, connectionId, value) {
          const now = Date.now();
          let level = streams.get(streamId);
          if (!level) {
            level = {
              connectionId,
              smoothed: 0,
              speaking: false,
              leadingSince: undefined,
              silentSince: undefined,
            };
            streams.set(streamId, level);
          }
          level.smoothed += 0.3 * ((Number.isFinite(value) ? value : 0) - level.smoothed);
          if (!level.speaking && level.smoothed > speakingLevel) level.speaking = true;
          else if (level.speaking && level.smoothed < silentLevel) level.speaking = false;
          if (level.speaking) level.silentSince = undefined;
          else level.silentSince ??= now;
          decide(now);
        },
        _forget(streamId) {
          if (active === streamId) set(undefined);
          streams.delete(streamId);
        },
        _reset() {
          set(undefined);
          streams.clear();
        },
      };
    },
  };
}
