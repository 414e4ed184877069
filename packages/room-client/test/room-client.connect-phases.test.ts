import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { roomSnapshot } from '../src/index.js';
import type { FakeConnectPhase } from '../src/testing/index.js';
import { join, record, settle, setup } from './helpers.js';

// The real SDK's connect has three phases (see FakeConnectPhase). Leaving in each of them must
// settle promptly, let no error escape, and let the next join() connect at once, exactly once.

let reported: unknown[];
beforeEach(() => {
  vi.useFakeTimers();
  reported = [];
  vi.spyOn(console, 'error').mockImplementation((error) => reported.push(error));
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const phases: FakeConnectPhase[] = ['sessionInfo', 'socket', 'acknowledgement'];

/** Elapsed fake time until `promise` settles (advancing 10 ms at a time, at most `limit`). */
async function timeToSettle(promise: Promise<unknown>, limit = 30_000): Promise<number> {
  let done = false;
  promise.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  let elapsed = 0;
  while (!done && elapsed < limit) {
    await vi.advanceTimersByTimeAsync(10);
    elapsed += 10;
  }
  return elapsed;
}

describe.each(phases)('leave() while the server hangs in the %s phase', (phase) => {
  it('settles well under the leave deadline, rejects join() with cancelled, reports nothing', async () => {
    const { OT, room, session, client } = setup({}, { connectHangsAt: phase });
    const joined = client.join().catch((error: { code: string }) => error.code);
    await settle();
    expect(session.connectPhase).toBe(phase);
    const elapsed = await timeToSettle(client.leave());
    expect(elapsed).toBeLessThanOrEqual(600);
    // Pending acknowledgement: the interrupted connect calls back at once, and the leave uses it
    // rather than waiting out its grace.
    if (phase === 'acknowledgement') expect(elapsed).toBeLessThanOrEqual(20);
    await expect(joined).resolves.toBe('cancelled');
    expect(client.state).toBe('disconnected');
    expect(reported).toEqual([]);
    expect(OT.listenerCount()).toBe(0);
    // The next join starts at once and ends with exactly one connection.
    OT.configure({ connectHangsAt: undefined });
    const log = record(client);
    await join(client);
    expect(client.state).toBe('connected');
    expect(client.counts).toEqual({ others: 0, total: 1 });
    expect(room.connections.size).toBe(1);
    expect(client.connectionId).toBe(session.connection?.connectionId);
    expect(log.filter((entry) => entry.startsWith('state:'))).toEqual([
      'state:connecting',
      'state:connected',
    ]);
    expect(reported).toEqual([]);
  });
});

describe('connect phases', () => {
  it('an interrupted connect whose callback is still registered (socket phase) does not disturb the next join', async () => {
    const { OT, session, client } = setup({ publisher: false }, { connectHangsAt: 'socket' });
    client.join().catch(() => {});
    await settle();
    await timeToSettle(client.leave());
    expect(session.currentState).toBe('disconnecting');
    OT.configure({ connectHangsAt: undefined });
    const joined = client.join();
    await settle();
    await joined;
    expect(OT.warnings.at(-1)).toMatch(/not done disconnecting/);
    expect(client.connectionId).toBe(session.connection?.connectionId);
    expect(client.counts).toEqual({ others: 0, total: 1 });
    expect(reported).toEqual([]);
  });

  it('100 joins cancelled while the session info is pending leave one connect callback in the SDK, not 100; it answers the next join', async () => {
    const { OT, session, client } = setup({ publisher: false }, { connectHangsAt: 'sessionInfo' });
    const callbacks = new Set<number>();
    for (let i = 0; i < 100; i++) {
      const joined = client.join().catch((error: { code: string }) => error.code);
      await settle();
      callbacks.add(session.connectCallbacks);
      await timeToSettle(client.leave());
      expect(await joined).toBe('cancelled');
    }
    expect([...callbacks]).toEqual([1]);
    expect(OT.listenerCount()).toBe(0);
    OT.configure({ connectHangsAt: undefined });
    await join(client);
    expect(client.state).toBe('connected');
    expect(client.counts).toEqual({ others: 0, total: 1 });
    expect(session.connectCallbacks).toBe(0);
    expect(reported).toEqual([]);
  });

  it.each([
    ['a failing connect', { connectError: 'OT_CONNECT_FAILED' }, 'network'],
    ['a connect that hangs past timeouts.connect', {}, 'timeout'],
  ] as const)(
    'after a join cancelled while the session info is pending, %s rejects the next join once, with its own error',
    async (_, fake, code) => {
      const { OT, session, client } = setup(
        { publisher: false, timeouts: { connect: 3000 } },
        { connectHangsAt: 'sessionInfo' },
      );
      const cancelled = client.join().catch((error: { code: string }) => error.code);
      await settle();
      await timeToSettle(client.leave());
      OT.configure(fake);
      if ('connectError' in fake) OT.configure({ connectHangsAt: undefined });
      const log = record(client);
      const joined = client.join().catch((error: { code: string }) => error.code);
      await timeToSettle(joined, 5000);
      expect([await cancelled, await joined]).toEqual(['cancelled', code]);
      expect(log.filter((entry) => entry.startsWith('state:'))).toEqual([
        'state:connecting',
        'state:disconnected:connectFailed',
      ]);
      expect(session.connectCallbacks).toBe(code === 'timeout' ? 1 : 0);
      expect(reported).toEqual([]);
    },
  );

  it('after a leave in the acknowledgement phase the SDK reuses the connection id: still counted once', async () => {
    const { OT, room, session, client } = setup(
      { publisher: false },
      { connectHangsAt: 'acknowledgement' },
    );
    client.join().catch(() => {});
    await settle();
    const [first] = room.connections.keys();
    await timeToSettle(client.leave());
    expect(room.connections.size).toBe(0);
    OT.configure({ connectHangsAt: undefined });
    await join(client);
    expect(session.connection?.connectionId).toBe(first);
    expect(client.connectionId).toBe(first);
    expect(client.counts).toEqual({ others: 0, total: 1 });
  });

  it('5 quick join/leave cycles, and join(); leave(); join() without awaiting, end with one connection', async () => {
    const { room, client } = setup({}, { connectDelayMs: 5, socketDelayMs: 5 });
    room.join({ data: 'alice' });
    const outcomes: Promise<unknown>[] = [];
    for (let i = 0; i < 5; i++) {
      outcomes.push(client.join().catch((error: { code: string }) => error.code));
      await vi.advanceTimersByTimeAsync(3 * i);
      outcomes.push(client.leave());
    }
    outcomes.push(client.join().catch(() => 'join failed'));
    outcomes.push(client.leave());
    const last = client.join();
    await settle(5000);
    await last;
    await Promise.all(outcomes);
    expect(client.state).toBe('connected');
    expect(client.counts).toEqual({ others: 1, total: 2 });
    expect(room.connections.size).toBe(2);
    expect(reported).toEqual([]);
  });

  it.each(['socket', 'acknowledgement'] as const)(
    'a server hanging in the %s phase: join() rejects at timeouts.connect, not later',
    async (phase) => {
      const { client } = setup({ timeouts: { connect: 3000 } }, { connectHangsAt: phase });
      const joined = client.join();
      joined.catch(() => {});
      const elapsed = await timeToSettle(joined);
      expect(elapsed).toBeGreaterThanOrEqual(3000);
      expect(elapsed).toBeLessThanOrEqual(3010);
      await expect(joined).rejects.toMatchObject({ code: 'timeout' });
      expect(client.state).toBe('disconnected');
      expect(reported).toEqual([]);
    },
  );

  it('observers: a connection id that leaves and comes back is a participant again, never twice', async () => {
    const { room, client } = setup({ publisher: false });
    await join(client);
    const log = record(client);
    const bob = room.join({ data: 'bob' });
    room.leave(bob);
    room.join({ data: 'bob', connectionId: bob.connectionId });
    room.join({ data: 'bob', connectionId: bob.connectionId });
    expect(client.counts).toEqual({ others: 1, total: 2 });
    expect(
      roomSnapshot(client)
        .getSnapshot()
        .participants.map((p) => p.connectionId),
    ).toEqual([bob.connectionId]);
    expect(log).toEqual([
      'joined:bob',
      'count:1/2',
      'left:bob:clientDisconnected',
      'count:0/1',
      'joined:bob',
      'count:1/2',
    ]);
  });

  it('countChanged when your own connection is counted, also when alone', async () => {
    const { client } = setup({ publisher: false });
    const log = record(client);
    await join(client);
    expect(log).toEqual(['state:connecting', 'count:0/1', 'state:connected']);
  });
});
