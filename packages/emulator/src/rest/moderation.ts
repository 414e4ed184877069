import { decodeSessionId } from '../session-id.js';
import {
  type EmulatorState,
  errorResponse,
  jsonResponse,
  type RestHandler,
  type RestRequest,
  type RestResponse,
} from './rest-types.js';

const NO_CONTENT: RestResponse = { status: 204, body: '', contentType: 'application/json' };

/** Checks the project in the path and the session id; answers the error or `undefined`. */
function checkTarget(request: RestRequest, state: EmulatorState): RestResponse | undefined {
  const { apiKey = '', sessionId = '' } = request.params;
  if (apiKey !== state.apiKey) {
    return errorResponse(403, 'The project in the path does not match the authenticated one.');
  }
  if (decodeSessionId(sessionId)?.apiKey !== state.apiKey) {
    return errorResponse(404, 'Session not found.');
  }
  return undefined;
}

/** Reads a JSON object body ({} when empty), or answers 400. @internal */
export function readJson(request: RestRequest): Record<string, unknown> | RestResponse {
  if (request.body.length === 0) return {};
  try {
    const value: unknown = JSON.parse(request.body);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {
    // fall through
  }
  return errorResponse(400, 'The body must be a JSON object.');
}

/** Whether a value is a ready response (an error answer). @internal */
export function isResponse(value: unknown): value is RestResponse {
  return typeof (value as RestResponse).status === 'number' && 'contentType' in (value as object);
}

/**
 * `POST /v2/project/{apiKey}/session/{sessionId}[/connection/{connectionId}]/signal` with
 * `{ type, data }`: delivers a signal (from no connection) to the session or one connection.
 *
 * @internal
 */
export const signalRoute: RestHandler = (request, state) => {
  const failure = checkTarget(request, state);
  if (failure !== undefined) return failure;
  const body = readJson(request);
  if (isResponse(body)) return body;
  const { type, data } = body;
  if (
    (type !== undefined && typeof type !== 'string') ||
    (data !== undefined && typeof data !== 'string')
  ) {
    return errorResponse(400, 'type and data must be strings.');
  }
  const outcome = state.hub.signal(request.params.sessionId ?? '', null, {
    type,
    data,
    to: request.params.connectionId,
  });
  if ('error' in outcome) {
    const status =
      outcome.error.name === 'OT_NOT_FOUND'
        ? 404
        : /larger/.test(outcome.error.message)
          ? 413
          : 400;
    return errorResponse(status, outcome.error.message);
  }
  return NO_CONTENT;
};

/**
 * `DELETE /v2/project/{apiKey}/session/{sessionId}/connection/{connectionId}`: disconnects a
 * client (`forceDisconnected`).
 *
 * @internal
 */
export const forceDisconnectRoute: RestHandler = (request, state) => {
  const failure = checkTarget(request, state);
  if (failure !== undefined) return failure;
  const outcome = state.hub.forceDisconnect(
    request.params.sessionId ?? '',
    null,
    request.params.connectionId ?? '',
  );
  if ('error' in outcome) return errorResponse(404, 'Connection not found.');
  return NO_CONTENT;
};

/**
 * `POST /v2/project/{apiKey}/session/{sessionId}/stream/{streamId}/mute`: asks one publisher to
 * mute its audio.
 *
 * @internal
 */
export const muteStreamRoute: RestHandler = (request, state) => {
  const failure = checkTarget(request, state);
  if (failure !== undefined) return failure;
  const { sessionId = '', streamId = '' } = request.params;
  if (state.hub.muteStreams(sessionId, [streamId]) === 0) {
    return errorResponse(404, 'Stream not found.');
  }
  return jsonResponse(200, {});
};

/**
 * `POST /v2/project/{apiKey}/session/{sessionId}/mute` with `{ active, excludedStreamIds }`:
 * asks every publisher (but the excluded) to mute. `active: false` only lifts the mute state,
 * which the emulator does not keep, so it is accepted and does nothing.
 *
 * @internal
 */
export const muteAllRoute: RestHandler = (request, state) => {
  const failure = checkTarget(request, state);
  if (failure !== undefined) return failure;
  const body = readJson(request);
  if (isResponse(body)) return body;
  const excluded = body.excludedStreamIds ?? body.excludedStreams ?? [];
  if (!Array.isArray(excluded) || !excluded.every((entry) => typeof entry === 'string')) {
    return errorResponse(400, 'excludedStreamIds must be an array of stream ids.');
  }
  if (body.active !== false) {
    state.hub.muteStreams(request.params.sessionId ?? '', undefined, excluded as string[]);
  }
  return jsonResponse(200, {});
};

function streamJson(stream: { streamId: string; name: string; videoType: string }): object {
  return {
    id: stream.streamId,
    videoType: stream.videoType,
    name: stream.name,
    layoutClassList: [],
  };
}

/**
 * `GET /v2/project/{apiKey}/session/{sessionId}/stream`: `{ count, items: [{ id, videoType,
 * name, layoutClassList }] }`.
 *
 * @internal
 */
export const listStreamsRoute: RestHandler = (request, state) => {
  const failure = checkTarget(request, state);
  if (failure !== undefined) return failure;
  const items = state.hub.streams(request.params.sessionId ?? '').map(streamJson);
  return jsonResponse(200, { count: items.length, items });
};

/**
 * `GET /v2/project/{apiKey}/session/{sessionId}/stream/{streamId}`: one stream.
 *
 * @internal
 */
export const getStreamRoute: RestHandler = (request, state) => {
  const failure = checkTarget(request, state);
  if (failure !== undefined) return failure;
  const stream = state.hub
    .streams(request.params.sessionId ?? '')
    .find((entry) => entry.streamId === request.params.streamId);
  if (stream === undefined) return errorResponse(404, 'Stream not found.');
  return jsonResponse(200, streamJson(stream));
};
