/** One change in who is in a session, from an OpenTok session-monitoring callback. */
export interface PresenceChange {
  /** What changed: a connection (a client in the session) or a stream (a published camera/screen). */
  readonly kind: 'connection' | 'stream';
  /** The connection id or stream id: the key that makes repeated deliveries harmless. */
  readonly id: string;
  /** Whether it appeared or went away. */
  readonly change: 'created' | 'destroyed';
  /** When OpenTok says it happened, in milliseconds since the epoch. */
  readonly at: number;
  /** For streams: the connection that publishes it. */
  readonly connectionId?: string;
  /** For connections: the connection data from the token. */
  readonly data?: string;
  /** For streams: the stream name. */
  readonly name?: string;
  /** For streams: `camera`, `screen` or `custom`. */
  readonly videoType?: string;
}

/** A connection present in a session. */
export interface PresentConnection {
  readonly id: string;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  readonly data?: string;
}

/** A stream present in a session. */
export interface PresentStream {
  readonly id: string;
  readonly connectionId?: string;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  readonly name?: string;
  readonly videoType?: string;
}

/** Who is in a session now, as the callbacks received so far tell it. */
export interface SessionPresence {
  /** Connections ordered by creation time. */
  readonly connections: readonly PresentConnection[];
  /** Streams ordered by creation time; never one whose connection has gone. */
  readonly streams: readonly PresentStream[];
  /** The time of the latest change recorded, or undefined when none was. */
  readonly lastActivityAt?: number;
}

/** A session with no one in it. */
export const EMPTY_PRESENCE: SessionPresence = { connections: [], streams: [] };
