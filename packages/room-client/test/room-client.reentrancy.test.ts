import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRoomClient } from '../src/index.js';
import { createFakeOT } from '../src/testing/index.js';
import { credentials, join, record, settle, setup } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const localConnections = (OT: ReturnType<typeof createFakeOT>) =>
  [...OT.room('s1').connections.values()].filter((c) => c === OT.room('s1').session.connection);

describe('re-entrancy', () => {
  it('join() while joining returns the same promise; join() when joined resolves at once', async () => {
    const { session, client } = setup({}, { connectDelayMs: 50 });
    const connect = vi.spyOn(session, 'connect');
    const first = client.join();
    expect(client.join()).toBe(first);
    await settle(60);
    await first;
    await expect(client.join()).resolves.toBeUndefined();
    expect(connect).toHaveBeenCalledTimes(1);
  });

  it('leave() while connecting cancels cleanly: join() rejects with cancelled, nothing left behind', async () => {
    const { OT, room, client } = setup({}, { connectDelayMs: 100, cameraDelayMs: 10 });
    room.join();
    const log = record(client);
    const joined = client.join();
    const outcome = joined.catch((error) => error);
    await settle(20);
    await client.leave();
    expect(await outcome).toMatchObject({ name: 'RoomClientError', code: 'cancelled' });
    await settle(200);
    expect(client.state).toBe('disconnected');
    expect(room.session.currentState).toBe('disconnected');
    expect(OT.listenerCount()).toBe(0);
    expect(OT.objects.publishers[0]?.destroyed).toBe(true);
    expect(log).toEqual([
      'state:connecting',
      'state:disconnecting',
      'state:disconnected:clientDisconnected',
    ]);
  });

  it('leave() before join() did anything, and leave() twice, are harmless', async () => {
    const { client } = setup();
    await client.leave();
    expect(client.state).toBe('idle');
    await join(client);
    const first = client.leave();
    expect(client.leave()).toBe(first);
    await settle();
    await first;
    expect(client.state).toBe('disconnected');
  });

  it('join → leave → join on the same cached session: no duplicated listener or subscription', async () => {
    const { OT, room, session, client } = setup();
    room.publish(room.join());
    await join(client);
    const listeners = OT.listenerCount();
    const sessionListeners = session.listenerCount();
    const leaving = client.leave();
    await settle();
    await leaving;
    expect(OT.listenerCount()).toBe(0);
    await join(client);
    expect(OT.initSession('key', 's1')).toBe(session);
    expect(session.listenerCount()).toBe(sessionListeners);
    expect(OT.listenerCount()).toBe(listeners);
    expect(client.subscribers.size).toBe(1);
    expect(OT.objects.subscribers.filter((s) => s.destroyedReason === undefined)).toHaveLength(1);
    expect(client.counts).toEqual({ others: 1, total: 2 });
  });

  it('StrictMode with one client (join, leave, join synchronously) ends with one connection', async () => {
    const { OT, client } = setup({}, { connectDelayMs: 30 });
    const first = client.join().catch((e) => e);
    const leaving = client.leave();
    const second = client.join();
    await settle(100);
    await leaving;
    await second;
    expect((await first).code).toBe('cancelled');
    expect(client.state).toBe('connected');
    expect(localConnections(OT)).toHaveLength(1);
    expect(OT.warnings).toEqual([]);
    expect(OT.room('s1').connections.size).toBe(1);
  });

  it('StrictMode with one client when the first mount had connected: the second waits for the disconnect', async () => {
    const { OT, client } = setup({}, { disconnectDelayMs: 50 });
    await join(client);
    const leaving = client.leave();
    const again = client.join();
    expect(client.state).toBe('disconnecting');
    await settle(100);
    await leaving;
    await again;
    expect(client.state).toBe('connected');
    expect(OT.warnings).toEqual([]);
    expect(OT.room('s1').connections.size).toBe(1);
  });

  it('StrictMode with two clients on the same session (mount A, unmount A, mount B): B waits for A and ends with one connection', async () => {
    const OT = createFakeOT({ connectDelayMs: 30, disconnectDelayMs: 40 });
    const a = createRoomClient({ OT, credentials });
    await join(a, 50);
    const aLeft = a.leave();
    const b = createRoomClient({ OT, credentials });
    const bJoined = b.join();
    await settle(200);
    await aLeft;
    await bJoined;
    expect(a.state).toBe('disconnected');
    expect(b.state).toBe('connected');
    expect(OT.room('s1').connections.size).toBe(1);
    expect(OT.warnings).toEqual([]);
    expect(OT.room('s1').session.listenerCount('streamCreated')).toBe(1);
  });

  it('a second client joining a session another client holds fails fast with session_in_use (connect would hang)', async () => {
    const OT = createFakeOT();
    const a = createRoomClient({ OT, credentials });
    await join(a);
    const b = createRoomClient({ OT, credentials });
    const outcome = b.join().catch((e) => e);
    await settle();
    expect(await outcome).toMatchObject({ code: 'session_in_use' });
    expect(a.state).toBe('connected');
    expect(b.state).toBe('disconnected');
    expect(OT.warnings).toEqual([]);
  });

  it('other code on the page that connected the session itself: session_in_use, not a hang', async () => {
    const OT = createFakeOT();
    OT.initSession('key', 's1').connect('t', () => {});
    await settle();
    const client = createRoomClient({ OT, credentials });
    const outcome = client.join().catch((e) => e);
    await settle();
    expect(await outcome).toMatchObject({ code: 'session_in_use' });
  });
});

