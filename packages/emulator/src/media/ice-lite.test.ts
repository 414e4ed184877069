import { describe, expect, it } from 'vitest';
import { nominateOnFirstCheck, withSessionIceLite } from './ice-lite.js';

const lite =
  'v=0\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP\r\na=ice-lite\r\nm=video 9 UDP\r\na=ice-lite\r\n';

describe('withSessionIceLite', () => {
  it('declares a lite media section at session level once', () => {
    const once = withSessionIceLite(lite);
    expect(once).toBe(
      `v=0\r\ns=-\r\nt=0 0\r\na=ice-lite\r\nm=audio 9 UDP\r\na=ice-lite\r\nm=video 9 UDP\r\na=ice-lite\r\n`,
    );
    expect(withSessionIceLite(once)).toBe(once);
  });

  it('leaves a full agent alone', () => {
    const full = lite.replaceAll('a=ice-lite\r\n', '');
    expect(withSessionIceLite(full)).toBe(full);
  });
});

/** A werift ICE connection as far as nominateOnFirstCheck sees it. */
function connection(iceLite: boolean) {
  const seen: string[][] = [];
  const value = {
    iceLite,
    nominated: undefined as unknown,
    checkIncoming(message: { attributesKeys: string[] }) {
      seen.push([...message.attributesKeys]);
    },
  };
  return { value, seen };
}

function check(keys: string[]) {
  const attributes = keys.map((key) => [key, undefined] as [string, unknown]);
  return {
    get attributesKeys() {
      return attributes.map(([key]) => key);
    },
    setAttribute(key: string, value: unknown) {
      attributes.push([key, value]);
      return this;
    },
  };
}

describe('nominateOnFirstCheck', () => {
  it('treats checks as nominating until a pair is nominated, then passes them as they are', () => {
    const { value, seen } = connection(true);
    const pc = { iceTransports: [{ connection: value }] } as never;
    nominateOnFirstCheck(pc);
    nominateOnFirstCheck(pc);
    value.checkIncoming(check(['USERNAME', 'PRIORITY']));
    value.nominated = {};
    value.checkIncoming(check(['USERNAME', 'PRIORITY']));
    expect(seen).toEqual([
      ['USERNAME', 'PRIORITY', 'USE-CANDIDATE'],
      ['USERNAME', 'PRIORITY'],
    ]);
  });

  it('leaves a full agent alone', () => {
    const { value, seen } = connection(false);
    nominateOnFirstCheck({ iceTransports: [{ connection: value }] } as never);
    value.checkIncoming(check(['USERNAME']));
    expect(seen).toEqual([['USERNAME']]);
  });
});
