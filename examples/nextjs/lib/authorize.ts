import type { Authorize } from '@opentok-rooms/room-server/http';
import { nameFromData } from './names';

/**
 * Anyone may join (or start) a room as a publisher; the only connection data a visitor may set is
 * `{"name": "…"}` with a display name of 1 to 40 characters. Decide this from your own users'
 * sessions in a real app.
 */
export const authorize: Authorize = (_request, { action, requested }) => {
  if (action !== 'joinRoom') return false;
  if (requested?.data === undefined) return { role: 'publisher' };
  const name = nameFromData(requested.data, '');
  if (name === '' || name.length > 40 || JSON.stringify({ name }) !== requested.data) return false;
  return { role: 'publisher', data: requested.data };
};
