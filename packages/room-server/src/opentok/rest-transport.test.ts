import { createHmac, generateKeyPairSync, verify } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type ScriptedAnswer, scriptedServer } from '../../test/support/scripted-server.js';
import type { Account } from './account.js';
import { apiUrlFor } from './account.js';
import { createRestTransport, RestStatusError } from './rest-transport.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const APP_ID = '3f1a2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b';
const vonage: Account = { kind: 'vonage', projectId: APP_ID, privateKey };
const openTok: Account = { kind: 'opentok', projectId: '47000001', apiSecret: 'secret-1' };

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

function transport(account: Account, apiUrl: string, retries = 2) {
  return createRestTransport({
    account,
    apiUrl,
    timeoutMs: 2000,
    retries,
    backoff: { baseDelayMs: 1, maxDelayMs: 2, random: () => 0.5 },
  });
}

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

describe('REST transport', () => {
  it('picks the host per account kind unless apiUrl overrides it', () => {
    expect(apiUrlFor('opentok', undefined)).toBe('https://api.opentok.com');
    expect(apiUrlFor('vonage', undefined)).toBe('https://video.api.vonage.com');
    expect(apiUrlFor('vonage', 'http://127.0.0.1:9/')).toBe('http://127.0.0.1:9');
  });

  it('sends a Vonage call with a Bearer RS256 JWT verified by the public key, and returns the parsed body', async () => {
    const { seen, url } = await serve([{ status: 200, body: '{"id":"a1","status":"started"}' }]);
    const rest = transport(vonage, url);
    expect(rest.projectPath).toBe(`/v2/project/${APP_ID}`);
    const answer = await rest.request('POST', `${rest.projectPath}/archive`, { sessionId: 's' });
    expect(answer).toEqual({ id: 'a1', status: 'started' });
    const [request] = seen;
    expect(request?.url).toBe(`/v2/project/${APP_ID}/archive`);
    expect(request?.headers['x-opentok-auth']).toBeUndefined();
    expect(JSON.parse(request?.body ?? '')).toEqual({ sessionId: 's' });
    const jwt = (request?.headers.authorization ?? '').replace(/^Bearer /, '');
    const [header = '', payload = '', signature = ''] = jwt.split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({
      alg: 'RS256',
      typ: 'JWT',
    });
    expect(
      verify(
        'sha256',
        Buffer.from(`${header}.${payload}`),
        publicKey,
        Buffer.from(signature, 'base64url'),
      ),
    ).toBe(true);
    const claims = claimsOf(jwt);
    expect(Object.keys(claims)).toEqual(['iss', 'ist', 'iat', 'exp', 'application_id', 'jti']);
    expect(claims).toMatchObject({ iss: APP_ID, ist: 'project', application_id: APP_ID });
    expect((claims.exp as number) - (claims.iat as number)).toBe(300);
  });

  it('sends an OpenTok call with X-OPENTOK-AUTH HS256, and returns undefined for 204', async () => {
    const { seen, url } = await serve([{ status: 204 }]);
    const answer = await transport(openTok, url).request(
      'DELETE',
      '/v2/project/47000001/session/s/connection/c',
    );
    expect(answer).toBeUndefined();
    const jwt = String(seen[0]?.headers['x-opentok-auth']);
    expect(seen[0]?.headers.authorization).toBeUndefined();
    const [header, payload, signature] = jwt.split('.');
    expect(
      createHmac('sha256', 'secret-1').update(`${header}.${payload}`).digest('base64url'),
    ).toBe(signature);
    expect(claimsOf(jwt)).toMatchObject({ iss: '47000001', ist: 'project' });
  });

  it('retries a 5xx when the call may retry, and never a POST by default', async () => {
    const retried = await serve([{ status: 503 }, { status: 200, body: '[1]' }]);
    await expect(transport(openTok, retried.url).request('GET', '/x')).resolves.toEqual([1]);
    expect(retried.seen).toHaveLength(2);
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    const once = await serve([{ status: 503 }, { status: 200, body: '{}' }]);
    const error = await transport(openTok, once.url)
      .request('POST', '/archive', {}, { what: 'OpenTok startArchive' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'opentok_unavailable',
      message: 'OpenTok startArchive failed: the API answered 503. Try again later.',
    });
    expect(once.seen).toHaveLength(1);
  });

  it('does not retry a 4xx, and keeps status and body on the cause', async () => {
    const { seen, url } = await serve([{ status: 409, body: '{"message":"already archiving"}' }]);
    const error = (await transport(vonage, url)
      .request('DELETE', '/x', undefined, { retry: true })
      .catch((e: unknown) => e)) as Error & { code: string };
    expect(error.code).toBe('conflict');
    expect(error.message).not.toContain('already archiving');
    expect(error.cause).toBeInstanceOf(RestStatusError);
    expect((error.cause as RestStatusError).status).toBe(409);
    expect((error.cause as RestStatusError).body).toContain('already archiving');
    expect(seen).toHaveLength(1);
  });

  it('says which credential kind was refused on 401/403', async () => {
    const { url } = await serve([{ status: 401 }]);
    await expect(transport(vonage, url).request('GET', '/x')).rejects.toMatchObject({
      code: 'opentok_auth',
      message: expect.stringContaining(
        'Vonage Video API rejected the application ID or private key',
      ),
    });
    await expect(transport(openTok, url).request('GET', '/x')).rejects.toMatchObject({
      code: 'opentok_auth',
      message: expect.stringContaining('OpenTok rejected the API key or secret'),
    });
  });

  it('fails a 2xx that is not JSON with opentok_bad_response', async () => {
    const { url } = await serve([{ status: 200, body: '<html>', type: 'text/html' }]);
    await expect(transport(openTok, url).request('GET', '/x')).rejects.toMatchObject({
      code: 'opentok_bad_response',
    });
  });

  it('times out an attempt that does not answer, and retries it when allowed', async () => {
    let requests = 0;
    server = createServer(() => {
      requests++;
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const rest = createRestTransport({
      account: openTok,
      apiUrl: `http://127.0.0.1:${port}`,
      timeoutMs: 100,
      retries: 1,
      backoff: { baseDelayMs: 1, maxDelayMs: 1, random: () => 0 },
    });
    await expect(rest.request('GET', '/x', undefined, { what: 'Hang' })).rejects.toMatchObject({
      code: 'timeout',
      message: 'Hang did not answer within 100 ms.',
    });
    expect(requests).toBe(2);
    server.closeAllConnections();
  });

  it('fails an answer declared longer than 16 MiB with opentok_bad_response, without reading it', async () => {
    let requests = 0;
    server = createServer((_req, res) => {
      requests++;
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Content-Length': String(16 * 1024 * 1024 + 1),
      });
      res.write('[');
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await expect(
      transport(openTok, `http://127.0.0.1:${port}`).request('GET', '/x'),
    ).rejects.toMatchObject({
      code: 'opentok_bad_response',
      message: 'GET /x answered more than 16 MiB (is apiUrl a Video API endpoint?).',
    });
    // Not retried: the same endpoint would answer the same.
    expect(requests).toBe(1);
    server.closeAllConnections();
  });

  it('times out an answer whose body stops coming, and fails one cut off mid-body', async () => {
    let requests = 0;
    server = createServer((_req, res) => {
      requests++;
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
      res.write('[{"session_id":');
      // The first answer stalls mid-body; the second is cut off.
      if (requests > 1) setTimeout(() => res.socket?.destroy(), 10);
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const rest = createRestTransport({
      account: openTok,
      apiUrl: `http://127.0.0.1:${port}`,
      timeoutMs: 100,
      retries: 0,
      backoff: { baseDelayMs: 1, maxDelayMs: 1, random: () => 0 },
    });
    await expect(rest.request('GET', '/x')).rejects.toMatchObject({ code: 'timeout' });
    await expect(rest.request('GET', '/x')).rejects.toMatchObject({
      code: 'opentok_unavailable',
    });
    expect(requests).toBe(2);
    server.closeAllConnections();
  });
});
