import { isIPv4 } from 'node:net';
import type { EmulatedSession } from '../emulated-session.js';
import { encodeSessionId } from '../session-id.js';
import { errorResponse, jsonResponse, type RestHandler } from './rest-types.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * Formats a time like OpenTok's `create_dt` (Java `Date.toString()`), in UTC:
 * `Mon Mar 17 07:41:31 UTC 2014`.
 *
 * @param ms - Milliseconds since the epoch.
 * @returns The formatted date.
 * @internal
 */
export function formatCreateDate(ms: number): string {
  const date = new Date(ms);
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${pad(date.getUTCDate())} ${time} UTC ${date.getUTCFullYear()}`;
}

function isFormBody(contentType: string | undefined, body: string): boolean {
  if (body.length === 0) return true;
  const [mediaType = ''] = (contentType ?? '').split(';');
  return mediaType.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

/**
 * `POST /session/create`: creates a session from the form fields `p2p.preference`
 * (`enabled` = relayed, the default; `disabled` = routed), `archiveMode` (`manual` or `always`,
 * which needs routed), `location` (IPv4) and `e2ee` (`true`/`false`, `true` needs routed).
 * Answers a JSON array with one `{ session_id, project_id, partner_id, create_dt,
 * media_server_url }` object, like OpenTok.
 *
 * @internal
 */
export const createSession: RestHandler = (request, state) => {
  if (!isFormBody(request.headers['content-type'], request.body)) {
    return errorResponse(415, 'Send the body as application/x-www-form-urlencoded.');
  }
  const form = new URLSearchParams(request.body);

  const preference = form.get('p2p.preference') ?? 'enabled';
  if (preference !== 'enabled' && preference !== 'disabled') {
    return errorResponse(400, 'p2p.preference must be "enabled" or "disabled".');
  }
  const mediaMode = preference === 'disabled' ? 'routed' : 'relayed';

  const archiveMode = form.get('archiveMode') ?? 'manual';
  if (archiveMode !== 'manual' && archiveMode !== 'always') {
    return errorResponse(400, 'archiveMode must be "manual" or "always".');
  }
  if (archiveMode === 'always' && mediaMode !== 'routed') {
    return errorResponse(
      400,
      'A session with archiveMode "always" must use the routed media mode.',
    );
  }

  const location = form.get('location') ?? undefined;
  if (location !== undefined && !isIPv4(location)) {
    return errorResponse(400, 'location must be an IPv4 address.');
  }

  const e2eeField = form.get('e2ee') ?? 'false';
  if (e2eeField !== 'true' && e2eeField !== 'false') {
    return errorResponse(400, 'e2ee must be "true" or "false".');
  }
  const e2ee = e2eeField === 'true';
  if (e2ee && mediaMode !== 'routed') {
    return errorResponse(400, 'End-to-end encryption requires the routed media mode.');
  }
  if (e2ee && archiveMode === 'always') {
    return errorResponse(400, 'Archiving is not supported in end-to-end encrypted sessions.');
  }

  const createdAt = state.now();
  const sessionId = encodeSessionId({
    apiKey: state.apiKey,
    createdAt,
    ...(location === undefined ? {} : { location }),
  });
  const session: EmulatedSession = { sessionId, mediaMode, archiveMode, e2ee, createdAt };
  if (location !== undefined) session.location = location;
  state.sessions.set(sessionId, session);

  return jsonResponse(200, [
    {
      session_id: sessionId,
      project_id: state.apiKey,
      partner_id: state.apiKey,
      create_dt: formatCreateDate(createdAt),
      media_server_url: '',
    },
  ]);
};
