import { isResponse, readJson } from '../rest/moderation.js';
import {
  errorResponse,
  jsonResponse,
  type RestHandler,
  type RestRequest,
  type RestResponse,
} from '../rest/rest-types.js';
import type { RestRoute } from '../rest/router.js';
import { parseLayout, parseStartArchive } from './archive-options.js';
import type { ArchiveOutcome } from './archive-service.js';

const NO_CONTENT: RestResponse = { status: 204, body: '', contentType: 'application/json' };

/** A pattern for `/v2/project/{apiKey}/archive` followed by `rest`. */
function archivePath(rest: string): RegExp {
  return new RegExp(`^/v2/project/(?<apiKey>[^/]+)/archive${rest}/?$`);
}

function wrongProject(request: RestRequest, apiKey: string): RestResponse | undefined {
  return request.params.apiKey === apiKey
    ? undefined
    : errorResponse(403, 'The project in the path does not match the authenticated one.');
}

function answer<T>(outcome: ArchiveOutcome<T>, ok: (value: T) => RestResponse): RestResponse {
  return 'ok' in outcome ? ok(outcome.ok) : errorResponse(outcome.status, outcome.message);
}

/** `POST /v2/project/{apiKey}/archive`: starts an archive (200 with the archive, `started`). */
const startArchiveRoute: RestHandler = (request, state) => {
  const failure = wrongProject(request, state.apiKey);
  if (failure !== undefined) return failure;
  const body = readJson(request);
  if (isResponse(body)) return body;
  const input = parseStartArchive(body);
  if ('invalid' in input) return errorResponse(400, input.invalid);
  return answer(state.archives.start(input), (archive) =>
    jsonResponse(200, state.archives.json(archive)),
  );
};

function intParam(value: string | null, fallback: number, max: number): number | undefined {
  if (value === null || value === '') return fallback;
  if (!/^\d+$/.test(value)) return undefined;
  return Math.min(Number(value), max);
}

/** `GET /v2/project/{apiKey}/archive?offset&count&sessionId`: `{ count, items }`, newest first. */
const listArchivesRoute: RestHandler = (request, state) => {
  const failure = wrongProject(request, state.apiKey);
  if (failure !== undefined) return failure;
  const offset = intParam(request.query.get('offset'), 0, Number.MAX_SAFE_INTEGER);
  const count = intParam(request.query.get('count'), 50, 1000);
  if (offset === undefined || count === undefined) {
    return errorResponse(400, 'offset and count must be non-negative integers.');
  }
  const sessionId = request.query.get('sessionId') ?? undefined;
  const page = state.archives.list({
    offset,
    count,
    ...(sessionId === undefined || sessionId === '' ? {} : { sessionId }),
  });
  return jsonResponse(200, {
    count: page.count,
    items: page.items.map((archive) => state.archives.json(archive)),
  });
};

/** `GET /v2/project/{apiKey}/archive/{archiveId}`. */
const getArchiveRoute: RestHandler = (request, state) => {
  const failure = wrongProject(request, state.apiKey);
  if (failure !== undefined) return failure;
  return answer(state.archives.get(request.params.archiveId ?? ''), (archive) =>
    jsonResponse(200, state.archives.json(archive)),
  );
};

/** `POST /v2/project/{apiKey}/archive/{archiveId}/stop`: 200 with the archive, `stopped`. */
const stopArchiveRoute: RestHandler = (request, state) => {
  const failure = wrongProject(request, state.apiKey);
  if (failure !== undefined) return failure;
  return answer(state.archives.stop(request.params.archiveId ?? ''), (archive) =>
    jsonResponse(200, state.archives.json(archive)),
  );
};

/** `DELETE /v2/project/{apiKey}/archive/{archiveId}`: 204. */
const deleteArchiveRoute: RestHandler = (request, state) => {
  const failure = wrongProject(request, state.apiKey);
  if (failure !== undefined) return failure;
  return answer(state.archives.delete(request.params.archiveId ?? ''), () => NO_CONTENT);
};

/** `PUT /v2/project/{apiKey}/archive/{archiveId}/layout` with `{ type, stylesheet?, screenshareType? }`. */
const setLayoutRoute: RestHandler = (request, state) => {
  const failure = wrongProject(request, state.apiKey);
  if (failure !== undefined) return failure;
  const body = readJson(request);
  if (isResponse(body)) return body;
  const layout = parseLayout(body);
  if ('invalid' in layout) return errorResponse(400, layout.invalid);
  return answer(state.archives.setLayout(request.params.archiveId ?? '', layout), () =>
    jsonResponse(200, {}),
  );
};

/** `PATCH /v2/project/{apiKey}/archive/{archiveId}/streams` with `{ addStream, hasAudio, hasVideo }` or `{ removeStream }`. */
const patchStreamsRoute: RestHandler = (request, state) => {
  const failure = wrongProject(request, state.apiKey);
  if (failure !== undefined) return failure;
  const body = readJson(request);
  if (isResponse(body)) return body;
  const { addStream, removeStream, hasAudio = true, hasVideo = true } = body;
  const id = request.params.archiveId ?? '';
  if ((addStream === undefined) === (removeStream === undefined)) {
    return errorResponse(400, 'Give exactly one of addStream and removeStream.');
  }
  if (addStream !== undefined) {
    if (typeof addStream !== 'string' || addStream.length === 0) {
      return errorResponse(400, 'addStream must be a stream id.');
    }
    if (typeof hasAudio !== 'boolean' || typeof hasVideo !== 'boolean') {
      return errorResponse(400, 'hasAudio and hasVideo must be booleans.');
    }
    const change = { add: { streamId: addStream, hasAudio, hasVideo } };
    return answer(state.archives.changeStreams(id, change), () => NO_CONTENT);
  }
  if (typeof removeStream !== 'string' || removeStream.length === 0) {
    return errorResponse(400, 'removeStream must be a stream id.');
  }
  return answer(state.archives.changeStreams(id, { remove: removeStream }), () => NO_CONTENT);
};

const ARCHIVE_ID = '/(?<archiveId>[^/]+)';

/** The archive REST routes (`/v2/project/{apiKey}/archive…`), all needing the project token. @internal */
export const ARCHIVE_ROUTES: readonly RestRoute[] = [
  { method: 'POST', pattern: archivePath(''), auth: true, handler: startArchiveRoute },
  { method: 'GET', pattern: archivePath(''), auth: true, handler: listArchivesRoute },
  { method: 'GET', pattern: archivePath(ARCHIVE_ID), auth: true, handler: getArchiveRoute },
  { method: 'DELETE', pattern: archivePath(ARCHIVE_ID), auth: true, handler: deleteArchiveRoute },
  {
    method: 'POST',
    pattern: archivePath(`${ARCHIVE_ID}/stop`),
    auth: true,
    handler: stopArchiveRoute,
  },
  {
    method: 'PUT',
    pattern: archivePath(`${ARCHIVE_ID}/layout`),
    auth: true,
    handler: setLayoutRoute,
  },
  {
    method: 'PATCH',
    pattern: archivePath(`${ARCHIVE_ID}/streams`),
    auth: true,
    handler: patchStreamsRoute,
  },
];
