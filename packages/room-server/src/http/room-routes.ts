import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { RoomError } from '../errors.js';
import type { RoomServer } from '../room-server-types.js';
import type { Authorize, AuthorizeContext, JoinGrant } from './authorize.js';
import { readJsonBody } from './read-body.js';
import {
  createRoomBody,
  joinRoomBody,
  listQuery,
  muteBody,
  parseWith,
  signalBody,
} from './request-schemas.js';

/** What every route needs. */
export interface RouteContext {
  rooms: RoomServer;
  authorize: Authorize;
  maxBodyBytes: number;
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
export async function allow(
  c: Context,
  context: RouteContext,
  authorizeContext: AuthorizeContext,
): Promise<JoinGrant> {
  const result = await context.authorize(c.req.raw, authorizeContext);
  if (result === false || result === undefined || result === null) {
    throw new RoomError(
      'forbidden',
      `Not allowed to ${authorizeContext.action}${authorizeContext.room ? ` in room "${authorizeContext.room}"` : ''}.`,
    );
  }
  return result === true ? {} : result;
}

/**
 * Joins with exactly what `authorize` granted: a client that asks for more is refused, never
 * silently given it.
 */
async function grantedJoin(
  c: Context,
  context: RouteContext,
  room: string,
  requested: { role?: JoinGrant['role']; data?: string },
) {
  const grant = await allow(c, context, { action: 'joinRoom', room, requested });
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
  return context.rooms.joinRoom(room, {
    role,
    ...(grant.data === undefined ? {} : { data: grant.data }),
    ...(grant.expiresIn === undefined ? {} : { expiresIn: grant.expiresIn }),
  });
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
      return c.json(await grantedJoin(c, context, name, stripUndefined(requested)));
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
      const join = await grantedJoin(c, context, param(c, 'name'), {});
      return c.json({ apiKey: join.apiKey, sessionId: join.sessionId, token: join.token });
    },
  },
  {
    method: 'GET',
    path: '/session',
    async handle(c, context) {
      const join = await grantedJoin(c, context, 'session', {});
      return c.json({ apiKey: join.apiKey, sessionId: join.sessionId, token: join.token });
    },
  },
];

function stripUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as never;
}
