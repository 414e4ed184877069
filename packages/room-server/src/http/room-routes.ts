import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { RoomError } from '../errors.js';
import { ROOM_RECORD, type RoomRecordAccess } from '../room-record-access.js';
import type { JoinResult, RoomServer } from '../room-server-types.js';
import type { AuthorizeContext, JoinGrant } from './authorize.js';
import { allow as allowBy, grantedJoin, type JoinContext, type JoinRequest } from './join-flow.js';
import { readJsonBody } from './read-body.js';
import { jsonReply, type Reply, toResponse } from './reply.js';
import {
  createRoomBody,
  joinRoomBody,
  listQuery,
  muteBody,
  parseWith,
  signalBody,
} from './request-schemas.js';

/** What every route needs. */
export interface RouteContext extends JoinContext {
  maxBodyBytes: number;
  /** Who is asking, for the rate limits. */
  clientKey(c: Context): string;
}

/** One route: method, path pattern (Hono syntax) and handler. */
export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  handle(c: Context, context: RouteContext): Promise<Response>;
}

/**
 * Asks `authorize`; refuses with `forbidden` unless it allows.
 *
 * @returns the grant (`{}` for a plain yes)
 */
export function allow(
  c: Context,
  context: RouteContext,
  authorizeContext: AuthorizeContext,
): Promise<JoinGrant> {
  return allowBy(context.authorize, c.req.raw, authorizeContext);
}

function joinOf(
  c: Context,
  context: RouteContext,
  room: string,
  requested: JoinRequest['requested'],
  compat: boolean,
): JoinRequest {
  return { request: () => c.req.raw, clientKey: context.clientKey(c), room, requested, compat };
}

/** A reply as the Fetch response every route answers. */
function respond(reply: Reply): Response {
  return toResponse(reply);
}

/** A path parameter; Hono has matched it, so it is there. */
export function param(c: Context, name: string): string {
  const value = c.req.param(name);
  if (value === undefined) throw new RoomError('not_found', 'No such route.');
  return value;
}

function generatedName(): string {
  return `room-${randomBytes(9).toString('base64url')}`;
}

