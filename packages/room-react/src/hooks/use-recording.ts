import type { RecordingInfo, RoomSnapshot } from '@opentok-rooms/room-client';
import { useRoomSnapshot } from '../use-room-snapshot.js';

const selectRecording = (s: RoomSnapshot): RecordingInfo => s.recording;

/**
 * Whether the room is being recorded (archive id, name, start time).
 *
 * @returns the recording slice
 */
export function useRecording(): RecordingInfo {
  return useRoomSnapshot(selectRecording);
}
