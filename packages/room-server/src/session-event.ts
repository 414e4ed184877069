import { z } from 'zod';
import { invalidArgument } from './errors.js';
import type { PresenceChange } from './store/presence.js';

/** The events OpenTok's session monitoring sends. */
export type SessionEventName =
  | 'sessionCreated'
  | 'sessionDestroyed'
  | 'connectionCreated'
  | 'connectionDestroyed'
  | 'streamCreated'
  | 'streamDestroyed';

/** A session-monitoring callback, as OpenTok POSTs it. */
export interface SessionEvent {
  sessionId: string;
  projectId: string;
  event: SessionEventName;
  /** Milliseconds since the epoch. */
  timestamp: number;
  connection?: { id: string; createdAt?: number; data?: string };
  stream?: {
    id: string;
    connection?: { id: string };
    createdAt?: number;
    name?: string;
    videoType?: string;
  };
  reason?: string;
}

const connectionSchema = z.object({
  id: z.string().min(1).max(256),
  createdAt: z.number().optional(),
  data: z.string().max(8192).optional(),
});

// OpenTok sends more fields than these; unknown ones are ignored, never stored.
const sessionEventSchema = z.object({
  sessionId: z.string().min(1).max(255),
  projectId: z.union([z.string(), z.number()]).transform(String),
  event: z.enum([
    'sessionCreated',
    'sessionDestroyed',
    'connectionCreated',
    'connectionDestroyed',
    'streamCreated',
    'streamDestroyed',
  ]),
  timestamp: z.number().finite().nonnegative(),
  connection: connectionSchema.optional(),
  stream: z
    .object({
      id: z.string().min(1).max(256),
      connection: z
        .object({ id: z.string().min(1).max(256) })
        .passthrough()
        .optional(),
      createdAt: z.number().optional(),
      name: z.string().max(1024).optional(),
      videoType: z.string().max(32).optional(),
    })
    .optional(),
  reason: z.string().max(256).optional(),
});

/**
 * Validates a session-monitoring callback body.
 *
 * @param body - the parsed JSON body
 * @returns the event
 * @throws RoomError `invalid_argument` when it is not a session-monitoring event
 */
export function parseSessionEvent(body: unknown): SessionEvent {
  const parsed = sessionEventSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'body';
    throw invalidArgument(
      where,
      `Not a session-monitoring event: ${where}: ${issue?.message ?? 'invalid'}.`,
    );
  }
  return parsed.data as SessionEvent;
}

/**
 * The presence change an event carries, if any.
 *
 * @param event - a validated event
 * @returns the change, or undefined for session events and events missing their subject
 */
export function presenceChangeOf(event: SessionEvent): PresenceChange | undefined {
  const change = event.event.endsWith('Created') ? 'created' : 'destroyed';
  if (event.event.startsWith('connection') && event.connection) {
    const { id, data, createdAt } = event.connection;
    return {
      kind: 'connection',
      id,
      change,
      at: change === 'created' ? (createdAt ?? event.timestamp) : event.timestamp,
      ...(data === undefined || data === '' ? {} : { data }),
    };
  }
  if (event.event.startsWith('stream') && event.stream) {
    const { id, connection, createdAt, name, videoType } = event.stream;
    return {
      kind: 'stream',
      id,
      change,
      at: change === 'created' ? (createdAt ?? event.timestamp) : event.timestamp,
      ...(connection ? { connectionId: connection.id } : {}),
      ...(name ? { name } : {}),
      ...(videoType ? { videoType } : {}),
    };
  }
  return undefined;
}
