import { fromCallback, withDeadline } from './deadline.js';
import { RoomClientError } from './errors.js';
import type { RoomInternals } from './host.js';
import { checkSignal } from './signal-limits.js';
import type { RoomClient, SignalOptions } from './types.js';

/**
 * Sends a signal to everyone in the room (yourself included) or to one connection; others receive
 * it as `signalReceived`. Checked against OpenTok's limits first, so a bad type or an oversized
 * payload fails at once with a clear error. A function rather than a method so that a page that
 * only receives signals (or uses none) does not pay for sending them (tree-shaken).
 *
 * @param room - a joined room client
 * @param signal - type, data and an optional recipient
 * @returns resolves once OpenTok acknowledged it
 * @throws RoomClientError `invalid_argument` (type or size); `not_connected` before `join()`;
 *   `not_found` for a recipient who is not (or no longer) in the room; `timeout`
 * @example
 * ```ts
 * import { sendSignal } from '@opentok-rooms/room-client';
 *
 * await sendSignal(room, { type: 'chat', data: 'hello everyone' });
 * await sendSignal(room, { type: 'chat', data: 'hello you', to: connectionId });
 * room.on('signalReceived', ({ type, data, from }) => show(type, data, from));
 * ```
 */
export async function sendSignal(
  room: RoomClient,
  { type, data, to }: SignalOptions,
): Promise<void> {
  const signal = checkSignal(type, data);
  const { _host: host, _join: join } = room as unknown as RoomInternals;
  const session = join?._session;
  if (!join?._connected || !session) {
    throw new RoomClientError('not_connected', 'await room.join() before sendSignal(room)');
  }
  if (to !== undefined) {
    const connection = typeof to === 'string' ? join._participants.get(to) : to;
    if (!connection) throw new RoomClientError('not_found', `no connection ${to} in the room`);
    signal.to = connection;
  }
  const sent = fromCallback('signal', (done) => session.signal(signal, done));
  await withDeadline(sent, host._timeouts.signal, 'signal');
}
