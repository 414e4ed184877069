import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeSessionId, type Emulator, startEmulator } from '../src/index.js';
import { createSessionViaSdk, sdkFor } from './helpers/sdk.js';

describe('createSession through the real opentok SDK', () => {
  let emulator: Emulator;

  beforeEach(async () => {
    emulator = await startEmulator();
  });
  afterEach(async () => {
    await emulator.close();
  });

  it('creates a relayed, manual session by default', async () => {
    const { error, sessionId } = await createSessionViaSdk(sdkFor(emulator));
    expect(error).toBeNull();
    expect(sessionId).toMatch(/^1_[A-Za-z0-9_-]+$/);
    expect(sessionId!.length).toBeGreaterThan(60);
    expect(sessionId!.length).toBeLessThan(100);
    expect(decodeSessionId(sessionId!)?.apiKey).toBe(emulator.apiKey);
    expect(emulator.sessions()).toEqual([
      {
        sessionId,
        mediaMode: 'relayed',
        archiveMode: 'manual',
        e2ee: false,
        createdAt: expect.any(Number),
      },
    ]);
    expect(emulator.requests).toEqual([
      { method: 'POST', path: '/session/create', status: 200, at: expect.any(Number) },
    ]);
  });

  it('creates a routed session with archiveMode always', async () => {
    const { error, sessionId } = await createSessionViaSdk(sdkFor(emulator), {
      mediaMode: 'routed',
      archiveMode: 'always',
    });
    expect(error).toBeNull();
    expect(emulator.sessions()).toMatchObject([
      { sessionId, mediaMode: 'routed', archiveMode: 'always', e2ee: false },
    ]);
  });

  it('keeps the location hint in the session and its id', async () => {
    const { error, sessionId } = await createSessionViaSdk(sdkFor(emulator), {
      location: '10.1.200.30',
    });
    expect(error).toBeNull();
    expect(emulator.sessions()[0]?.location).toBe('10.1.200.30');
    expect(decodeSessionId(sessionId!)?.location).toBe('10.1.200.30');
  });

  it('creates an end-to-end encrypted routed session', async () => {
    const { error } = await createSessionViaSdk(sdkFor(emulator), {
      mediaMode: 'routed',
      e2ee: true,
    });
    expect(error).toBeNull();
    expect(emulator.sessions()[0]).toMatchObject({ mediaMode: 'routed', e2ee: true });
  });

  it('rejects e2ee on a relayed session with 400', async () => {
    const { error, sessionId } = await createSessionViaSdk(sdkFor(emulator), { e2ee: true });
    expect(error?.message).toContain('Unexpected response from OpenTok');
    expect(error?.message).toContain('routed');
    expect(sessionId).toBeUndefined();
    expect(emulator.countRequests({ path: '/session/create' })).toBe(1);
    expect(emulator.requests[0]?.status).toBe(400);
    expect(emulator.sessions()).toEqual([]);
  });

  it('answers 403 to a wrong secret, which the SDK reports as invalid credentials', async () => {
    const { error, sessionId } = await createSessionViaSdk(sdkFor(emulator, 'f'.repeat(40)));
    expect(error?.message).toContain('Invalid API key or secret');
    expect(sessionId).toBeUndefined();
    expect(emulator.requests.map((request) => request.status)).toEqual([403]);
    expect(emulator.sessions()).toEqual([]);
  });

  it('answers 403 to another API key', async () => {
    const other = new (await import('opentok')).default('87654321', emulator.apiSecret, {
      apiUrl: emulator.url,
    });
    const { error } = await createSessionViaSdk(other);
    expect(error?.message).toContain('Invalid API key or secret');
    expect(emulator.countRequests({ method: 'post' })).toBe(1);
  });

  it('lets generateToken accept emulator session ids and rejects them for another key', async () => {
    const opentok = sdkFor(emulator);
    const { sessionId } = await createSessionViaSdk(opentok);
    expect(opentok.generateToken(sessionId!)).toMatch(/^ey/);
    const other = new (await import('opentok')).default('87654321', emulator.apiSecret);
    expect(() => other.generateToken(sessionId!)).toThrow(/belongs to the API Key/);
  });

  it('uses the credentials given in the options', async () => {
    const custom = await startEmulator({ apiKey: '11223344', apiSecret: 'a'.repeat(40) });
    try {
      expect(custom.apiKey).toBe('11223344');
      const { error, sessionId } = await createSessionViaSdk(sdkFor(custom));
      expect(error).toBeNull();
      expect(decodeSessionId(sessionId!)?.apiKey).toBe('11223344');
    } finally {
      await custom.close();
    }
  });

  it('generates realistic default credentials', () => {
    expect(emulator.apiKey).toMatch(/^[1-9]\d{7}$/);
    expect(emulator.apiSecret).toMatch(/^[0-9a-f]{40}$/);
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});
