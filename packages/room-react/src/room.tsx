import type { RoomClient } from '@opentok-rooms/room-client';
import type { ReactNode } from 'react';
import { RoomContext } from './room-context.js';
import type { RoomOptions } from './room-options.js';
import { useRoomClient } from './use-room-client.js';

/** Props of {@link RoomProvider}. */
export interface RoomProviderProps {
  /** The client the hooks below read (e.g. from {@link useRoomClient}). */
  client: RoomClient;
  /** The room's UI. */
  children?: ReactNode;
}

/**
 * Provides a client you own to the hooks and components below.
 *
 * @param props - the client and children
 * @returns the provider element
 */
export function RoomProvider({ client, children }: RoomProviderProps): ReactNode {
  return <RoomContext.Provider value={client}>{children}</RoomContext.Provider>;
}

/** Props of {@link Room}: the {@link RoomOptions} and children. */
export interface RoomProps extends RoomOptions {
  /** The room's UI. */
  children?: ReactNode;
}

/**
 * Joins a room while mounted (in the browser only) and provides it to the hooks below: the
 * one-line form of {@link useRoomClient} plus {@link RoomProvider}.
 *
 * @param props - the room options and children
 * @returns the provider element
 * @example
 * ```tsx
 * <Room room="standup" joinUrl="/api/rooms/standup/join" joinData={JSON.stringify({ name })}>
 *   <VideoGrid />
 * </Room>
 * ```
 */
export function Room({ children, ...options }: RoomProps): ReactNode {
  const client = useRoomClient(options);
  return <RoomContext.Provider value={client}>{children}</RoomContext.Provider>;
}
