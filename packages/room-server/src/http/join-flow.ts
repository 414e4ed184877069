import { RoomError } from '../errors.js';
import type { RequestLimits } from '../limits/request-limits.js';
import { ROOM_RECORD, type RoomRecordAccess, SIGN_ASYNC } from '../room-record-access.js';
import type { JoinResult, RoomServer } from '../room-server-types.js';
import type { Authorize, AuthorizeContext, JoinGrant } from './authorize.js';

/** What the join routes need, on the Fetch path and on the node:http fast path alike. */
export interface JoinContext {
  rooms: RoomServer;
  authorize: Authorize;
  limits: RequestLimits;
  /** False for the built-in policies, which never read the request: none is built for them. */
  authorizeReadsRequest: boolean;
}

// What the built-in policies are given instead of a request they would not read.
let unreadRequest: Request | undefined;
function placeholderRequest(): Request {
  unreadRequest ??= new Request('http://localhost/');
  return unreadRequest;
}

/** One join request, however it arrived. */
export interface JoinRequest {
  /** The Fetch request for `authorize`: built only when asked for (the fast path has none). */
  request: () => Request;
  clientKey: string;
  room: string;
  requested: { role?: JoinGrant['role']; data?: string };
  compat: boolean;
}

/**
 * Asks `authorize`; a falsy answer is `forbidden`, `true` is an empty grant.
 *
 * @throws RoomError `forbidden`, or whatever `authorize` throws
 */
export async function allow(
  authorize: Authorize,
  request: Request,
  context: AuthorizeContext,
): Promise<JoinGrant> {
  const result = await authorize(request, context);
  if (result === false || result === undefined || result === null) {
    throw new RoomError(
      'forbidden',
      `Not allowed to ${context.action}${context.room ? ` in room "${context.room}"` : ''}.`,
    );
  }
  return result === true ? {} : result;
}

/**
 * A join over HTTP: rate limit, one store read (does the room exist?), `authorize` told whether the
 * join creates the room, then exactly what it granted. A client that asks for more is refused,
 * never silently given it. An existing room costs one store call; a creation is rate-limited too.
 */
export async function grantedJoin(context: JoinContext, join: JoinRequest): Promise<JoinResult> {
  await context.limits.join(join.clientKey);
  const { room, requested } = join;
  const readRecord = (context.rooms as RoomServer & RoomRecordAccess)[ROOM_RECORD];
  const existing = await (readRecord ? readRecord(room) : context.rooms.getRoom(room));
  const request = context.authorizeReadsRequest ? join.request() : placeholderRequest();
  const grant = await allow(context.authorize, request, {
    action: 'joinRoom',
    room,
    requested,
    creating: existing === undefined,
    ...(join.compat ? { compat: true } : {}),
  });
  const role = grant.role ?? 'publisher';
  if (requested.role !== undefined && requested.role !== role) {
    throw new RoomError(
      'forbidden',
      `The role "${requested.role}" was not granted for room "${room}".`,
    );
  }
  if (requested.data !== undefined && requested.data !== grant.data) {
    throw new RoomError('forbidden', `This connection data was not granted for room "${room}".`);
  }
  const tokenOptions = {
    role,
    ...(grant.data === undefined ? {} : { data: grant.data }),
    ...(grant.expiresIn === undefined ? {} : { expiresIn: grant.expiresIn }),
  };
  if (existing) {
    const signAsync = (context.rooms as RoomServer & RoomRecordAccess)[SIGN_ASYNC];
    const issued = signAsync
      ? await signAsync(existing.sessionId, tokenOptions)
      : context.rooms.createToken(existing.sessionId, tokenOptions);
    return { room, created: false, ...issued };
  }
  await context.limits.creation(join.clientKey);
  return context.rooms.joinRoom(room, tokenOptions);
}
