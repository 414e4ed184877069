// The existing app keeps working, and gains room endpoints that follow its own notion of users.
import type { AddressInfo } from 'node:net';
import { type Emulator, startEmulator, verifyClientToken } from '@opentok-rooms/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.mjs';

describe('examples/express', () => {
  let emulator: Emulator;
  let url: string;
  let close: () => void;

  beforeAll(async () => {
    emulator = await startEmulator();
    const { app } = createApp({
      apiKey: emulator.apiKey,
      apiSecret: emulator.apiSecret,
      apiUrl: emulator.url,
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(async () => {
    close?.();
    await emulator?.close();
  });

  const call = (method: string, path: string, user?: string) =>
    fetch(`${url}${path}`, { method, headers: user ? { 'x-user': user } : {} });

  it('keeps the app’s own routes', async () => {
    expect(await (await call('GET', '/health')).json()).toEqual({ ok: true });
    expect((await call('GET', '/me')).status).toBe(401);
  });

  it('lets a signed-in user join with the role and name the app decides', async () => {
    const guest = await call('POST', '/api/video/rooms/standup/join', 'ada');
    expect(guest.status).toBe(200);
    const join = (await guest.json()) as { token: string; sessionId: string };
    expect(verifyClientToken(join.token, emulator)).toMatchObject({
      role: 'publisher',
      connectionData: '{"name":"ada"}',
    });
    const host = await (await call('POST', '/api/video/rooms/standup/join', 'host')).json();
    expect(host).toMatchObject({ role: 'moderator', sessionId: join.sessionId });
  });

  it('refuses anonymous users and non-hosts with the documented error shape', async () => {
    const anonymous = await call('POST', '/api/video/rooms/standup/join');
    expect(anonymous.status).toBe(403);
    expect(await anonymous.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect((await call('GET', '/api/video/rooms', 'ada')).status).toBe(403);
    const list = (await (await call('GET', '/api/video/rooms', 'host')).json()) as {
      rooms: Array<{ name: string }>;
    };
    expect(list.rooms.map((r: { name: string }) => r.name)).toContain('standup');
  });
});
