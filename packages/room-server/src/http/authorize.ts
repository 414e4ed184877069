import type { TokenRole } from '../token/token-options.js';

/** What an HTTP request asks to do. */
export type RoomAction =
  | 'createRoom'
  | 'listRooms'
  | 'getRoom'
  | 'deleteRoom'
  | 'joinRoom'
  | 'signal'
  | 'forceDisconnect'
  | 'muteAll'
  | 'startArchive'
  | 'stopArchive'
  | 'getArchive'
  | 'listArchives';

/** What the `authorize` hook is told about a request. */
export interface AuthorizeContext {
  action: RoomAction;
  /** The room, for every action but `listRooms` (and `createRoom` without a name). */
  room?: string;
  /** For the archive actions of OpenTok's sample-server routes: the session to record. */
  sessionId?: string;
  /** For `stopArchive` and `getArchive`: the archive. */
  archiveId?: string;
  /** For `joinRoom`: what the client asked for. Grant it or not; it is never used unchecked. */
  requested?: { role?: TokenRole; data?: string };
  /**
   * For `joinRoom`: true when the room does not exist, so that allowing the join creates it (and
   * an OpenTok session, which your project pays for).
   */
  creating?: boolean;
  /** For `joinRoom`: true on the sample-server routes (`GET /room/:name`, `GET /session`). */
  compat?: boolean;
}

/** What a join is granted: the token's role, connection data and lifetime. */
export interface JoinGrant {
  /** Default `'publisher'`. */
  role?: TokenRole;
  /** Connection data every other client sees. */
  data?: string;
  /** Token lifetime in seconds. */
  expiresIn?: number;
}

/** `false` refuses; `true` allows (a join as `publisher` with no data); a grant allows a join as said. */
export type AuthorizeResult = boolean | JoinGrant;

/**
 * Decides who may do what, and what a joiner gets. Throwing a RoomError answers with its code.
 *
 * @example
 * ```ts
 * const authorize: Authorize = async (request, { action, requested }) => {
 *   const user = await sessionUser(request);
 *   if (!user) return false;
 *   if (action === 'joinRoom') return { role: user.isHost ? 'moderator' : 'publisher', data: user.name };
 *   return user.isAdmin;
 * };
 * ```
 */
export type Authorize = (
  request: Request,
  context: AuthorizeContext,
) => AuthorizeResult | Promise<AuthorizeResult>;

/**
 * The default policy, safe for a public endpoint: anyone may join an **existing** room as
 * `publisher` with no connection data. A join that would create a room is refused, except on the
 * sample-server routes, whose contract is to create rooms on demand (rate limits and `maxRooms`
 * bound them). Nothing else is allowed. Create rooms with `rooms.getOrCreateRoom` on your server,
 * or let joins create them with `createOnJoin: true` (the demo does).
 *
 * @param _request - unused
 * @param context - the action
 * @returns true for a join of an existing room (or a sample-route join), false otherwise
 */
export function defaultAuthorize(_request: Request, context: AuthorizeContext): AuthorizeResult {
  return context.action === 'joinRoom' && (context.creating !== true || context.compat === true);
}

/**
 * The default policy with `createOnJoin: true`: anyone may join any room as `publisher`, creating
 * it when it does not exist, within the rate limits and `maxRooms`.
 *
 * @param _request - unused
 * @param context - the action
 * @returns true for a join, false otherwise
 */
export function allowJoinsThatCreate(
  _request: Request,
  context: AuthorizeContext,
): AuthorizeResult {
  return context.action === 'joinRoom';
}
