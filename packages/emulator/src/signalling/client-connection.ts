/** A browser client connected to the emulator, as {@link Emulator.connections} lists it. */
export interface ClientConnection {
  /** The connection id the client sees as `session.connection.connectionId`. */
  readonly connectionId: string;
  /** The session it is connected to. */
  readonly sessionId: string;
  /** The role its token granted. */
  readonly role: 'publisher' | 'publisheronly' | 'subscriber' | 'moderator';
  /** The token's connection data ('' when none). */
  readonly data: string;
  /** When it connected, in milliseconds since the epoch. */
  readonly createdAt: number;
  /** `false` while its socket is dropped and it may still come back. */
  readonly online: boolean;
}

/** Options of {@link Emulator.dropClient}. */
export interface DropClientOptions {
  /**
   * `true` (default): the client may resume its connection (`sessionReconnecting`, then
   * `sessionReconnected`). `false`: the connection is destroyed at once (`networkDisconnected`
   * for everyone, and `sessionDisconnected` with that reason for the client).
   */
  reconnect?: boolean;
}
