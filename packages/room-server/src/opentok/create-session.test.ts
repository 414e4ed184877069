// Our createSession against the `opentok` SDK's, both captured by one loopback server: the same
// request for both account kinds, and the error codes the SDK path reported.
import { createPrivateKey, generateKeyPairSync, verify } from 'node:crypto';
import type { Server } from 'node:http';
import OpenTok from 'opentok';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type ScriptedAnswer,
  type SeenRequest,
  scriptedServer,
} from '../../test/support/scripted-server.js';
import type { ResolvedSessionOptions } from '../session-options.js';
import type { Account, AccountKind } from './account.js';
import { createSessionForm } from './create-session.js';
import { createAdapterForAccount } from './opentok-adapter.js';

const keys = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const APP_ID = '3f1a2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b';
const SECRET = 'secret-0123456789abcdef0123456789abcdef';
const ACCOUNTS: Record<AccountKind, { account: Account; sdkSecret: string }> = {
  opentok: {
    account: { kind: 'opentok', projectId: '47000001', apiSecret: SECRET },
    sdkSecret: SECRET,
  },
  vonage: {
    account: { kind: 'vonage', projectId: APP_ID, privateKey: createPrivateKey(keys.privateKey) },
    // The SDK takes the Vonage path on a UUID key with a PKCS#8 PEM secret.
    sdkSecret: keys.privateKey,
  },
};
const SESSION_ID = '1_MX40NzAwMDAwMX5-MTcwMDAwMDAwMDAwMH5zZXNzaW9u';
const CREATED = JSON.stringify([{ session_id: SESSION_ID, project_id: '47000001' }]);

type Seen = SeenRequest;

let server: Server | undefined;
afterEach(
  () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
);

/** The scripted server of this test (closed after it). */
async function serve(answers: ScriptedAnswer[]) {
  const scripted = await scriptedServer(answers);
  server = scripted.server;
  return scripted;
}

function adapter(kind: AccountKind, apiUrl: string, retries = 2) {
  return createAdapterForAccount(ACCOUNTS[kind].account, {
    apiUrl,
    timeoutMs: 2000,
    retries,
    retryBaseDelayMs: 1,
    retryMaxDelayMs: 2,
  });
}

function sdkCreateSession(kind: AccountKind, apiUrl: string, options: ResolvedSessionOptions) {
  const sdk = new OpenTok(ACCOUNTS[kind].account.projectId, ACCOUNTS[kind].sdkSecret, { apiUrl });
  // What the adapter used to pass the SDK: e2ee only when true.
  const sdkOptions: Parameters<typeof sdk.createSession>[0] = {
    mediaMode: options.mediaMode,
    archiveMode: options.archiveMode,
  };
  if (options.location !== undefined) sdkOptions.location = options.location;
  if (options.e2ee) sdkOptions.e2ee = true;
  return new Promise<{ error: unknown; sessionId: string | undefined }>((resolve) => {
    sdk.createSession(sdkOptions, (error, session) =>
      resolve({ error, sessionId: session?.sessionId }),
    );
  });
}

function jwtParts(jwt: string) {
  const [header = '', payload = '', signature = ''] = jwt.split('.');
  const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  return {
    header: decode(header),
    claims: decode(payload),
    input: `${header}.${payload}`,
    signature,
  };
}

/** The parts of a captured createSession that OpenTok reads, with the JWT decoded. */
function wireOf(kind: AccountKind, seen: Seen) {
  const auth =
    kind === 'vonage'
      ? String(seen.headers.authorization ?? '').replace(/^Bearer /, '')
      : String(seen.headers['x-opentok-auth'] ?? '');
  const jwt = jwtParts(auth);
  if (kind === 'vonage') {
    const valid = verify(
      'sha256',
      Buffer.from(jwt.input),
      keys.publicKey,
      Buffer.from(jwt.signature, 'base64url'),
    );
    expect(valid).toBe(true);
  }
  const { iss, ist, iat, exp, application_id } = jwt.claims;
  return {
    method: seen.method,
    url: seen.url,
    contentType: seen.headers['content-type'],
    accept: seen.headers.accept,
    authHeader: seen.headers.authorization === undefined ? 'X-OPENTOK-AUTH' : 'Bearer',
    hasOtherAuth:
      kind === 'vonage'
        ? seen.headers['x-opentok-auth'] !== undefined
        : seen.headers.authorization !== undefined,
    alg: jwt.header.alg,
    claims: { iss, ist, lifetime: exp - iat, application_id },
    body: seen.body,
  };
}

const OPTIONS: Array<[string, ResolvedSessionOptions]> = [
  ['the defaults (relayed, manual)', { mediaMode: 'relayed', archiveMode: 'manual', e2ee: false }],
  ['routed, archived always', { mediaMode: 'routed', archiveMode: 'always', e2ee: false }],
  [
    'routed, e2ee, a location',
    { mediaMode: 'routed', archiveMode: 'manual', e2ee: true, location: '10.1.2.3' },
  ],
];

