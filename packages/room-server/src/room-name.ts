import { invalidArgument } from './errors.js';

/** The longest room name accepted. */
export const MAX_ROOM_NAME_LENGTH = 128;

const ROOM_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Checks a room name: 1 to 128 ASCII letters, digits, `-`, `_` and `.`, starting with a letter or a
 * digit. Names are case-sensitive and never rewritten.
 *
 * @param name - the room name to check
 * @throws RoomError `invalid_argument` (field `name`) when the name breaks the rule
 */
export function assertRoomName(name: unknown): asserts name is string {
  if (typeof name !== 'string') {
    throw invalidArgument('name', `Room name must be a string, got ${typeof name}.`);
  }
  if (name.length === 0 || name.length > MAX_ROOM_NAME_LENGTH) {
    throw invalidArgument(
      'name',
      `Room name must be 1 to ${MAX_ROOM_NAME_LENGTH} characters long, got ${name.length}.`,
    );
  }
  if (!ROOM_NAME.test(name)) {
    throw invalidArgument(
      'name',
      'Room name may contain only ASCII letters, digits, "-", "_" and ".", and must start with a letter or a digit.',
    );
  }
}
