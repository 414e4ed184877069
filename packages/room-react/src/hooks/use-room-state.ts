import type {
  DisconnectReason,
  RoomClientError,
  RoomClientState,
  RoomSnapshot,
} from '@opentok-rooms/room-client';
import { shallowEqual, useRoomSnapshot } from '../use-room-snapshot.js';

/** What {@link useRoomState} returns. */
export interface RoomStatus {
  /** The lifecycle state (`reconnecting` while OpenTok restores a lost connection). */
  readonly state: RoomClientState;
  /** Why the client is disconnected, with the `disconnected` state. */
  readonly disconnectReason: DisconnectReason | undefined;
  /** Why the last join failed, or the error of the last disconnect. */
  readonly error: RoomClientError | undefined;
  /** Your connection id while connected. */
  readonly connectionId: string | undefined;
}

const selectStatus = (s: RoomSnapshot): RoomStatus => ({
  state: s.state,
  disconnectReason: s.disconnectReason,
  error: s.error,
  connectionId: s.connectionId,
});

/**
 * The room's connection state, disconnect reason and error; re-renders only when one changes.
 *
 * @returns the status
 */
export function useRoomState(): RoomStatus {
  return useRoomSnapshot(selectStatus, shallowEqual);
}
