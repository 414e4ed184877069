import { describe, expect, it } from 'vitest';
import { assertRoomName } from './room-name.js';

describe('assertRoomName', () => {
  it.each(['a', 'standup', 'Team-42', 'q3.review_2026', '0', 'x'.repeat(128)])(
    'accepts %s',
    (name) => {
      expect(() => assertRoomName(name)).not.toThrow();
    },
  );
  it.each([
    ['', 'empty'],
    ['x'.repeat(129), 'too long'],
    ['-leading-dash', 'not starting with a letter or digit'],
    ['.hidden', 'leading dot'],
    ['has space', 'space'],
    ['slash/room', 'slash'],
    ['émoji', 'non-ASCII'],
    ['room\n', 'newline'],
    ['../etc', 'path'],
  ])('rejects %j (%s) with invalid_argument on name', (name) => {
    expect(() => assertRoomName(name)).toThrowError(
      expect.objectContaining({ code: 'invalid_argument', field: 'name' }),
    );
  });
  it.each([[42], [null], [undefined], [{}]])('rejects a non-string %j', (name) => {
    expect(() => assertRoomName(name)).toThrow(/must be a string/);
  });
});
