import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  codeFromOTName,
  createRoomClient,
  isRoomClientError,
  type OTLike,
  RoomClientError,
} from '../src/index.js';
import { createFakeOT } from '../src/testing/index.js';
import { credentials, join, record, settle, setup } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.doUnmock('@opentok/client');
  vi.doUnmock('@vonage/client-sdk-video');
  vi.resetModules();
});

async function failedJoin(client: ReturnType<typeof setup>['client'], ms = 50) {
  const outcome = client.join().catch((error: unknown) => error);
  await settle(ms);
  return (await outcome) as RoomClientError;
}

describe('RoomClientError', () => {
  it('maps OpenTok error names (not codes) to codes', () => {
    const table: Record<string, string> = {
      OT_AUTHENTICATION_ERROR: 'authentication_failed',
      OT_TERMS_OF_SERVICE_FAILURE: 'authentication_failed',
      OT_INVALID_SESSION_ID: 'invalid_session',
      OT_CONNECT_FAILED: 'network',
      OT_SOCKET_CLOSE_TIMEOUT: 'network',
      OT_ICE_WORKFLOW_FAILED: 'network',
      OT_DISCONNECTED: 'network',
      OT_CONNECTION_LIMIT_EXCEEDED: 'connection_limit',
      OT_STREAM_LIMIT_EXCEEDED: 'stream_limit',
      OT_USER_MEDIA_ACCESS_DENIED: 'media_access_denied',
      OT_REQUESTED_DEVICE_PERMISSION_DENIED: 'media_access_denied',
      OT_NO_DEVICES_FOUND: 'no_devices',
      OT_HARDWARE_UNAVAILABLE: 'device_in_use',
      OT_CONSTRAINTS_NOT_SATISFIED: 'media_unavailable',
      OT_STREAM_DESTROYED: 'stream_gone',
      OT_STREAM_NOT_FOUND: 'stream_gone',
      OT_NOT_FOUND: 'not_found',
      OT_PERMISSION_DENIED: 'permission_denied',
      OT_NOT_CONNECTED: 'not_connected',
      OT_INVALID_PARAMETER: 'invalid_argument',
      OT_RATE_LIMIT_EXCEEDED: 'rate_limited',
      OT_TIMEOUT: 'timeout',
      OT_SOMETHING_NEW: 'unknown',
    };
    for (const [name, code] of Object.entries(table))
      expect([name, codeFromOTName(name)]).toEqual([name, code]);
  });

  it('isRoomClientError compares the name, so errors from another copy of the package pass', () => {
    const foreign = Object.assign(new Error('x'), { name: 'RoomClientError', code: 'timeout' });
    expect(isRoomClientError(foreign)).toBe(true);
    expect(isRoomClientError(new RoomClientError('timeout', 'x'))).toBe(true);
    expect(isRoomClientError(new Error('x'))).toBe(false);
    expect(isRoomClientError({ name: 'RoomClientError', code: 'timeout' })).toBe(false);
  });
});

