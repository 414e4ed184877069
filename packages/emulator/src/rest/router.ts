import { ARCHIVE_ROUTES } from '../archive/archive-routes.js';
import { checkApplicationAuth } from './application-auth.js';
import { createSession } from './create-session.js';
import {
  forceDisconnectRoute,
  getStreamRoute,
  listStreamsRoute,
  muteAllRoute,
  muteStreamRoute,
  signalRoute,
} from './moderation.js';
import { checkProjectAuth } from './project-auth.js';
import {
  type EmulatorState,
  errorResponse,
  type RestHandler,
  type RestRequest,
  type RestResponse,
} from './rest-types.js';

/** A pattern for `/v2/project/{apiKey}/session/{sessionId}` followed by `rest`. */
function route(rest: string): RegExp {
  return new RegExp(`^/v2/project/(?<apiKey>[^/]+)/session/(?<sessionId>[^/]+)${rest}/?$`);
}

/** One REST route. @internal */
export interface RestRoute {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** Anchored pattern on the path; named groups become `params`. */
  readonly pattern: RegExp;
  /** Whether the `X-OPENTOK-AUTH` project token is required. */
  readonly auth: boolean;
  /** The handler. */
  readonly handler: RestHandler;
}

/** The REST routes the emulator serves. @internal */
export const REST_ROUTES: readonly RestRoute[] = [
  { method: 'POST', pattern: /^\/session\/create\/?$/, auth: true, handler: createSession },
  { method: 'POST', pattern: route('/signal'), auth: true, handler: signalRoute },
  {
    method: 'POST',
    pattern: route('/connection/(?<connectionId>[^/]+)/signal'),
    auth: true,
    handler: signalRoute,
  },
  {
    method: 'DELETE',
    pattern: route('/connection/(?<connectionId>[^/]+)'),
    auth: true,
    handler: forceDisconnectRoute,
  },
  { method: 'GET', pattern: route('/stream'), auth: true, handler: listStreamsRoute },
  {
    method: 'GET',
    pattern: route('/stream/(?<streamId>[^/]+)'),
    auth: true,
    handler: getStreamRoute,
  },
  {
    method: 'POST',
    pattern: route('/stream/(?<streamId>[^/]+)/mute'),
    auth: true,
    handler: muteStreamRoute,
  },
  { method: 'POST', pattern: route('/mute'), auth: true, handler: muteAllRoute },
  ...ARCHIVE_ROUTES,
];

/** A request before routing (no params yet). @internal */
export type UnroutedRequest = Omit<RestRequest, 'params'>;

/**
 * Finds the route for a request, checks authentication and runs the handler.
 * Unknown paths get 404, known paths with another method 405 (with `Allow`), bad project
 * tokens 403 (`{ code, message }`, which the SDK reports as "Invalid API key or secret"), or 401
 * for a Vonage application.
 *
 * @param request - The request, body read.
 * @param state - The emulator state.
 * @param routes - The route table. Default {@link REST_ROUTES}.
 * @returns The response.
 * @internal
 */
export function routeRequest(
  request: UnroutedRequest,
  state: EmulatorState,
  routes: readonly RestRoute[] = REST_ROUTES,
): RestResponse {
  const allowed: string[] = [];
  for (const route of routes) {
    const match = route.pattern.exec(request.path);
    if (match === null) continue;
    if (route.method !== request.method) {
      allowed.push(route.method);
      continue;
    }
    const routed: RestRequest = { ...request, params: { ...match.groups } };
    if (route.auth) {
      // A Vonage application answers 401 to a bad Bearer JWT; an OpenTok project 403.
      if (state.publicKey !== undefined) {
        const failure = checkApplicationAuth(routed, state.apiKey, state.publicKey, state.now());
        if (failure !== undefined) return errorResponse(401, failure.message);
      } else {
        const failure = checkProjectAuth(routed, state, state.now());
        if (failure !== undefined) return errorResponse(403, failure.message);
      }
    }
    return route.handler(routed, state);
  }
  if (allowed.length > 0) {
    return errorResponse(405, `Method ${request.method} not allowed on ${request.path}.`, {
      Allow: allowed.join(', '),
    });
  }
  return errorResponse(404, `No such resource: ${request.path}.`);
}
