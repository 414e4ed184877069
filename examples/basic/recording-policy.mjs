// Who may record in this example: the host. Whoever joins with the host code (HOST_CODE, or one
// printed when the server starts) gets a moderator token and may start and stop recordings;
// everyone may see the room's recordings. A real app decides this from its own users instead.
import { timingSafeEqual } from 'node:crypto';
import { RoomError } from '@opentok-rooms/room-server';

/** The header the page sends the host code in (on the join and on start/stop). */
export const HOST_CODE_HEADER = 'x-host-code';

function sameCode(given, expected) {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Wraps a join policy with the host's rights: a join asking for `moderator` needs the host code,
 * and only the host may start or stop a recording. A wrong code, or a start by someone else, is
 * refused with a message the page shows as it is.
 *
 * @param {import('@opentok-rooms/room-server/http').Authorize} authorizeJoin
 * @param {string} hostCode
 * @returns {import('@opentok-rooms/room-server/http').Authorize}
 */
export function withHostRecording(authorizeJoin, hostCode) {
  const isHost = (request) => sameCode(request.headers.get(HOST_CODE_HEADER), hostCode);
  return async (request, context) => {
    const { action, requested } = context;
    if (action === 'startArchive' || action === 'stopArchive') {
      if (isHost(request)) return true;
      throw new RoomError(
        'forbidden',
        `Only the host can ${action === 'startArchive' ? 'start' : 'stop'} a recording: join with the host code to record.`,
      );
    }
    if (action === 'listArchives' || action === 'getArchive') return context.room !== undefined;
    if (action !== 'joinRoom' || requested?.role !== 'moderator') {
      return authorizeJoin(request, context);
    }
    if (!isHost(request)) {
      throw new RoomError(
        'forbidden',
        'That host code is wrong: leave it empty to join as a guest.',
      );
    }
    const grant = await authorizeJoin(request, {
      ...context,
      requested: { ...requested, role: undefined },
    });
    if (grant === false) return false;
    return { ...(grant === true ? {} : grant), role: 'moderator' };
  };
}
