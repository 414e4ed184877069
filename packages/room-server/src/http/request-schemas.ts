import { z } from 'zod';
import { invalidArgument, type RoomError } from '../errors.js';
import type { ArchiveMode, MediaMode } from '../session-options.js';
import type { TokenRole } from '../token/token-options.js';

const role = z.enum(['publisher', 'publisheronly', 'subscriber', 'moderator']);

/** Body of `POST /rooms`. */
export interface CreateRoomBody {
  name?: string | undefined;
  session?:
    | {
        mediaMode?: MediaMode | undefined;
        archiveMode?: ArchiveMode | undefined;
        e2ee?: boolean | undefined;
        location?: string | undefined;
      }
    | undefined;
  metadata?: Record<string, unknown> | undefined;
}

/** Body of `POST /rooms/:name/join`. */
export interface JoinRoomBody {
  role?: TokenRole | undefined;
  data?: string | undefined;
}

/** Body of `POST /rooms/:name/signal`. */
export interface SignalBody {
  type: string;
  data: string;
  to?: string | undefined;
}

/** Body of `POST /rooms/:name/mute`. */
export interface MuteBody {
  excludedStreamIds?: string[] | undefined;
}

/** Query of `GET /rooms`. */
export interface ListQuery {
  limit?: number | undefined;
  cursor?: string | undefined;
}

/** `POST /rooms`. */
export const createRoomBody: z.ZodType<CreateRoomBody> = z.strictObject({
  name: z.string().optional(),
  session: z
    .strictObject({
      mediaMode: z.enum(['routed', 'relayed']).optional(),
      archiveMode: z.enum(['manual', 'always']).optional(),
      e2ee: z.boolean().optional(),
      location: z.string().optional(),
    })
    .optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

/** `POST /rooms/:name/join`. */
export const joinRoomBody: z.ZodType<JoinRoomBody> = z.strictObject({
  role: role.optional(),
  data: z.string().optional(),
});

/** `POST /rooms/:name/signal`. */
export const signalBody: z.ZodType<SignalBody> = z.strictObject({
  type: z.string(),
  data: z.string(),
  to: z.string().optional(),
});

/** `POST /rooms/:name/mute`. */
export const muteBody: z.ZodType<MuteBody> = z.strictObject({
  excludedStreamIds: z.array(z.string()).optional(),
});

/** `GET /rooms` query. */
export const listQuery: z.ZodType<ListQuery> = z.strictObject({
  limit: z.coerce.number().int().optional(),
  cursor: z.string().optional(),
});

/**
 * Validates a value with a schema.
 *
 * @returns the parsed value
 * @throws RoomError `invalid_argument` naming the first field at fault
 */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw toInvalidArgument(result.error);
}

function toInvalidArgument(error: z.ZodError): RoomError {
  const issue = error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    return invalidArgument(issue.keys[0] ?? 'body', `Unknown field "${issue.keys.join('", "')}".`);
  }
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : 'body';
  return invalidArgument(field, `${field}: ${issue?.message ?? 'invalid value'}.`);
}
