import {
  MAX_SIGNAL_DATA_BYTES,
  MAX_SIGNAL_TYPE_LENGTH,
  type ServerMessage,
  SIGNAL_TYPE_PATTERN,
} from '../protocol.js';
import { broadcast, deliver } from './hub-delivery.js';
import type { HubOutcome, HubState } from './hub-state.js';
import { WIRE_ERRORS } from './wire-errors.js';

/** Options of `SessionHub.signal`. @internal */
export interface SignalInput {
  readonly type?: string | undefined;
  readonly data?: string | undefined;
  readonly to?: string | undefined;
}

/**
 * Checks a signal and delivers it to every connection of a session (sender included) or to one.
 *
 * @param state - The hub's state.
 * @param sessionId - The session.
 * @param from - The sending connection, or `null` for the REST API.
 * @param input - `type`, `data`, `to`.
 * @returns Nothing, or `OT_INVALID_PARAMETER` / `OT_NOT_FOUND`.
 * @internal
 */
export function routeSignal(
  state: HubState,
  sessionId: string,
  from: string | null,
  input: SignalInput,
): HubOutcome<null> {
  const type = input.type ?? '';
  const data = input.data ?? '';
  if (typeof type !== 'string' || type.length > MAX_SIGNAL_TYPE_LENGTH) {
    return { error: WIRE_ERRORS.invalidParameter('The signal type is longer than 128 chars.') };
  }
  if (!SIGNAL_TYPE_PATTERN.test(type)) {
    return {
      error: WIRE_ERRORS.invalidParameter(
        'The signal type may contain only letters, digits, "-", "_" and "~".',
      ),
    };
  }
  if (typeof data !== 'string' || Buffer.byteLength(data, 'utf8') > MAX_SIGNAL_DATA_BYTES) {
    return { error: WIRE_ERRORS.invalidParameter('The signal data is larger than 8 KB.') };
  }
  const session = state.sessions.get(sessionId);
  const message: ServerMessage = {
    type: 'signal',
    ...(type.length > 0 ? { signalType: type } : {}),
    data,
    from,
  };
  if (input.to !== undefined) {
    const target = session?.connections.get(input.to);
    if (target === undefined) {
      return { error: WIRE_ERRORS.notFound('The signal recipient is not connected.') };
    }
    deliver(target, message);
    return { ok: null };
  }
  if (session !== undefined) broadcast(session, message);
  return { ok: null };
}

/**
 * Relays a subscribe, unsubscribe or WebRTC message to another connection of the sender's
 * session.
 *
 * @param state - The hub's state.
 * @param from - The sender.
 * @param to - The recipient.
 * @param message - What to deliver.
 * @returns Whether the recipient exists in the sender's session.
 * @internal
 */
export function relayMessage(
  state: HubState,
  from: string,
  to: string,
  message: ServerMessage,
): boolean {
  const sender = state.byId.get(from);
  const target = state.byId.get(to);
  if (sender === undefined || target === undefined || sender.sessionId !== target.sessionId) {
    return false;
  }
  deliver(target, message);
  return true;
}
