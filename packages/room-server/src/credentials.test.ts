import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { resolveAccount } from './credentials.js';
import { isRoomError } from './errors.js';
import { createRoomServer } from './room-server.js';
import { createTokenSigner } from './token/token-signer.js';

const APP_ID = '3f1a2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b';
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PKCS8 = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const PKCS1 = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
const PUBLIC = rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string;
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const EC_PEM = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
// A line of the key's body: if it shows up anywhere, the key leaked.
const KEY_LINE = PKCS8.split('\n')[3] ?? '';

/** Everything an error could show: message, JSON, inspect with the cause chain. */
function everythingShown(error: unknown): string {
  return [
    String(error),
    JSON.stringify(error),
    inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
  ].join('\n');
}

function failure(run: () => unknown): Error & { code?: string; field?: string } {
  try {
    run();
  } catch (error) {
    return error as Error & { code?: string; field?: string };
  }
  throw new Error('expected a failure');
}

describe('credentials', () => {
  it('takes an OpenTok pair, a Vonage pair (PEM or KeyObject), and the SDK style', () => {
    expect(resolveAccount({ apiKey: '47000001', apiSecret: 's3cret' })).toMatchObject({
      kind: 'opentok',
      projectId: '47000001',
    });
    for (const privateKey of [PKCS8, PKCS1, rsa.privateKey, createPrivateKey(PKCS8)]) {
      const account = resolveAccount({ applicationId: APP_ID, privateKey });
      expect(account).toMatchObject({ kind: 'vonage', projectId: APP_ID });
    }
    expect(resolveAccount({ apiKey: APP_ID, apiSecret: PKCS8 })).toMatchObject({
      kind: 'vonage',
      projectId: APP_ID,
    });
    const rooms = createRoomServer({ applicationId: APP_ID, privateKey: PKCS8 });
    expect(rooms.apiKey).toBe(APP_ID);
    expect(rooms.accountKind).toBe('vonage');
    expect(createRoomServer({ apiKey: '47000001', apiSecret: 's' }).accountKind).toBe('opentok');
  });

  const bad: [string, Record<string, unknown>, string, RegExp][] = [
    ['mixed kinds', { apiKey: '47000001', privateKey: PKCS8 }, 'privateKey', /two kinds/],
    [
      'mixed kinds (all four)',
      { apiKey: '1', apiSecret: 's', applicationId: APP_ID, privateKey: PKCS8 },
      'applicationId',
      /two kinds/,
    ],
    [
      'half a Vonage pair',
      { applicationId: APP_ID },
      'privateKey',
      /RSA private key of your Vonage application.*got nothing/,
    ],
    ['no application id', { privateKey: PKCS8 }, 'applicationId', /application ID \(a UUID/],
    [
      'application id not a UUID',
      { applicationId: 'abc', privateKey: PKCS8 },
      'applicationId',
      /a string of 3 characters/,
    ],
    [
      'a public key',
      { applicationId: APP_ID, privateKey: PUBLIC },
      'privateKey',
      /got a public key/,
    ],
    [
      'a public KeyObject',
      { applicationId: APP_ID, privateKey: rsa.publicKey },
      'privateKey',
      /got a public key/,
    ],
    [
      'an EC key',
      { applicationId: APP_ID, privateKey: EC_PEM },
      'privateKey',
      /got a key of type ec \(RS256 needs RSA\)/,
    ],
    [
      'not PEM',
      { applicationId: APP_ID, privateKey: 'hunter2hunter2' },
      'privateKey',
      /a string of 14 characters that is not PEM/,
    ],
    [
      'a truncated PEM',
      { applicationId: APP_ID, privateKey: PKCS8.slice(0, 200) },
      'privateKey',
      /could not be parsed/,
    ],
    [
      'PEM with lost line breaks',
      { applicationId: APP_ID, privateKey: PKCS8.replace(/\n/g, ' ') },
      'privateKey',
      /could not be parsed/,
    ],
    [
      'a PEM secret with a non-UUID key',
      { apiKey: '47000001', apiSecret: PKCS8 },
      'apiKey',
      /apiSecret is a private key/,
    ],
    [
      'half an OpenTok pair',
      { apiKey: '47000001' },
      'apiSecret',
      /apiSecret must be your OpenTok project API secret/,
    ],
    ['nothing', {}, 'apiKey', /Give \{ apiKey, apiSecret \}.*or \{ applicationId, privateKey \}/],
  ];
  for (const [what, options, field, message] of bad) {
    it(`refuses ${what} with invalid_argument on ${field}, never echoing the key`, () => {
      for (const create of [
        () => resolveAccount(options),
        () => createRoomServer(options),
        () => createTokenSigner(options),
      ]) {
        const error = failure(create);
        expect(isRoomError(error)).toBe(true);
        expect(error.code).toBe('invalid_argument');
        expect(error.field).toBe(field);
        expect(error.message).toMatch(message);
        const shown = everythingShown(error);
        expect(shown).not.toContain(KEY_LINE);
        expect(shown).not.toContain('hunter2');
        expect(shown).not.toContain('PRIVATE KEY-----\n');
      }
    });
  }

  it('never shows the key in util.inspect or JSON of the server or the signer', () => {
    const rooms = createRoomServer({ applicationId: APP_ID, privateKey: PKCS8 });
    const signer = createTokenSigner({ applicationId: APP_ID, privateKey: PKCS8 });
    for (const value of [rooms, signer]) {
      const shown = `${inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true })}${JSON.stringify(value)}`;
      expect(shown).not.toContain(KEY_LINE);
      expect(shown).not.toContain('PRIVATE KEY');
    }
    const openTok = createRoomServer({ apiKey: '47000001', apiSecret: 'a-very-secret-value' });
    expect(inspect(openTok, { depth: Number.POSITIVE_INFINITY, showHidden: true })).not.toContain(
      'a-very-secret-value',
    );
  });

  it('refuses the T1 format for a Vonage application', () => {
    expect(
      failure(() =>
        createRoomServer({ applicationId: APP_ID, privateKey: PKCS8, tokenFormat: 't1' }),
      ),
    ).toMatchObject({
      code: 'invalid_argument',
      field: 'format',
    });
    const signer = createTokenSigner({ applicationId: APP_ID, privateKey: PKCS8 });
    expect(failure(() => signer.sign('1_MX4xfn4', { format: 't1' })).message).toMatch(
      /only for OpenTok projects/,
    );
  });
});
