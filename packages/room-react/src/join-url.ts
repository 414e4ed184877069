import type { RoomCredentials } from '@opentok-rooms/room-client';

/**
 * Credentials from a join endpoint on your own server (such as room-server's
 * `POST /api/rooms/:name/join`): a POST with `{ data }` as JSON when connection data is asked for.
 *
 * @param url - the join endpoint
 * @param data - connection data to request (your server decides whether to grant it)
 * @returns the credentials the endpoint returned
 * @throws Error with the server's error message when the answer is not a success, or has no
 *   `apiKey`, `sessionId` and `token`
 */
export async function fetchJoinCredentials(url: string, data?: string): Promise<RoomCredentials> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(data === undefined ? {} : { data }),
  });
  const body = (await response.json().catch(() => undefined)) as
    | (Partial<RoomCredentials> & { error?: { message?: string } })
    | undefined;
  if (!response.ok) {
    const reason = body?.error?.message ?? `the server answered ${response.status}`;
    throw new Error(`The join was refused: ${reason}`);
  }
  const { apiKey, sessionId, token } = body ?? {};
  if (typeof apiKey !== 'string' || typeof sessionId !== 'string' || typeof token !== 'string') {
    throw new Error(`The join endpoint ${url} did not return { apiKey, sessionId, token }.`);
  }
  return { apiKey, sessionId, token };
}