/** The JSON room API. Paths are relative to the handler's base path. */
export const roomRoutes: readonly Route[] = [
  {
    method: 'POST',
    path: '/rooms',
    async handle(c, context) {
      const body = parseWith(
        createRoomBody,
        (await readJsonBody(c.req.raw, context.maxBodyBytes)).value,
      );
      const name = body.name ?? generatedName();
      await allow(c, context, { action: 'createRoom', room: name });
      // Only a creation counts: asking for a room that exists (200) makes no session.
      const readRecord = (context.rooms as RoomServer & RoomRecordAccess)[ROOM_RECORD];
      const existing = await (readRecord ? readRecord(name) : context.rooms.getRoom(name));
      if (!existing) await context.limits.creation(context.clientKey(c));
      const options: Parameters<RoomServer['getOrCreateRoom']>[1] = {};
      if (body.session) options.session = stripUndefined(body.session);
      if (body.metadata) options.metadata = body.metadata as never;
      const { room, created } = await context.rooms.getOrCreateRoom(name, options);
      return c.json({ room, created }, created ? 201 : 200);
    },
  },
  {
    method: 'GET',
    path: '/rooms',
    async handle(c, context) {
      const query = parseWith(listQuery, c.req.query());
      await allow(c, context, { action: 'listRooms' });
      const page = await context.rooms.listRooms(stripUndefined(query));
      const rooms = await Promise.all(
        page.rooms.map(async (room) => {
          const presence = await context.rooms.getPresence(room.name).catch((error: unknown) => {
            // A room deleted between the page and its presence simply has no one in it.
            if (error instanceof RoomError && error.code === 'not_found') return undefined;
            throw error;
          });
          const recording = await context.rooms.getRecording(room.name).catch((error: unknown) => {
            if (error instanceof RoomError && error.code === 'not_found') return undefined;
            throw error;
          });
          return {
            ...room,
            connectionCount: presence?.connections.length ?? 0,
            streamCount: presence?.streams.length ?? 0,
            recording: recording?.active ?? false,
          };
        }),
      );
      return c.json(
        page.nextCursor === undefined ? { rooms } : { rooms, nextCursor: page.nextCursor },
      );
    },
  },
  {
    method: 'GET',
    path: '/rooms/:name',
    async handle(c, context) {
      const name = param(c, 'name');
      await allow(c, context, { action: 'getRoom', room: name });
      const room = await context.rooms.getRoom(name);
      if (!room) throw new RoomError('not_found', `Room "${name}" does not exist.`);
      const presence = await context.rooms.getPresence(name);
      return c.json({ room, presence });
    },
  },
  {
    method: 'DELETE',
    path: '/rooms/:name',
    async handle(c, context) {
      const name = param(c, 'name');
      await allow(c, context, { action: 'deleteRoom', room: name });
      if (!(await context.rooms.deleteRoom(name))) {
        throw new RoomError('not_found', `Room "${name}" does not exist.`);
      }
      return c.body(null, 204);
    },
  },
  {
    method: 'POST',
    path: '/rooms/:name/join',
    async handle(c, context) {
      const name = param(c, 'name');
      const requested = parseWith(
        joinRoomBody,
        (await readJsonBody(c.req.raw, context.maxBodyBytes)).value,
      );
      const join = joinOf(c, context, name, stripUndefined(requested), false);
      return respond(joinReply(await grantedJoin(context, join)));
    },
  },
  {
    method: 'POST',
    path: '/rooms/:name/signal',
    async handle(c, context) {
      const name = param(c, 'name');
      const body = parseWith(
        signalBody,
        (await readJsonBody(c.req.raw, context.maxBodyBytes)).value,
      );
      await allow(c, context, { action: 'signal', room: name });
      await context.rooms.signal(name, stripUndefined(body) as { type: string; data: string });
      return c.body(null, 204);
    },
  },
  {
    method: 'POST',
    path: '/rooms/:name/mute',
    async handle(c, context) {
      const name = param(c, 'name');
      const body = parseWith(muteBody, (await readJsonBody(c.req.raw, context.maxBodyBytes)).value);
      await allow(c, context, { action: 'muteAll', room: name });
      await context.rooms.muteAll(name, stripUndefined(body));
      return c.body(null, 204);
    },
  },
  {
    method: 'DELETE',
    path: '/rooms/:name/connections/:connectionId',
    async handle(c, context) {
      const name = param(c, 'name');
      await allow(c, context, { action: 'forceDisconnect', room: name });
      await context.rooms.forceDisconnect(name, param(c, 'connectionId'));
      return c.body(null, 204);
    },
  },
];

/**
 * The routes of OpenTok's official sample servers, so their web and mobile sample apps work against
 * us unchanged: `{ apiKey, sessionId, token }` for a room, with the same authorization as a join.
 */
export const compatRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/room/:name',
    async handle(c, context) {
      const join = await grantedJoin(context, joinOf(c, context, param(c, 'name'), {}, true));
      return respond(compatReply(join));
    },
  },
  {
    method: 'GET',
    path: '/session',
    async handle(c, context) {
      const join = await grantedJoin(context, joinOf(c, context, 'session', {}, true));
      return respond(compatReply(join));
    },
  },
];

/** The answer of `POST /rooms/:name/join`. */
export function joinReply(join: JoinResult): Reply {
  return jsonReply(join);
}

/** The answer of the sample-server routes: what their apps read. */
export function compatReply(join: JoinResult): Reply {
  return jsonReply({ apiKey: join.apiKey, sessionId: join.sessionId, token: join.token });
}

/** Drops undefined fields (what a schema's optional keys leave). */
export function stripUndefined<T extends object>(
  value: T,
): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as never;
}
