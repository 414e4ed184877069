import type { LocalMediaInfo, RoomSnapshot } from '@opentok-rooms/room-client';
import { useRoomSnapshot } from '../use-room-snapshot.js';

const selectLocal = (s: RoomSnapshot): LocalMediaInfo => s.local;

/**
 * Your side of the room: camera (and screen) publication, microphone and camera on/off, devices.
 * Change them with the client's methods (`useRoom().setMicrophoneEnabled(false)`).
 *
 * @returns the local media slice
 */
export function useLocalMedia(): LocalMediaInfo {
  return useRoomSnapshot(selectLocal);
}
