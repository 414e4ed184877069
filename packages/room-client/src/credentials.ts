import { RoomClientError } from './errors.js';
import type { RoomClientOptions, RoomCredentials } from './types.js';

/** Calls (or takes) the credentials and checks them; any failure is `credentials_failed`. */
export async function fetchCredentials(
  source: RoomClientOptions['credentials'],
): Promise<RoomCredentials> {
  try {
    const credentials = typeof source === 'function' ? await source() : source;
    if (credentials?.apiKey && credentials.sessionId && credentials.token) return credentials;
    throw 'need apiKey, sessionId and token';
  } catch (error) {
    throw new RoomClientError('credentials_failed', `credentials: ${error}`, { cause: error });
  }
}
