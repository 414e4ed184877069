import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { createSessionViaSdk, type SdkCreateSessionResult, sdkFor } from './helpers/sdk.js';

describe('fault injection seen through the real opentok SDK', () => {
  let emulator: Emulator;

  beforeEach(async () => {
    emulator = await startEmulator();
  });
  afterEach(async () => {
    await emulator.close();
  });

  it('status 500 with an OpenTok-style body gives "Unexpected response"', async () => {
    emulator.faults.next({ kind: 'status', status: 500 });
    const { error, sessionId } = await createSessionViaSdk(sdkFor(emulator));
    expect(error?.message).toContain('Unexpected response from OpenTok');
    expect(error?.message).toContain('Injected fault');
    expect(sessionId).toBeUndefined();
    expect(emulator.requests.map((request) => request.status)).toEqual([500]);
    expect(emulator.sessions()).toEqual([]);
  });

  it('status 500 with an empty JSON body trips the SDK defect (a TypeError)', async () => {
    emulator.faults.next({ kind: 'status', status: 500, body: '' });
    const { error } = await createSessionViaSdk(sdkFor(emulator));
    expect(error?.message).toContain('TypeError');
  });

  it('status 503 with a custom text body', async () => {
    emulator.faults.next({
      kind: 'status',
      status: 503,
      body: 'upstream down',
      contentType: 'text/plain',
    });
    const { error } = await createSessionViaSdk(sdkFor(emulator));
    expect(error?.message).toContain('Unexpected response from OpenTok');
    expect(error?.message).toContain('upstream down');
  });

  it('status 401 becomes "Invalid API key or secret"', async () => {
    emulator.faults.next({ kind: 'status', status: 401 });
    const { error } = await createSessionViaSdk(sdkFor(emulator));
    expect(error?.message).toContain('Invalid API key or secret');
  });

  it('hang: the SDK never calls back until the emulator closes', async () => {
    emulator.faults.next({ kind: 'hang' });
    let result: SdkCreateSessionResult | undefined;
    const pending = createSessionViaSdk(sdkFor(emulator)).then((value) => {
      result = value;
      return value;
    });
    await delay(300);
    expect(result).toBeUndefined();
    expect(emulator.requests.map((request) => request.status)).toEqual(['hang']);
    await emulator.close();
    const settled = await pending;
    expect(settled.error).not.toBeNull();
    expect(settled.sessionId).toBeUndefined();
  });

  it('malformed: text/plain 200 gives sessionId undefined and no error (SDK defect)', async () => {
    emulator.faults.next({ kind: 'malformed', body: 'not json', contentType: 'text/plain' });
    const { error, sessionId } = await createSessionViaSdk(sdkFor(emulator));
    expect(error).toBeNull();
    expect(sessionId).toBeUndefined();
    expect(emulator.requests.map((request) => request.status)).toEqual([200]);
  });

  it('reset: the SDK gets a network (fetch) error', async () => {
    emulator.faults.next({ kind: 'reset' });
    const { error, sessionId } = await createSessionViaSdk(sdkFor(emulator));
    expect(error?.message).toMatch(/FetchError|socket hang up|ECONNRESET/);
    expect(sessionId).toBeUndefined();
    expect(emulator.requests.map((request) => request.status)).toEqual(['reset']);
  });

  it('applies a fault `times` times, then answers normally', async () => {
    emulator.faults.next({ kind: 'status', status: 503 }, { times: 2 });
    const opentok = sdkFor(emulator);
    const results = [];
    for (let index = 0; index < 3; index += 1) results.push(await createSessionViaSdk(opentok));
    expect(results.map((result) => result.error === null)).toEqual([false, false, true]);
    expect(emulator.requests.map((request) => request.status)).toEqual([503, 503, 200]);
    expect(emulator.countRequests({ method: 'POST', path: '/session/create' })).toBe(3);
  });

  it('applies a fault only to a matching path (string or RegExp)', async () => {
    emulator.faults.next({ kind: 'status', status: 500 }, { path: '/v2/project/x' });
    emulator.faults.next({ kind: 'reset' }, { path: /^\/v2\// });
    const { error } = await createSessionViaSdk(sdkFor(emulator));
    expect(error).toBeNull();

    const exact = await fetch(`${emulator.url}/v2/project/x`);
    expect(exact.status).toBe(500);
    await expect(fetch(`${emulator.url}/v2/other`)).rejects.toThrow();
    const after = await fetch(`${emulator.url}/v2/other`);
    expect(after.status).toBe(404);
    expect(emulator.requests.map((request) => request.status)).toEqual([200, 500, 'reset', 404]);
  });

  it('queues faults in order and clear() drops them', async () => {
    emulator.faults.next({ kind: 'status', status: 500 });
    emulator.faults.next({ kind: 'status', status: 502 });
    emulator.faults.next({ kind: 'status', status: 503 });
    const opentok = sdkFor(emulator);
    await createSessionViaSdk(opentok);
    emulator.faults.clear();
    const { error } = await createSessionViaSdk(opentok);
    expect(error).toBeNull();
    expect(emulator.requests.map((request) => request.status)).toEqual([500, 200]);
  });

  it('rejects invalid fault options', () => {
    expect(() => emulator.faults.next({ kind: 'hang' }, { times: 0 })).toThrow(RangeError);
    expect(() => emulator.faults.next({ kind: 'status', status: 42 })).toThrow(RangeError);
  });
});
