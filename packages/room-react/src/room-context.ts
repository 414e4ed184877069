import type { RoomClient } from '@opentok-rooms/room-client';
import { createContext, useContext } from 'react';

/** The client the nearest `<Room>` or `<RoomProvider>` provides. */
export const RoomContext: React.Context<RoomClient | undefined> = createContext<
  RoomClient | undefined
>(undefined);

/**
 * The `RoomClient` of the nearest `<Room>` or `<RoomProvider>`.
 *
 * @returns the client
 * @throws Error when no `<Room>` or `<RoomProvider>` is above this component
 */
export function useRoom(): RoomClient {
  const room = useContext(RoomContext);
  if (!room) {
    throw new Error(
      'useRoom() and the room hooks need a <Room> or <RoomProvider client={…}> above them.',
    );
  }
  return room;
}