describe('createSession sends what the SDK sends', () => {
  for (const kind of ['opentok', 'vonage'] as const) {
    for (const [title, options] of OPTIONS) {
      it(`${kind}: ${title}`, async () => {
        const { seen, url } = await serve([{ status: 200, body: CREATED }]);
        const sdk = await sdkCreateSession(kind, url, options);
        expect(sdk).toEqual({ error: null, sessionId: SESSION_ID });
        await expect(adapter(kind, url).createSession(options)).resolves.toBe(SESSION_ID);
        expect(seen).toHaveLength(2);
        const [theirs, ours] = seen.map((request) => wireOf(kind, request as Seen));
        expect(ours).toEqual(theirs);
        expect(ours).toMatchObject({
          method: 'POST',
          url: '/session/create',
          contentType: 'application/x-www-form-urlencoded',
          authHeader: kind === 'vonage' ? 'Bearer' : 'X-OPENTOK-AUTH',
          hasOtherAuth: false,
          alg: kind === 'vonage' ? 'RS256' : 'HS256',
          claims: {
            iss: ACCOUNTS[kind].account.projectId,
            ist: 'project',
            lifetime: 300,
            application_id: kind === 'vonage' ? APP_ID : undefined,
          },
        });
        expect(ours?.body).toBe(createSessionForm(options).toString());
      });
    }
  }

  it('the form fields, spelled out', () => {
    expect(
      Object.fromEntries(createSessionForm(OPTIONS[2]?.[1] as ResolvedSessionOptions)),
    ).toEqual({
      archiveMode: 'manual',
      location: '10.1.2.3',
      e2ee: 'true',
      'p2p.preference': 'disabled',
    });
    expect(createSessionForm(OPTIONS[0]?.[1] as ResolvedSessionOptions).toString()).toBe(
      'archiveMode=manual&p2p.preference=enabled',
    );
  });
});

const ROUTED: ResolvedSessionOptions = { mediaMode: 'routed', archiveMode: 'manual', e2ee: false };

describe('createSession errors map as they did through the SDK', () => {
  const cases: Array<[string, ScriptedAnswer[], string, number]> = [
    ['401', [{ status: 401, body: '{"message":"no"}' }], 'opentok_auth', 1],
    ['403', [{ status: 403, body: '{"message":"no"}' }], 'opentok_auth', 1],
    [
      '404 (a wrong apiUrl)',
      [{ status: 404, body: 'Not Found', type: 'text/html' }],
      'opentok_bad_response',
      1,
    ],
    ['500, every attempt', [{ status: 500, body: '{"message":"down"}' }], 'opentok_unavailable', 3],
    ['503 with an empty body', [{ status: 503 }], 'opentok_unavailable', 3],
    ['429', [{ status: 429, body: '{}' }], 'opentok_unavailable', 3],
    [
      'a text/plain 200',
      [{ status: 200, body: CREATED, type: 'text/plain' }],
      'opentok_bad_response',
      1,
    ],
    ['a 200 that is not JSON', [{ status: 200, body: '<html>' }], 'opentok_bad_response', 1],
    ['an empty 200', [{ status: 200 }], 'opentok_bad_response', 1],
    ['a 200 of []', [{ status: 200, body: '[]' }], 'opentok_bad_response', 1],
    [
      'a 200 of an object',
      [{ status: 200, body: `{"session_id":"${SESSION_ID}"}` }],
      'opentok_bad_response',
      1,
    ],
    [
      'a 200 with a malformed id',
      [{ status: 200, body: '[{"session_id":"x"}]' }],
      'opentok_bad_response',
      1,
    ],
    // The SDK hid the status of a 400 and it was retried; it answers the same again, so not now.
    ['400', [{ status: 400, body: '{"message":"bad"}' }], 'opentok_unavailable', 1],
  ];
  for (const [title, answers, code, requests] of cases) {
    it(`${title} is ${code} after ${requests} request(s)`, async () => {
      const { seen, url } = await serve(answers);
      await expect(adapter('opentok', url).createSession(ROUTED)).rejects.toMatchObject({ code });
      expect(seen).toHaveLength(requests);
    });
  }

  it('a 5xx then a session: retried and created', async () => {
    const { seen, url } = await serve([{ status: 502 }, { status: 200, body: CREATED }]);
    await expect(adapter('vonage', url).createSession(ROUTED)).resolves.toBe(SESSION_ID);
    expect(seen).toHaveLength(2);
  });

  it('refused credentials name the account kind, as before', async () => {
    const { url } = await serve([{ status: 401 }]);
    await expect(adapter('opentok', url).createSession(ROUTED)).rejects.toMatchObject({
      message:
        'OpenTok createSession failed: OpenTok rejected the API key or secret (X-OPENTOK-AUTH). Check OPENTOK_API_KEY and OPENTOK_API_SECRET.',
    });
    await expect(adapter('vonage', url).createSession(ROUTED)).rejects.toMatchObject({
      message: expect.stringContaining(
        'OpenTok createSession failed: the Vonage Video API rejected the application ID or private key',
      ),
    });
  });

  it('a refused connection is opentok_unavailable after the retries', async () => {
    const { url } = await serve([]);
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;
    await expect(adapter('opentok', url, 1).createSession(ROUTED)).rejects.toMatchObject({
      code: 'opentok_unavailable',
    });
  });

  it('the SDK agrees where it can tell: 403, 404 and a text/plain 200', async () => {
    const { url } = await serve([
      { status: 403 },
      { status: 404, body: 'Not Found', type: 'text/html' },
      { status: 200, body: CREATED, type: 'text/plain' },
    ]);
    const refused = await sdkCreateSession('opentok', url, ROUTED);
    expect(String((refused.error as Error).message)).toContain('Invalid API key or secret');
    const missing = await sdkCreateSession('opentok', url, ROUTED);
    expect(missing.error).toBeTruthy();
    // The SDK parses only application/json: a text answer gives no session id, and no error.
    expect(await sdkCreateSession('opentok', url, ROUTED)).toEqual({
      error: null,
      sessionId: undefined,
    });
  });
});
