import type { RoomSnapshot } from '@opentok-rooms/room-client';
import { useCallback } from 'react';
import { useRoomSnapshot } from '../use-room-snapshot.js';

const selectSpeaker = (s: RoomSnapshot): string | undefined => s.activeSpeaker;

/**
 * The connection id of who is speaking (yours or a remote one), or `undefined`.
 *
 * @returns the active speaker's connection id
 */
export function useActiveSpeaker(): string | undefined {
  return useRoomSnapshot(selectSpeaker);
}

/**
 * Whether one connection is the active speaker; re-renders only when that answer changes (not on
 * every change of speaker).
 *
 * @param connectionId - the connection to ask about
 * @returns whether it is speaking
 */
export function useIsSpeaking(connectionId: string | undefined): boolean {
  const select = useCallback(
    (s: RoomSnapshot) => connectionId !== undefined && s.activeSpeaker === connectionId,
    [connectionId],
  );
  return useRoomSnapshot(select);
}
