import { z } from 'zod';
import type { Archive, StartArchiveOptions } from '../archives/archive-types.js';
import { RoomError } from '../errors.js';
import { readJsonOrFormBody } from './form-body.js';
import { readJsonBody } from './read-body.js';
import { parseWith } from './request-schemas.js';
import { allow, param, type Route, type RouteContext } from './room-routes.js';

const layout = z
  .object({
    type: z.enum([
      'bestFit',
      'pip',
      'verticalPresentation',
      'horizontalPresentation',
      'focus',
      'custom',
    ]),
    stylesheet: z.string().max(16_384).optional(),
    screenshareType: z
      .enum(['bestFit', 'pip', 'verticalPresentation', 'horizontalPresentation', 'focus'])
      .optional(),
  })
  .strict();

const startFields = {
  name: z.string().max(256).optional(),
  outputMode: z.enum(['composed', 'individual']).optional(),
  resolution: z
    .enum(['640x480', '480x640', '1280x720', '720x1280', '1920x1080', '1080x1920'])
    .optional(),
  layout: layout.optional(),
  hasAudio: z.boolean().optional(),
  hasVideo: z.boolean().optional(),
  streamMode: z.enum(['auto', 'manual']).optional(),
  maxDuration: z.number().int().optional(),
};

/** Body of `POST /rooms/:name/archives`. */
const startBody = z.object(startFields).strict();
/** Body of OpenTok's sample `POST /archive/start` (it may send more; those fields are ignored). */
const sampleStartBody = z.object({ sessionId: z.string().min(1).max(255), ...startFields });
/** A form field that stands for a boolean, as an HTML form or jQuery's `$.post` sends one. */
const formBoolean = z.enum(['true', 'false']).transform((value) => value === 'true');
/** The same start, posted as a form (every value a string; a layout needs JSON). */
const sampleStartForm = z.object({
  ...startFields,
  sessionId: z.string().min(1).max(255),
  hasAudio: formBoolean.optional(),
  hasVideo: formBoolean.optional(),
  maxDuration: z
    .string()
    .regex(/^\d{1,9}$/, 'a whole number of seconds')
    .transform(Number)
    .optional(),
  layout: z
    .undefined({ error: 'a layout cannot be sent in a form, send the body as JSON' })
    .optional(),
});
const listQuery = z
  .object({
    offset: z.coerce.number().int().min(0).optional(),
    count: z.coerce.number().int().min(1).max(1000).optional(),
  })
  .strict();

function startOptions(body: Record<string, unknown>): StartArchiveOptions {
  const options: Record<string, unknown> = {};
  for (const key of Object.keys(startFields)) if (body[key] !== undefined) options[key] = body[key];
  return options as StartArchiveOptions;
}

/** An archive of the room named in the path: another room's archive is not found here. */
async function roomArchive(
  context: RouteContext,
  room: string,
  archiveId: string,
): Promise<Archive> {
  const details = await context.rooms.getRoom(room);
  if (!details) throw new RoomError('not_found', `Room "${room}" does not exist.`);
  const archive = await context.rooms.getArchive(archiveId);
  if (archive.sessionId !== details.sessionId) {
    throw new RoomError('not_found', `Room "${room}" has no archive ${archiveId}.`);
  }
  return archive;
}

/** Recording a room: start, list, get, stop. Each has its own `authorize` action (refused by default). */
export const archiveRoutes: readonly Route[] = [
  {
    method: 'POST',
    path: '/rooms/:name/archives',
    async handle(c, context) {
      const room = param(c, 'name');
      const body = parseWith(
        startBody,
        (await readJsonBody(c.req.raw, context.maxBodyBytes)).value,
      );
      await allow(c, context, { action: 'startArchive', room });
      return c.json(await context.rooms.startArchive(room, startOptions(body)), 201);
    },
  },
  {
    method: 'GET',
    path: '/rooms/:name/archives',
    async handle(c, context) {
      const room = param(c, 'name');
      const query = parseWith(listQuery, c.req.query());
      await allow(c, context, { action: 'listArchives', room });
      return c.json(
        await context.rooms.listArchives({
          room,
          ...(query.offset === undefined ? {} : { offset: query.offset }),
          ...(query.count === undefined ? {} : { count: query.count }),
        }),
      );
    },
  },
  {
    method: 'GET',
    path: '/rooms/:name/archives/:archiveId',
    async handle(c, context) {
      const room = param(c, 'name');
      const archiveId = param(c, 'archiveId');
      await allow(c, context, { action: 'getArchive', room, archiveId });
      return c.json(await roomArchive(context, room, archiveId));
    },
  },
  {
    method: 'POST',
    path: '/rooms/:name/archives/:archiveId/stop',
    async handle(c, context) {
      const room = param(c, 'name');
      const archiveId = param(c, 'archiveId');
      await allow(c, context, { action: 'stopArchive', room, archiveId });
      await roomArchive(context, room, archiveId);
      return c.json(await context.rooms.stopArchive(archiveId));
    },
  },
];

/**
 * The archive routes of OpenTok's official sample servers, so their "Archiving" web sample runs
 * unchanged against us when `authorize` allows it: by session id and archive id, as they are.
 */
export const sampleArchiveRoutes: readonly Route[] = [
  {
    method: 'POST',
    path: '/archive/start',
    async handle(c, context) {
      // The sample pages post JSON or, the older ones (jQuery's `$.post`), a form.
      const read = await readJsonOrFormBody(c.req.raw, context.maxBodyBytes);
      const body =
        read.kind === 'form'
          ? parseWith(sampleStartForm, read.value)
          : parseWith(sampleStartBody, read.value);
      await allow(c, context, { action: 'startArchive', sessionId: body.sessionId });
      const options = startOptions(body);
      options.name ??= 'Archiving Sample App';
      return c.json(await context.rooms.startArchive({ sessionId: body.sessionId }, options));
    },
  },
  {
    method: 'POST',
    path: '/archive/:archiveId/stop',
    async handle(c, context) {
      const archiveId = param(c, 'archiveId');
      await allow(c, context, { action: 'stopArchive', archiveId });
      return c.json(await context.rooms.stopArchive(archiveId));
    },
  },
  {
    method: 'GET',
    path: '/archive/:archiveId/view',
    async handle(c, context) {
      const archiveId = param(c, 'archiveId');
      await allow(c, context, { action: 'getArchive', archiveId });
      const archive = await context.rooms.getArchive(archiveId);
      if (archive.status !== 'available' || archive.url === undefined) {
        throw new RoomError(
          'conflict',
          `Archive ${archiveId} cannot be viewed yet: its status is ${archive.status}${archive.status === 'available' ? ' but it has no URL' : ''}. Try again once it is available.`,
        );
      }
      return c.redirect(archive.url, 302);
    },
  },
  {
    method: 'GET',
    path: '/archive/:archiveId',
    async handle(c, context) {
      const archiveId = param(c, 'archiveId');
      await allow(c, context, { action: 'getArchive', archiveId });
      return c.json(await context.rooms.getArchive(archiveId));
    },
  },
  {
    method: 'GET',
    path: '/archive',
    async handle(c, context) {
      const query = parseWith(listQuery, c.req.query());
      await allow(c, context, { action: 'listArchives' });
      return c.json(await context.rooms.listArchives(query));
    },
  },
];
