import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { credentialsFromEnv, roomServerOptionsFromEnv } from './from-env.js';
import { createRoomServer } from './room-server.js';

const APP_ID = '3f1a2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b';
const PEM = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
  type: 'pkcs8',
  format: 'pem',
}) as string;
const dir = mkdtempSync(join(tmpdir(), 'room-server-env-'));
const keyPath = join(dir, 'private.key');
writeFileSync(keyPath, PEM);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('credentialsFromEnv and createRoomServer.fromEnv', () => {
  it('reads an OpenTok pair with its endpoint', () => {
    const env = {
      OPENTOK_API_KEY: '47000001',
      OPENTOK_API_SECRET: 's',
      OPENTOK_API_URL: 'http://127.0.0.1:4010',
    };
    expect(credentialsFromEnv(env)).toEqual({
      apiKey: '47000001',
      apiSecret: 's',
      apiUrl: 'http://127.0.0.1:4010',
    });
    const rooms = createRoomServer.fromEnv({ env });
    expect(rooms.accountKind).toBe('opentok');
    expect(rooms.apiKey).toBe('47000001');
  });

  it('reads a Vonage application with the PEM text (also with \\n escapes) or a key file', () => {
    const escaped = PEM.replace(/\n/g, '\\n');
    for (const env of [
      { VONAGE_APPLICATION_ID: APP_ID, VONAGE_PRIVATE_KEY: PEM },
      { VONAGE_APPLICATION_ID: APP_ID, VONAGE_PRIVATE_KEY: escaped },
      {
        VONAGE_APPLICATION_ID: APP_ID,
        VONAGE_PRIVATE_KEY_PATH: keyPath,
        VONAGE_VIDEO_API_URL: 'http://[::1]:1',
      },
    ]) {
      const credentials = credentialsFromEnv(env);
      expect(credentials).toMatchObject({ applicationId: APP_ID, privateKey: PEM });
      const rooms = createRoomServer.fromEnv({ env });
      expect(rooms.accountKind).toBe('vonage');
      expect(rooms.apiKey).toBe(APP_ID);
    }
    expect(
      credentialsFromEnv({
        VONAGE_APPLICATION_ID: APP_ID,
        VONAGE_PRIVATE_KEY: PEM,
        OPENTOK_API_URL: 'http://127.0.0.1:9',
      })?.apiUrl,
    ).toBe('http://127.0.0.1:9');
  });

  it('answers undefined with optional when nothing is set, and empty variables count as unset', () => {
    expect(credentialsFromEnv({}, { optional: true })).toBeUndefined();
    expect(
      credentialsFromEnv({ OPENTOK_API_KEY: '', VONAGE_PRIVATE_KEY: ' ' }, { optional: true }),
    ).toBeUndefined();
  });

  const bad: [string, Record<string, string>, RegExp][] = [
    ['nothing', {}, /No credentials are set/],
    [
      'half an OpenTok pair',
      { OPENTOK_API_KEY: '1' },
      /OPENTOK_API_KEY is set, but not OPENTOK_API_SECRET/,
    ],
    [
      'the other half',
      { OPENTOK_API_SECRET: 's' },
      /OPENTOK_API_SECRET is set, but not OPENTOK_API_KEY/,
    ],
    [
      'both kinds',
      { OPENTOK_API_KEY: '1', OPENTOK_API_SECRET: 's', VONAGE_APPLICATION_ID: APP_ID },
      /Both OpenTok and Vonage variables are set \(OPENTOK_API_KEY, OPENTOK_API_SECRET, VONAGE_APPLICATION_ID\)/,
    ],
    [
      'an id without a key',
      { VONAGE_APPLICATION_ID: APP_ID },
      /neither VONAGE_PRIVATE_KEY nor VONAGE_PRIVATE_KEY_PATH/,
    ],
    ['a key without an id', { VONAGE_PRIVATE_KEY: PEM }, /VONAGE_APPLICATION_ID is not set/],
    [
      'both key variables',
      { VONAGE_APPLICATION_ID: APP_ID, VONAGE_PRIVATE_KEY: PEM, VONAGE_PRIVATE_KEY_PATH: keyPath },
      /Both VONAGE_PRIVATE_KEY and VONAGE_PRIVATE_KEY_PATH/,
    ],
    [
      'a missing key file',
      { VONAGE_APPLICATION_ID: APP_ID, VONAGE_PRIVATE_KEY_PATH: join(dir, 'nope.key') },
      /cannot be read \(ENOENT\)/,
    ],
    [
      'two different URLs',
      {
        OPENTOK_API_KEY: '1',
        OPENTOK_API_SECRET: 's',
        OPENTOK_API_URL: 'http://a',
        VONAGE_VIDEO_API_URL: 'http://b',
      },
      /both set, to different URLs/,
    ],
    [
      'a URL that is not one',
      { OPENTOK_API_KEY: '1', OPENTOK_API_SECRET: 's', OPENTOK_API_URL: 'localhost:4010' },
      /OPENTOK_API_URL must be an http\(s\) URL/,
    ],
  ];
  for (const [what, env, message] of bad) {
    it(`refuses ${what} with one error that lists what to set`, () => {
      expect(() => credentialsFromEnv(env)).toThrow(message);
      let error: unknown;
      try {
        createRoomServer.fromEnv({ env });
      } catch (caught) {
        error = caught;
      }
      expect(error).toMatchObject({
        code: 'invalid_argument',
        field: 'env',
        message: expect.stringMatching(message),
      });
      const text = String((error as Error).message);
      for (const name of [
        'OPENTOK_API_KEY',
        'OPENTOK_API_SECRET',
        'VONAGE_APPLICATION_ID',
        'VONAGE_PRIVATE_KEY',
        'VONAGE_PRIVATE_KEY_PATH',
        'OPENTOK_API_URL',
      ]) {
        expect(text).toContain(name);
      }
      expect(text).not.toContain('BEGIN');
      expect(text).not.toContain(PEM.split('\n')[2] ?? '');
    });
  }

  it('lets explicit options win over the environment endpoint', () => {
    const env = {
      OPENTOK_API_KEY: '1',
      OPENTOK_API_SECRET: 's',
      OPENTOK_API_URL: 'http://127.0.0.1:1',
    };
    expect(roomServerOptionsFromEnv({ env }).apiUrl).toBe('http://127.0.0.1:1');
    expect(
      roomServerOptionsFromEnv({ env, apiUrl: 'http://127.0.0.1:2', storeTimeoutMs: 100 }),
    ).toEqual({
      apiKey: '1',
      apiSecret: 's',
      apiUrl: 'http://127.0.0.1:2',
      storeTimeoutMs: 100,
    });
  });

  it('takes an option given as undefined as left out: apiUrl undefined keeps the variable', () => {
    const env = {
      VONAGE_APPLICATION_ID: APP_ID,
      VONAGE_PRIVATE_KEY: PEM,
      VONAGE_VIDEO_API_URL: 'http://127.0.0.1:3',
    };
    const options = roomServerOptionsFromEnv({ env, apiUrl: undefined, storeTimeoutMs: undefined });
    // toStrictEqual: an `apiUrl: undefined` key would fail it (toEqual takes it as missing).
    expect(options).toStrictEqual({
      applicationId: APP_ID,
      privateKey: PEM,
      apiUrl: 'http://127.0.0.1:3',
    });
    const rooms = createRoomServer.fromEnv({ env, apiUrl: undefined });
    expect(rooms.accountKind).toBe('vonage');
  });
});
