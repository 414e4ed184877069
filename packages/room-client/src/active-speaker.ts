import type { RoomAction } from './actions.js';
import type { Join } from './join.js';
import { watchSpeaker } from './speaker-levels.js';

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
  /**
   * How long the active speaker must be silent before nobody (or the next speaker) is. Default
   * 1500 ms. A speaker whose levels stop arriving (a subscriber that stopped reporting) loses the
   * role within 1.5 × this (at least 1.5 s) of its last level. A muted speaker (its stream's
   * `hasAudio` false, or your own microphone disabled) loses it at once.
   */
  releaseAfterMs?: number;
}

/** What {@link activeSpeakerDetector} returns: pass it as `activeSpeaker` to `createRoomClient`. */
export interface ActiveSpeakerDetector {
  /** @internal Starts one detection; `report` hears of each change of the active connection. */
  readonly _create: (report: (connectionId: string | undefined) => void) => SpeakerTracker;
}

/**
 * @internal One client's detection: fed by audio levels, reset on leave. `_action` hears every
 * action of the client (the detector's own code, so a client without one carries none of it).
 */
export interface SpeakerTracker {
  _action(join: Join | undefined, action: RoomAction): void;
  _level(streamId: string, connectionId: string, level: number): void;
  _forget(streamId: string): void;
  /** The stream was muted (silent now, not after `releaseAfterMs`, until unmuted) or unmuted. */
  _mute(streamId: string, muted: boolean): void;
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
  /** When its last level arrived. */
  heardAt: number;
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
  // No level for this long is silence too (levels arrive about every 60 ms while all is well).
  const staleAfter = Math.max(releaseAfter, 1000);
  return {
    _create: (report) => {
      const streams = new Map<string, StreamLevel>();
      // Their levels count as 0: a muted microphone may still report what it hears.
      const muted = new Set<string>();
      let active: string | undefined;
      // Runs only while someone is the active speaker: levels that stop arriving release it.
      let staleCheck: ReturnType<typeof setInterval> | undefined;
      const set = (streamId: string | undefined) => {
        if (streamId === active) return;
        const before = active && streams.get(active)?.connectionId;
        active = streamId;
        const after = streamId && streams.get(streamId)?.connectionId;
        if (active === undefined) {
          clearInterval(staleCheck);
          staleCheck = undefined;
        } else {
          staleCheck ??= setInterval(releaseStale, staleAfter / 2);
        }
        if (before !== after) report(after || undefined);
      };
      const silence = (level: StreamLevel) => {
        level.smoothed = 0;
        level.speaking = false;
        level.leadingSince = undefined;
      };
      const releaseStale = () => {
        const current = active === undefined ? undefined : streams.get(active);
        if (current && Date.now() - current.heardAt >= staleAfter) {
          silence(current);
          set(undefined);
        }
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
      const tracker: SpeakerTracker = {
        _action(join, action) {
          watchSpeaker(tracker, join, action);
        },
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
              heardAt: now,
            };
            streams.set(streamId, level);
          }
          level.heardAt = now;
          const heard = Number.isFinite(value) && !muted.has(streamId) ? value : 0;
          level.smoothed += 0.3 * (heard - level.smoothed);
          if (!level.speaking && level.smoothed > speakingLevel) level.speaking = true;
          else if (level.speaking && level.smoothed < silentLevel) level.speaking = false;
          if (level.speaking) level.silentSince = undefined;
          else level.silentSince ??= now;
          decide(now);
        },
        _forget(streamId) {
          if (active === streamId) set(undefined);
          streams.delete(streamId);
          muted.delete(streamId);
        },
        _mute(streamId, mute) {
          if (!mute) {
            muted.delete(streamId);
            return;
          }
          muted.add(streamId);
          const level = streams.get(streamId);
          if (!level) return;
          silence(level);
          level.silentSince = Date.now();
          if (active === streamId) set(undefined);
        },
        _reset() {
          set(undefined);
          clearInterval(staleCheck);
          staleCheck = undefined;
          streams.clear();
          muted.clear();
        },
      };
      return tracker;
    },
  };
}
