import {
  isRoomClientError,
  type LocalPublicationInfo,
  type RoomClient,
  RoomClientError,
  type RoomSnapshot,
  type ScreenShareOptions,
  shareScreen,
  stopScreenShare,
} from '@opentok-rooms/room-client';
import { useCallback, useSyncExternalStore } from 'react';
import { videosOf } from '../client-videos.js';
import { useRoom } from '../room-context.js';
import { useRoomSnapshot } from '../use-room-snapshot.js';
import { localVideoKey } from '../video-elements.js';

/** What {@link useScreenShare} returns. */
export interface ScreenShare {
  /** `idle` (not sharing), then room-client's `starting` → `published`, or `failed`. */
  readonly status: 'idle' | LocalPublicationInfo['status'];
  /** Whether your screen is being shared (or about to be: the picker is open). */
  readonly sharing: boolean;
  /**
   * Why the last `start()` failed, until the next one: `media_access_denied` (the picker was
   * cancelled), `media_unavailable` (no screen sharing in this browser), `not_connected`,
   * `invalid_argument` (already sharing), `timeout`.
   */
  readonly error: RoomClientError | undefined;
  /**
   * Opens the browser's picker and shares the chosen screen. Never rejects (safe as an
   * `onClick`): resolves to the error, also in `error`, or `undefined` once published.
   */
  readonly start: (
    options?: Omit<ScreenShareOptions, 'video'>,
  ) => Promise<RoomClientError | undefined>;
  /** Stops sharing (no-op when not sharing). */
  readonly stop: () => void;
}

const selectScreen = (s: RoomSnapshot): LocalPublicationInfo | undefined => s.local.screen;

/**
 * Your screen share: its state, and `start`/`stop` over room-client's `shareScreen` and
 * `stopScreenShare`. The local preview goes to `<VideoTile local="screen">` (which
 * `<VideoGrid>` shows first). Every `useScreenShare` of a room sees the same state and last error;
 * it re-renders only when those change.
 *
 * @returns the share's state and the functions to start and stop it (stable for the room)
 * @example
 * ```tsx
 * const { sharing, start, stop, error } = useScreenShare();
 * <button onClick={sharing ? stop : () => start()}>{sharing ? 'Stop sharing' : 'Share screen'}</button>
 * {error && error.code !== 'media_access_denied' ? <p role="alert">{error.message}</p> : null}
 * ```
 */
export function useScreenShare(): ScreenShare {
  const room = useRoom();
  const screen = useRoomSnapshot(selectScreen);
  const last = lastErrorOf(room);
  const error = useSyncExternalStore(last.subscribe, last.get, last.get);
  const start = useCallback(
    async (options: Omit<ScreenShareOptions, 'video'> = {}) => {
      last.set(undefined);
      const videos = videosOf(room);
      try {
        await shareScreen(room, {
          ...options,
          video: { onElement: (element) => videos.set(localVideoKey('screen'), element) },
        });
        return undefined;
      } catch (caught) {
        const failure = isRoomClientError(caught)
          ? caught
          : new RoomClientError('unknown', String(caught), { cause: caught });
        last.set(failure);
        return failure;
      }
    },
    [room, last],
  );
  const stop = useCallback(() => stopScreenShare(room), [room]);
  const status = screen?.status ?? 'idle';
  return {
    status,
    sharing: status === 'starting' || status === 'published',
    // A publication that recovered may still carry its old error: only a failed one has one.
    error: error ?? (status === 'failed' ? screen?.error : undefined),
    start,
    stop,
  };
}

/** The last `start()` error of one client, shared by every `useScreenShare` of that room. */
interface LastError {
  get: () => RoomClientError | undefined;
  set: (error: RoomClientError | undefined) => void;
  subscribe: (listener: () => void) => () => void;
}

const lastErrors = new WeakMap<RoomClient, LastError>();

function lastErrorOf(room: RoomClient): LastError {
  let last = lastErrors.get(room);
  if (!last) {
    let error: RoomClientError | undefined;
    const listeners = new Set<() => void>();
    last = {
      get: () => error,
      set: (next) => {
        if (next === error) return;
        error = next;
        for (const listener of [...listeners]) listener();
      },
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    lastErrors.set(room, last);
  }
  return last;
}
