import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  MAX_SIGNAL_DATA_LENGTH,
  MAX_SIGNAL_TYPE_LENGTH,
  type ReceivedSignal,
  sendSignal,
} from '../src/index.js';
import { join, settle, setup } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

async function joined() {
  const context = setup();
  const alice = context.room.join({ data: 'alice' });
  await join(context.client);
  const received: ReceivedSignal[] = [];
  context.client.on('signalReceived', (signal) => received.push(signal));
  return { ...context, alice, received };
}

describe('signals', () => {
  it('sends to everyone, yourself included (isLocal), and resolves once acknowledged', async () => {
    const { client, room, received, session } = await joined();
    const sent = sendSignal(client, { type: 'chat', data: 'hello' });
    await settle();
    await sent;
    expect(room.signals).toEqual([
      { type: 'chat', data: 'hello', to: undefined, from: client.connectionId },
    ]);
    expect(received).toEqual([
      { type: 'chat', data: 'hello', from: session.connection, isLocal: true },
    ]);
  });

  it('sends to one connection by id or by Connection', async () => {
    const { client, room, alice, received } = await joined();
    const byId = sendSignal(client, { type: 'dm', data: 'psst', to: alice.connectionId });
    const byConnection = sendSignal(client, { data: 'x', to: alice });
    await settle();
    await byId;
    await byConnection;
    expect(room.signals.map((s) => s.to)).toEqual([alice.connectionId, alice.connectionId]);
    expect(received).toEqual([]);
  });

  it('receives typed and untyped signals from others and from a server', async () => {
    const { room, alice, received } = await joined();
    room.signal({ from: alice, type: 'chat', data: 'hi' });
    room.signal({ from: null, data: 'from the server' });
    expect(received).toEqual([
      { type: 'chat', data: 'hi', from: alice, isLocal: false },
      { type: '', data: 'from the server', from: null, isLocal: false },
    ]);
  });

  it('checks OpenTok limits before sending, with clear errors', async () => {
    const { client, room } = await joined();
    await expect(
      sendSignal(client, { type: 'x'.repeat(MAX_SIGNAL_TYPE_LENGTH + 1) }),
    ).rejects.toMatchObject({
      code: 'invalid_argument',
      message: expect.stringContaining('128'),
    });
    await expect(sendSignal(client, { type: 'no spaces' })).rejects.toMatchObject({
      code: 'invalid_argument',
    });
    await expect(
      sendSignal(client, { data: 'x'.repeat(MAX_SIGNAL_DATA_LENGTH) }),
    ).rejects.toMatchObject({
      code: 'invalid_argument',
      message: expect.stringContaining('8192'),
    });
    const ok = sendSignal(client, {
      type: 'x'.repeat(128),
      data: 'x'.repeat(MAX_SIGNAL_DATA_LENGTH - 2),
    });
    await settle();
    await expect(ok).resolves.toBeUndefined();
    expect(room.signals).toHaveLength(1);
  });

  it('refuses when not joined, or for a connection that is not in the room', async () => {
    const { client: idle } = setup();
    await expect(sendSignal(idle, { data: 'x' })).rejects.toMatchObject({ code: 'not_connected' });
    const { client, room, alice } = await joined();
    room.leave(alice);
    await expect(sendSignal(client, { data: 'x', to: alice.connectionId })).rejects.toMatchObject({
      code: 'not_found',
    });
    const stale = sendSignal(client, { data: 'x', to: alice });
    stale.catch(() => {});
    await settle();
    await expect(stale).rejects.toMatchObject({ code: 'not_found', otName: 'OT_NOT_FOUND' });
  });

  it('has a deadline', async () => {
    const { client, OT } = await joined();
    OT.configure({ signalDelayMs: 60_000 });
    const sent = sendSignal(client, { data: 'x' });
    sent.catch(() => {});
    await settle(10_100);
    await expect(sent).rejects.toMatchObject({ code: 'timeout' });
  });
});
