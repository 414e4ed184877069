import type { ParticipantInfo, RoomCounts, RoomSnapshot } from '@opentok-rooms/room-client';
import { useRoomSnapshot } from '../use-room-snapshot.js';

const selectParticipants = (s: RoomSnapshot): readonly ParticipantInfo[] => s.participants;
const selectCounts = (s: RoomSnapshot): RoomCounts => s.counts;

/**
 * The other connections in the room, in arrival order; re-renders only when someone arrives or leaves.
 *
 * @returns the participants (connection id, connection data, arrival time)
 */
export function useParticipants(): readonly ParticipantInfo[] {
  return useRoomSnapshot(selectParticipants);
}

/**
 * How many connections the room has (`others`, and `total` with yours); re-renders only when a
 * number changes.
 *
 * @returns the counts
 */
export function useRoomCounts(): RoomCounts {
  return useRoomSnapshot(selectCounts);
}
