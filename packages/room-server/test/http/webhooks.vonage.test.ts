// Secure callbacks of a Vonage application: Vonage signs video callbacks (session monitoring,
// archives, ...) with the signature secret set per callback in the application's Video capability,
// an HS256 JWT in the Authorization header with payload_hash, as OpenTok projects do. The emulator
// acting as a Vonage application signs them so; room-server's webhook verifies them, and presence
// follows a client that connected with room-server's RS256 token over the emulator's real wire.
import type { RequestListener } from 'node:http';
import { type Emulator, startEmulator } from '@opentok-rooms/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createRoomHandler, signCallback, toNodeListener } from '../../src/http/index.js';
import { createRoomServer, type RoomServer } from '../../src/index.js';
import { send, serve } from '../support/serve.js';

const SECRET = 'vonage-application-signature-secret-0123';
let emulator: Emulator;
let rooms: RoomServer;
let served: { url: string; close: () => Promise<void> };
let listener: RequestListener = (_request, response) => response.writeHead(503).end();

beforeAll(async () => {
  served = await serve((request, response) => listener(request, response));
  emulator = await startEmulator({
    account: 'vonage',
    callbackUrl: `${served.url}/webhooks/opentok`,
    callbackSignatureSecret: SECRET,
    onCallbackError: () => {},
  });
  rooms = createRoomServer({
    applicationId: emulator.applicationId,
    privateKey: emulator.privateKey,
    apiUrl: emulator.url,
  });
  listener = toNodeListener(
    createRoomHandler({ rooms, authorize: () => true, webhooks: { signatureSecret: SECRET } }),
  );
});
afterAll(async () => {
  await emulator.close();
  await served.close();
});

/** Connects a raw signalling client with a token, as the browser SDK would. */
async function connect(sessionId: string, token: string): Promise<WebSocket> {
  const ws = new WebSocket(emulator.signallingUrl);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const reply = await new Promise<{ error?: unknown }>((resolve) => {
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; id?: number; error?: unknown };
      if (message.type === 'reply' && message.id === 1) resolve(message);
    });
    ws.send(
      JSON.stringify({ type: 'connect', id: 1, apiKey: emulator.applicationId, sessionId, token }),
    );
  });
  expect(reply.error).toBeUndefined();
  return ws;
}

describe('webhooks of a Vonage application', () => {
  it('verifies signed callbacks and records presence of a client on an RS256 token', async () => {
    const join = await rooms.joinRoom('standup', { data: 'name=Ada' });
    const ws = await connect(join.sessionId, join.token);
    await emulator.callbacksSettled();
    const presence = await rooms.getPresence('standup');
    expect(presence.connections.map((connection) => connection.data)).toEqual(['name=Ada']);
    ws.close();
  });

  it('refuses a callback signed with another secret or unsigned', async () => {
    const body = JSON.stringify({
      sessionId: 's',
      projectId: emulator.applicationId,
      event: 'sessionCreated',
      timestamp: 1,
    });
    const unsigned = await send(`${served.url}/webhooks/opentok`, 'POST', body, {
      'Content-Type': 'application/json',
    });
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.error.message).toMatch(/Authorization header/);
    const forged = await send(`${served.url}/webhooks/opentok`, 'POST', body, {
      'Content-Type': 'application/json',
      Authorization: signCallback(body, 'another-secret'),
    });
    expect(forged.status).toBe(401);
    expect(forged.body.error.message).toMatch(/does not match the signature secret/);
    const signed = await send(`${served.url}/webhooks/opentok`, 'POST', body, {
      'Content-Type': 'application/json',
      Authorization: signCallback(body, SECRET),
    });
    expect(signed.status).toBe(204);
  });
});
