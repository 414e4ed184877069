import { invalidArgument } from './errors.js';

/** A signal to the clients of a room. */
export interface RoomSignal {
  /** At most 128 characters of ASCII letters, digits, `-`, `_` and `~`. */
  type: string;
  /** At most 8192 characters. */
  data: string;
  /** One connection id; every connection when absent. */
  to?: string;
}

const SIGNAL_TYPE = /^[A-Za-z0-9_~-]{1,128}$/;

/**
 * Checks a signal against OpenTok's limits.
 *
 * @param signal - what the caller gave
 * @throws RoomError `invalid_argument` naming the field at fault
 */
export function assertSignal(signal: RoomSignal): void {
  if (typeof signal !== 'object' || signal === null) {
    throw invalidArgument('signal', 'signal must be an object { type, data, to? }.');
  }
  if (typeof signal.type !== 'string' || !SIGNAL_TYPE.test(signal.type)) {
    throw invalidArgument(
      'type',
      'Signal type must be 1 to 128 ASCII letters, digits, "-", "_" or "~".',
    );
  }
  if (typeof signal.data !== 'string' || signal.data.length > 8192) {
    throw invalidArgument('data', 'Signal data must be a string of at most 8192 characters.');
  }
  if (signal.to !== undefined && (typeof signal.to !== 'string' || signal.to === '')) {
    throw invalidArgument('to', 'to must be a connection id.');
  }
}
