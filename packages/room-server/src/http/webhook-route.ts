import { isArchiveCallback } from '../archives/recording-methods.js';
import { RoomError } from '../errors.js';
import { verifyCallbackSignature } from './callback-signature.js';
import { readBodyText } from './read-body.js';
import type { Route } from './room-routes.js';

/** How the session-monitoring endpoint trusts its callers. */
export type WebhookOptions =
  | {
      /** The signature secret of your project's session monitoring ("secure callbacks"). */
      signatureSecret: string;
      /** Oldest accepted signature, in seconds. Default 600. */
      maxAgeSeconds?: number;
    }
  | {
      /** Accept unsigned callbacks: anyone who can reach the URL can then write presence. */
      allowUnsigned: true;
    };

const MAX_CALLBACK_BYTES = 64 * 1024;

/**
 * `POST /webhooks/opentok`: OpenTok session-monitoring callbacks into presence, and archive status
 * callbacks into the rooms' recording state.
 *
 * @param options - signature secret, or an explicit opt-in to unsigned callbacks
 * @returns the route
 */
export function webhookRoute(options: WebhookOptions): Route {
  return {
    method: 'POST',
    path: '/webhooks/opentok',
    async handle(c, context) {
      const raw = await readBodyText(c.req.raw, MAX_CALLBACK_BYTES);
      if ('signatureSecret' in options) {
        verifyCallbackSignature(c.req.header('authorization') ?? null, raw, {
          secret: options.signatureSecret,
          ...(options.maxAgeSeconds === undefined ? {} : { maxAgeSeconds: options.maxAgeSeconds }),
        });
      }
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        throw new RoomError('invalid_argument', 'The callback body is not valid JSON.', {
          field: 'body',
        });
      }
      // One URL for both kinds of callback: archive status changes say `event: 'archive'`.
      if (isArchiveCallback(body)) await context.rooms.recordArchiveEvent(body);
      else await context.rooms.recordSessionEvent(body);
      return c.body(null, 204);
    },
  };
}
