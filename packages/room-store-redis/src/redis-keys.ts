/** Where the store keeps things in Redis; every key starts with the prefix. */
export interface RedisKeys {
  room(name: string): string;
  readonly names: string;
  /** The session ids of the stored rooms (presence of any other session expires). */
  readonly sessions: string;
  presence(sessionId: string): string;
  /** The archive states of a session (recording state). */
  archives(sessionId: string): string;
}

/**
 * @param prefix - the key prefix
 * @returns the key layout documented in the README
 */
export function redisKeys(prefix: string): RedisKeys {
  return {
    room: (name) => `${prefix}room:${name}`,
    names: `${prefix}names`,
    sessions: `${prefix}sessions`,
    presence: (sessionId) => `${prefix}presence:${sessionId}`,
    archives: (sessionId) => `${prefix}archives:${sessionId}`,
  };
}

/** Field of a presence hash for a connection or a stream. */
export function presenceField(kind: 'connection' | 'stream', id: string): string {
  return `${kind === 'connection' ? 'c' : 's'}:${id}`;
}

/** Field of a presence hash holding the latest change time. */
export const LAST_ACTIVITY_FIELD = '@last';

/** Value of a presence field once the connection or stream was destroyed. */
export const TOMBSTONE = '~';