describe('join failures', () => {
  for (const [name, code] of [
    ['OT_AUTHENTICATION_ERROR', 'authentication_failed'],
    ['OT_INVALID_SESSION_ID', 'invalid_session'],
    ['OT_CONNECT_FAILED', 'network'],
    ['OT_CONNECTION_LIMIT_EXCEEDED', 'connection_limit'],
  ] as const) {
    it(`connect failing with ${name} rejects with ${code}, keeps the cause, cleans up, and can be retried`, async () => {
      const { OT, client } = setup({}, { connectError: name });
      const log = record(client);
      const disconnected = vi.fn();
      client.on('disconnected', disconnected);
      const error = await failedJoin(client);
      expect(error).toBeInstanceOf(RoomClientError);
      expect(error).toMatchObject({ code, otName: name, cause: expect.objectContaining({ name }) });
      expect(client.state).toBe('disconnected');
      expect(log).toEqual(['state:connecting', `state:disconnected:connectFailed`]);
      expect(disconnected).toHaveBeenCalledWith({ reason: 'connectFailed', error });
      expect(OT.listenerCount()).toBe(0);
      expect(OT.objects.publishers[0]?.destroyed).toBe(true);
      OT.configure({ connectError: undefined });
      await join(client);
      expect(client.state).toBe('connected');
    });
  }

  it('connect that never calls back hits the connect deadline (timeout) and leaves the session reusable', async () => {
    const { OT, client } = setup({ timeouts: { connect: 1000 } }, { connectDelayMs: 60_000 });
    const error = await failedJoin(client, 1100);
    expect(error).toMatchObject({ code: 'timeout' });
    expect(OT.room('s1').session.currentState).toBe('disconnected');
    expect(OT.listenerCount()).toBe(0);
  });

  it('credentials: an async function is awaited; one that throws or returns junk gives credentials_failed', async () => {
    const fetcher = vi.fn(async () => credentials);
    await join(setup({ credentials: fetcher }).client);
    expect(fetcher).toHaveBeenCalledTimes(1);
    const boom = new Error('503');
    const thrown = await failedJoin(
      setup({ credentials: async () => Promise.reject(boom) }).client,
    );
    expect(thrown).toMatchObject({ code: 'credentials_failed', cause: boom });
    const junk = await failedJoin(
      setup({ credentials: async () => ({ apiKey: 'k' }) as never }).client,
    );
    expect(junk).toMatchObject({ code: 'credentials_failed' });
  });

  it('a session dropped while connecting fails the join with network', async () => {
    const { room, session, client } = setup({}, { connectDelayMs: 50 });
    const outcome = client.join().catch((e) => e);
    await settle(10);
    session.emitRaw('sessionDisconnected', { reason: 'networkDisconnected' });
    await settle(100);
    expect(await outcome).toMatchObject({ code: 'network' });
    expect(client.state).toBe('disconnected');
    expect(room.connections.size).toBe(0);
  });
});

describe('publishing failures leave you connected, receive-only, and are reported', () => {
  for (const [camera, code, otName] of [
    ['denied', 'media_access_denied', 'OT_USER_MEDIA_ACCESS_DENIED'],
    ['none', 'no_devices', 'OT_NO_DEVICES_FOUND'],
  ] as const) {
    it(`camera ${camera}: join resolves, publishError is ${code}`, async () => {
      const { OT, room, client } = setup({}, { camera, cameraDelayMs: 30 });
      room.publish(room.join());
      const log = record(client);
      await join(client, 50);
      expect(client.state).toBe('connected');
      expect(client.publisher).toBeUndefined();
      expect(client.publishError).toMatchObject({ code, otName });
      expect(client.subscribers.size).toBe(1);
      expect(log).toContain(`publishFailed:${code}`);
      expect(OT.objects.publishers[0]?.destroyed).toBe(true);
      expect(OT.objects.publishers[0]?.listenerCount()).toBe(0);
    });
  }

  it('a token that may not publish: permission_denied, still connected', async () => {
    const { client } = setup({}, { publishError: 'OT_PERMISSION_DENIED' });
    await join(client);
    expect(client.state).toBe('connected');
    expect(client.publishError?.code).toBe('permission_denied');
  });

  it('a camera prompt nobody answers hits the publish deadline', async () => {
    const { client } = setup({ timeouts: { publish: 500 } }, { cameraDelayMs: 60_000 });
    await join(client, 600);
    expect(client.publishError?.code).toBe('timeout');
    expect(client.state).toBe('connected');
  });

  it('the publishError of a previous join is cleared by the next one', async () => {
    const { OT, client } = setup({}, { camera: 'denied' });
    await join(client);
    expect(client.publishError).toBeDefined();
    const leaving = client.leave();
    await settle();
    await leaving;
    OT.configure({ camera: 'granted' });
    await join(client);
    expect(client.publishError).toBeUndefined();
    expect(client.publisher).toBeDefined();
  });
});

describe('subscription failures', () => {
  it('are reported with subscribeFailed and leave no subscriber behind', async () => {
    const { room, client } = setup({}, { subscribeError: 'OT_STREAM_LIMIT_EXCEEDED' });
    const stream = room.publish(room.join());
    const failed = vi.fn();
    client.on('subscribeFailed', failed);
    await join(client);
    expect(failed).toHaveBeenCalledWith(expect.objectContaining({ code: 'stream_limit' }), stream);
    expect(client.subscribers.size).toBe(0);
    expect(client.streams.size).toBe(1);
  });

  it('time out with the subscribe deadline', async () => {
    const { room, client } = setup({ timeouts: { subscribe: 300 } }, { subscribeDelayMs: 60_000 });
    room.publish(room.join());
    const failed = vi.fn();
    client.on('subscribeFailed', failed);
    await join(client, 400);
    expect(failed).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'timeout' }),
      expect.anything(),
    );
    expect(client.subscribers.size).toBe(0);
  });
});

