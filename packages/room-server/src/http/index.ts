/**
 * The Fetch handler for the room routes, with node:http and Express adapters, authorization and webhooks.
 *
 * @module @opentok-rooms/room-server/http
 */
export type { RequestLimitsOptions } from '../limits/request-limits.js';
export type {
  Authorize,
  AuthorizeContext,
  AuthorizeResult,
  JoinGrant,
  RoomAction,
} from './authorize.js';
export { allowJoinsThatCreate, defaultAuthorize } from './authorize.js';
export type { CallbackSignatureOptions } from './callback-signature.js';
export { signCallback, verifyCallbackSignature } from './callback-signature.js';
export type { ErrorBody } from './error-response.js';
export { errorResponse, HTTP_STATUS_OF_CODE } from './error-response.js';
export type {
  ConnectMiddleware,
  NodeListener,
  NodeListenerOptions,
  NodeRequestHandler,
} from './node-adapters.js';
export { toExpressMiddleware, toNodeListener } from './node-adapters.js';
export type { CorsOptions, NodeEnv, RoomHandler, RoomHandlerOptions } from './room-handler.js';
export { createRoomHandler } from './room-handler.js';
export type { RoomHttpServerOptions } from './room-http-server.js';
export { createRoomHttpServer } from './room-http-server.js';
export type { WebhookOptions } from './webhook-route.js';