describe('cleanup', () => {
  it('removes only its own listeners, by reference, never a bare off()', async () => {
    const { OT, session, room, client } = setup();
    const mine = vi.fn();
    session.on('connectionCreated', mine);
    const off = vi.spyOn(session, 'off');
    room.publish(room.join());
    await join(client);
    const leaving = client.leave();
    await settle();
    await leaving;
    expect(
      off.mock.calls.every(
        ([type, handler]) => typeof type === 'string' && typeof handler === 'function',
      ),
    ).toBe(true);
    expect(session.listenerCount()).toBe(1);
    room.join();
    await join(client);
    room.join();
    expect(mine).toHaveBeenCalled();
    expect(OT.listenerCount()).toBeGreaterThan(1);
  });

  it('after leave() the session, publisher and subscribers carry none of our listeners (with onElement placements too)', async () => {
    const { OT, room, client } = setup({
      publisherVideo: { onElement: () => {} },
      subscriberVideo: () => ({ onElement: () => {} }),
    });
    room.publish(room.join());
    room.publish(room.join());
    await join(client);
    // videoElementCreated (onElement) and muteForced.
    expect(OT.objects.publishers[0]?.listenerCount()).toBe(2);
    expect(OT.objects.subscribers.map((s) => s.listenerCount())).toEqual([1, 1]);
    const leaving = client.leave();
    await settle();
    await leaving;
    for (const object of [
      ...OT.objects.sessions,
      ...OT.objects.publishers,
      ...OT.objects.subscribers,
    ]) {
      expect(object.listenerCount()).toBe(0);
    }
    expect(OT.objects.subscribers.every((s) => s.destroyedReason === 'unsubscribe')).toBe(true);
    expect(OT.objects.publishers[0]?.destroyed).toBe(true);
    expect(OT.room('s1').streams.size).toBe(2); // our stream was unpublished
  });

  it('1,000 join/leave cycles: no growth in listeners on any fake object', async () => {
    const { OT, room, client } = setup();
    room.publish(room.join());
    await join(client);
    const joined = OT.listenerCount();
    const leaving = client.leave();
    await settle();
    await leaving;
    for (let i = 0; i < 1000; i++) {
      await join(client, 1);
      expect(OT.listenerCount()).toBe(joined);
      const left = client.leave();
      await settle(1);
      await left;
      expect(OT.listenerCount()).toBe(0);
    }
    expect(OT.objects.sessions).toHaveLength(1);
    expect(OT.objects.sessions[0]?.listenerCount()).toBe(0);
    expect(OT.objects.publishers.every((p) => p.listenerCount() === 0 && p.destroyed)).toBe(true);
    expect(OT.objects.subscribers.every((s) => s.listenerCount() === 0)).toBe(true);
    expect(OT.room('s1').connections.size).toBe(1);
  }, 60_000);
});

describe('counts', () => {
  it('keyed by connection id: repeated and own events change nothing; never negative; a returning id counts again', async () => {
    const { room, session, client } = setup();
    const alice = room.join({ data: 'alice' });
    await join(client);
    const log = record(client);
    session.emitRaw('connectionCreated', { connection: alice });
    session.emitRaw('connectionCreated', { connection: session.connection });
    expect(client.counts).toEqual({ others: 1, total: 2 });
    room.leave(alice);
    session.emitRaw('connectionDestroyed', { connection: alice, reason: 'clientDisconnected' });
    session.emitRaw('connectionDestroyed', { connection: { connectionId: 'ghost', data: '' } });
    session.emitRaw('connectionDestroyed', { connection: session.connection });
    expect(client.counts).toEqual({ others: 0, total: 1 });
    // The SDK reuses a connection id after a cancelled connect: the same id is a participant again.
    session.emitRaw('connectionCreated', { connection: alice });
    session.emitRaw('connectionCreated', { connection: alice });
    expect(client.counts).toEqual({ others: 1, total: 2 });
    expect(log).toEqual([
      'left:alice:clientDisconnected',
      'count:0/1',
      'joined:alice',
      'count:1/2',
    ]);
  });

  it('reset on leave, with a countChanged', async () => {
    const { room, client } = setup();
    room.join();
    await join(client);
    const log = record(client);
    const leaving = client.leave();
    await settle();
    await leaving;
    expect(client.counts).toEqual({ others: 0, total: 0 });
    expect(log).toContain('count:0/0');
  });
});