describe('listeners that throw', () => {
  it('are reported and never break the SDK dispatch or our state', async () => {
    const reportError = vi.fn();
    vi.stubGlobal('reportError', reportError);
    const { room, client } = setup();
    client.on('participantJoined', () => {
      throw new Error('user bug');
    });
    const after = vi.fn();
    client.on('participantJoined', after);
    room.join();
    await join(client);
    expect(after).toHaveBeenCalled();
    expect(reportError).toHaveBeenCalledWith(new Error('user bug'));
    expect(client.counts.others).toBe(1);
    vi.unstubAllGlobals();
  });

  it('once() runs once; the unsubscribe functions and off() remove listeners', async () => {
    const { room, client } = setup();
    await join(client);
    const once = vi.fn();
    const on = vi.fn();
    const off = vi.fn();
    client.once('participantJoined', once);
    const stop = client.on('participantJoined', on);
    client.on('participantJoined', off);
    client.off('participantJoined', off);
    room.join();
    stop();
    room.join();
    expect(once).toHaveBeenCalledTimes(1);
    expect(on).toHaveBeenCalledTimes(1);
    expect(off).not.toHaveBeenCalled();
  });
});

describe('loading the browser SDK lazily', () => {
  it('imports @vonage/client-sdk-video only inside join(), and uses its default export', async () => {
    const fake = createFakeOT();
    let imported = 0;
    vi.doMock('@vonage/client-sdk-video', () => {
      imported++;
      return { default: fake };
    });
    vi.doMock('@opentok/client', () => {
      throw new Error('not expected: the first package loaded');
    });
    const { createRoomClient: create } = await import('../src/index.js');
    const client = create({ credentials });
    expect(imported).toBe(0);
    await join(client);
    expect(imported).toBe(1);
    expect(fake.room('s1').session.isConnected()).toBe(true);
  });

  it('falls back to @opentok/client when @vonage/client-sdk-video cannot be loaded', async () => {
    const fake = createFakeOT();
    let imported = 0;
    vi.doMock('@vonage/client-sdk-video', () => {
      throw new Error('Could not resolve "@vonage/client-sdk-video"');
    });
    vi.doMock('@opentok/client', () => {
      imported++;
      return { default: fake };
    });
    const { createRoomClient: create } = await import('../src/index.js');
    const client = create({ credentials });
    expect(imported).toBe(0);
    await join(client);
    expect(imported).toBe(1);
    expect(fake.room('s1').session.isConnected()).toBe(true);
  });

  it('a failing import of both gives sdk_load_failed', async () => {
    vi.doMock('@vonage/client-sdk-video', () => {
      throw new Error('Could not resolve "@vonage/client-sdk-video"');
    });
    vi.doMock('@opentok/client', () => {
      throw new Error('self is not defined');
    });
    const { createRoomClient: create } = await import('../src/index.js');
    const outcome = create({ credentials })
      .join()
      .catch((e) => e);
    await settle();
    expect(await outcome).toMatchObject({ code: 'sdk_load_failed' });
  });

  it('an OT passed as undefined fails the join instead of loading the real SDK', async () => {
    let imported = 0;
    for (const sdk of ['@opentok/client', '@vonage/client-sdk-video']) {
      vi.doMock(sdk, () => {
        imported++;
        return { default: createFakeOT() };
      });
    }
    const { createRoomClient: create } = await import('../src/index.js');
    const pageOT = (globalThis as { OT?: OTLike }).OT; // the emulator's ot.js did not load
    const outcome = create({ OT: pageOT, credentials })
      .join()
      .catch((e) => e);
    await settle();
    expect(await outcome).toMatchObject({
      code: 'sdk_load_failed',
      message: expect.stringContaining('options.OT is undefined'),
    });
    expect(imported).toBe(0);
  });

  it('an injected OT is used as is', async () => {
    const OT = createFakeOT();
    const client = createRoomClient({ OT, credentials });
    await join(client);
    expect(client.session).toBe(OT.room('s1').session);
  });
});
