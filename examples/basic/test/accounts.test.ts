// The example picks its platform from the environment, as it does with real accounts: VONAGE_* for a
// Vonage application, OPENTOK_* for an OpenTok project, each pointed at an emulator acting as that
// kind of account (no browser: the join API only). A half-set environment fails before anything
// listens.
import { createPublicKey, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { type Emulator, startEmulator, verifyClientToken } from '@opentok-rooms/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { type BasicExample, startBasicExample } from '../server.mjs';

const ALL_VARIABLES = [
  'OPENTOK_API_KEY',
  'OPENTOK_API_SECRET',
  'VONAGE_APPLICATION_ID',
  'VONAGE_PRIVATE_KEY',
  'VONAGE_PRIVATE_KEY_PATH',
  'OPENTOK_API_URL',
  'VONAGE_VIDEO_API_URL',
];

let emulator: Emulator | undefined;
let example: BasicExample | undefined;
afterEach(async () => {
  await example?.close();
  await emulator?.close();
  example = undefined;
  emulator = undefined;
});

/** The JWT header's `alg`, and what the emulator's own verifier makes of the token. */
function readToken(token: string, on: Emulator) {
  const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as {
    alg: string;
  };
  const claims = verifyClientToken(token, {
    apiKey: on.apiKey,
    apiSecret: on.apiSecret,
    ...(on.privateKey === undefined ? {} : { publicKey: createPublicKey(on.privateKey) }),
  });
  return { alg: header.alg, claims };
}

async function joinThroughApi(url: string, room: string) {
  const config = (await (await fetch(`${url}/api/config`)).json()) as { mode: string };
  const response = await fetch(`${url}/api/rooms/${room}/join`, { method: 'POST' });
  const body = (await response.json()) as { apiKey: string; sessionId: string; token: string };
  return { mode: config.mode, status: response.status, body };
}

describe('examples/basic with account variables in its environment', () => {
  it('VONAGE_* pointing at a Vonage-mode emulator: mode vonage, and a join answers an RS256 token', async () => {
    emulator = await startEmulator({ account: 'vonage' });
    example = await startBasicExample({
      port: 0,
      env: {
        VONAGE_APPLICATION_ID: emulator.applicationId,
        VONAGE_PRIVATE_KEY: emulator.privateKey,
        VONAGE_VIDEO_API_URL: emulator.url,
      },
    });
    expect(example.mode).toBe('vonage');
    expect(example.emulator).toBeUndefined(); // it talks to the one named in the environment

    const join = await joinThroughApi(example.url, 'vonage-env');
    expect(join.mode).toBe('vonage');
    expect(join.status).toBe(200);
    expect(join.body.apiKey).toBe(emulator.applicationId);
    const { alg, claims } = readToken(join.body.token, emulator);
    expect(alg).toBe('RS256');
    expect(claims).toMatchObject({ sessionId: join.body.sessionId, role: 'publisher' });
    expect(emulator.sessions().map((s) => s.sessionId)).toEqual([join.body.sessionId]);
  });

  it('OPENTOK_* pointing at an OpenTok-mode emulator: mode opentok, and a join answers an HS256 token', async () => {
    emulator = await startEmulator();
    example = await startBasicExample({
      port: 0,
      env: {
        OPENTOK_API_KEY: emulator.apiKey,
        OPENTOK_API_SECRET: emulator.apiSecret,
        OPENTOK_API_URL: emulator.url,
      },
    });
    expect(example.mode).toBe('opentok');
    expect(example.emulator).toBeUndefined();

    const join = await joinThroughApi(example.url, 'opentok-env');
    expect(join.mode).toBe('opentok');
    expect(join.status).toBe(200);
    expect(join.body.apiKey).toBe(emulator.apiKey);
    const { alg, claims } = readToken(join.body.token, emulator);
    expect(alg).toBe('HS256');
    expect(claims).toMatchObject({ sessionId: join.body.sessionId, role: 'publisher' });
    expect(emulator.sessions().map((s) => s.sessionId)).toEqual([join.body.sessionId]);
  });

  /** A port free right now, to see whether a failed start left something listening on it. */
  async function freePort(): Promise<number> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise((resolve) => probe.close(resolve));
    return port;
  }

  /** Fails when something still listens on `port`. */
  async function listenAgain(port: number): Promise<void> {
    const again = createServer();
    await new Promise<void>((resolve, reject) => {
      again.once('error', reject);
      again.listen(port, '127.0.0.1', resolve);
    });
    await new Promise((resolve) => again.close(resolve));
  }

  /** Starts the example on a free port with `env`, expecting it to fail; answers the error. */
  async function failedStart(env: Record<string, string>) {
    const port = await freePort();
    const failure = await startBasicExample({ port, env }).then(
      () => undefined,
      (error: unknown) => error as { code?: string; message?: string },
    );
    await listenAgain(port); // nothing holds the port: the example's server is not left open
    return failure;
  }

  it.each([
    [
      'half a Vonage pair',
      { VONAGE_APPLICATION_ID: randomUUID() },
      /VONAGE_APPLICATION_ID is set, but neither VONAGE_PRIVATE_KEY nor VONAGE_PRIVATE_KEY_PATH/,
    ],
    [
      'half an OpenTok pair',
      { OPENTOK_API_KEY: '47000001' },
      /OPENTOK_API_KEY is set, but not OPENTOK_API_SECRET/,
    ],
    [
      'both kinds',
      { OPENTOK_API_KEY: '47000001', OPENTOK_API_SECRET: 's', VONAGE_APPLICATION_ID: randomUUID() },
      /Both OpenTok and Vonage variables are set/,
    ],
  ])(
    '%s rejects with the error that lists what to set, and leaves no server open',
    async (_what, env, why) => {
      const failure = await failedStart(env);
      expect(failure?.code).toBe('invalid_argument');
      expect(failure?.message).toMatch(why);
      for (const name of ALL_VARIABLES) expect(failure?.message).toContain(name);
    },
  );

  it('a Vonage private key that is not an RSA key rejects with invalid_argument, and leaves no server open', async () => {
    const failure = await failedStart({
      VONAGE_APPLICATION_ID: randomUUID(),
      VONAGE_PRIVATE_KEY: 'not a key',
    });
    expect(failure?.code).toBe('invalid_argument');
    expect(failure?.message).not.toContain('not a key');
  });
});
