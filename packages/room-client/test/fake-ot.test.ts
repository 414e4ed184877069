// Each test states one semantic of the real @opentok/client (see OPENTOK-FACTS.md, browser SDK) and
// checks that the fake has it. Tests of room-client rely on these.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeOT, type FakeEvent, type FakeOTError } from '../src/testing/index.js';

const tick = (ms = 10) => vi.advanceTimersByTimeAsync(ms);

function connected(sessionId = 's1', options = {}) {
  const OT = createFakeOT(options);
  const session = OT.initSession('key', sessionId);
  const done = vi.fn();
  session.connect('token', done);
  return { OT, session, done, room: OT.room(sessionId) };
}

describe('fake OT: the real SDK semantics', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('initSession returns one cached Session per session id, forever; later arguments are ignored', async () => {
    vi.useFakeTimers();
    const OT = createFakeOT();
    const session = OT.initSession('key-1', 's1');
    expect(OT.initSession('key-2', 's1')).toBe(session);
    expect(session.apiKey).toBe('key-1');
    expect(OT.initSession('key-1', 's2')).not.toBe(session);
    const handler = () => {};
    session.on('streamCreated', handler);
    session.connect('t', () => {});
    await tick();
    const disconnecting = session.disconnect();
    await tick();
    await disconnecting;
    expect(OT.initSession('key-1', 's1')).toBe(session);
    expect(session.listenerCount('streamCreated')).toBe(1); // an earlier join's listener survives
  });

  it('session.connection is null before connect', () => {
    const OT = createFakeOT();
    expect(OT.initSession('k', 's').connection).toBeNull();
  });

  it('connect succeeds asynchronously, then synchronously: connected, sessionConnected (callback inside, counts still 0), connectionCreated for all (yours too), streamCreated for remote streams', async () => {
    vi.useFakeTimers();
    const OT = createFakeOT({ connectDelayMs: 50 });
    const room = OT.room('s1');
    const alice = room.join({ data: 'alice' });
    const aliceStream = room.publish(alice);
    const session = OT.initSession('k', 's1');
    const log: string[] = [];
    session.on('sessionConnected', () => log.push(`sessionConnected:${session.currentState}`));
    session.on('connectionCreated', (e) =>
      log.push(
        `connectionCreated:${e.connection === session.connection ? 'own' : e.connection.data}`,
      ),
    );
    session.on('streamCreated', (e) => log.push(`streamCreated:${e.stream.streamId}`));
    session.connect('t', (error) => log.push(`callback:${error ?? 'ok'}`));
    expect(log).toEqual([]);
    await tick(49);
    expect(log).toEqual([]);
    await tick(1);
    expect(log).toEqual([
      'sessionConnected:connected',
      'callback:ok',
      'connectionCreated:alice',
      'connectionCreated:own',
      `streamCreated:${aliceStream.streamId}`,
    ]);
  });

  it('connect while connecting or connected never calls back (only a warning)', async () => {
    vi.useFakeTimers();
    const { OT, session, done } = connected();
    const second = vi.fn();
    session.connect('token', second);
    await tick(1000);
    expect(done).toHaveBeenCalledTimes(1);
    session.connect('token', second);
    await tick(1000);
    expect(second).not.toHaveBeenCalled();
    expect(OT.warnings).toHaveLength(2);
    expect(OT.warnings[0]).toMatch(/already connecting/);
    expect(OT.warnings[1]).toMatch(/already connected/);
  });

  it('connect fails with the configured OT error name, through the callback', async () => {
    vi.useFakeTimers();
    const { done } = connected('s1', { connectError: 'OT_AUTHENTICATION_ERROR' });
    await tick();
    expect(done).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'OT_AUTHENTICATION_ERROR', code: 1004 }),
    );
  });

  it('disconnect while the session info is pending cancels: nothing fires, the callback stays registered, a new connection id', async () => {
    vi.useFakeTimers();
    const { session, done } = connected('s1', { connectDelayMs: 10 });
    expect(session.connectPhase).toBe('sessionInfo');
    const disconnected = vi.fn();
    session.on('sessionDisconnected', disconnected);
    await session.disconnect();
    await tick(100);
    expect(done).not.toHaveBeenCalled();
    expect(disconnected).not.toHaveBeenCalled();
    expect(session.currentState).toBe('disconnected');
    expect(session.connectCallbacks).toBe(1);
    expect(session.listenerCount('sessionConnected')).toBe(0); // listenerCount leaves the SDK's own out
  });

  it('the callbacks of connects interrupted while the session info was pending run on the next successful connect, oldest first', async () => {
    vi.useFakeTimers();
    const { OT, session, done } = connected('s1', { connectDelayMs: 10 });
    const calls: string[] = [];
    done.mockImplementation((e) => calls.push(`first:${e?.name ?? 'ok'}`));
    await session.disconnect();
    session.connect('token', (e) => calls.push(`second:${e?.name ?? 'ok'}`));
    await session.disconnect();
    expect(session.connectCallbacks).toBe(2);
    OT.configure({ connectDelayMs: 0 });
    session.connect('token', (e) => calls.push(`third:${e?.name ?? 'ok'}`));
    await tick();
    expect(calls).toEqual(['first:ok', 'second:ok', 'third:ok']);
    expect(session.isConnected()).toBe(true);
    expect(session.connectCallbacks).toBe(0);
    expect(OT.listenerCount()).toBe(0);
  });

  it('the callback of an interrupted connect runs on the next connect failure too, with its error', async () => {
    vi.useFakeTimers();
    const { OT, session, done } = connected('s1', { connectDelayMs: 10 });
    await session.disconnect();
    OT.configure({ connectError: 'OT_CONNECT_FAILED' });
    const second = vi.fn();
    session.connect('token', second);
    await tick(100);
    expect(done).toHaveBeenCalledWith(expect.objectContaining({ name: 'OT_CONNECT_FAILED' }));
    expect(second).toHaveBeenCalledWith(expect.objectContaining({ name: 'OT_CONNECT_FAILED' }));
    expect(done.mock.invocationCallOrder[0]).toBeLessThan(second.mock.invocationCallOrder[0]!);
    expect(session.connectCallbacks).toBe(0);
    // Answered once: the next success calls neither again.
    OT.configure({ connectError: undefined });
    session.connect('token');
    await tick(100);
    expect(session.isConnected()).toBe(true);
    expect([done.mock.calls.length, second.mock.calls.length]).toEqual([1, 1]);
  });

  it('a connect without a callback still answers the callback an interrupted connect left registered', async () => {
    vi.useFakeTimers();
    const { session, done } = connected('s1', { connectDelayMs: 10 });
    await session.disconnect();
    session.connect('token');
    await tick(100);
    expect(done).toHaveBeenCalledWith();
    expect(session.isConnected()).toBe(true);
  });

  it('disconnect while the socket opens: disconnecting, nothing fires, the callback stays registered and runs on the next successful connect', async () => {
    vi.useFakeTimers();
    const { OT, session, done } = connected('s1', { connectHangsAt: 'socket' });
    await tick();
    expect(session.connectPhase).toBe('socket');
    const events = vi.fn();
    session.on('sessionDisconnected', events);
    session.on('sessionConnected', events);
    let resolved = false;
    session.disconnect().then(() => {
      resolved = true;
    });
    await tick(1000);
    expect(session.currentState).toBe('disconnecting');
    expect([done.mock.calls.length, events.mock.calls.length, resolved]).toEqual([0, 0, false]);
    OT.configure({ connectHangsAt: undefined });
    const second = vi.fn();
    session.connect('token', second);
    expect(OT.warnings.at(-1)).toMatch(/not done disconnecting/);
    await tick();
    expect(done).toHaveBeenCalledWith();
    expect(second).toHaveBeenCalledWith();
    expect(session.isConnected()).toBe(true);
  });

  it('disconnect while the connect acknowledgement is pending: only the callback, with OT_UNEXPECTED_SERVER_RESPONSE; the connection id is reused', async () => {
    vi.useFakeTimers();
    const { OT, session, done, room } = connected('s1', { connectHangsAt: 'acknowledgement' });
    await tick();
    const [id] = room.connections.keys();
    const disconnected = vi.fn();
    session.on('sessionDisconnected', disconnected);
    session.disconnect();
    await tick();
    expect(done).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'OT_UNEXPECTED_SERVER_RESPONSE' }),
    );
    expect(disconnected).not.toHaveBeenCalled();
    expect(session.currentState).toBe('disconnected');
    expect(room.connections.size).toBe(0);
    OT.configure({ connectHangsAt: undefined });
    session.connect('token', () => {});
    await tick();
    expect(session.connection?.connectionId).toBe(id);
    // After a sessionDisconnected (a reset) the SDK makes a new id.
    session.disconnect();
    await tick();
    session.connect('token', () => {});
    await tick();
    expect(session.connection?.connectionId).not.toBe(id);
  });

  it('publish and subscribe before connect fail synchronously with OT_NOT_CONNECTED (publish returns null, subscribe undefined)', () => {
    const OT = createFakeOT();
    const room = OT.room('s1');
    const stream = room.publish(room.join());
    const session = OT.initSession('k', 's1');
    const publisher = OT.initPublisher();
    const onPublish = vi.fn();
    expect(session.publish(publisher, onPublish)).toBeNull();
    expect(onPublish).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'OT_NOT_CONNECTED', code: 1010 }),
    );
    const onSubscribe = vi.fn();
    expect(session.subscribe(stream, undefined, {}, onSubscribe)).toBeUndefined();
    expect(onSubscribe).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'OT_NOT_CONNECTED', code: 1501 }),
    );
  });

  it('your own stream never appears in the session streamCreated; the Publisher fires its own streamCreated', async () => {
    vi.useFakeTimers();
    const { OT, session, room } = connected();
    await tick();
    const sessionStreams = vi.fn();
    session.on('streamCreated', sessionStreams);
    const publisher = OT.initPublisher(undefined, { name: 'me' });
    const own = vi.fn();
    publisher.on('streamCreated', own);
    const done = vi.fn();
    session.publish(publisher, done);
    await tick();
    await tick();
    expect(done).toHaveBeenCalledWith();
    expect(own).toHaveBeenCalledTimes(1);
    expect(sessionStreams).not.toHaveBeenCalled();
    expect(publisher.stream?.name).toBe('me');
    expect(room.streams.has(publisher.stream?.streamId ?? '')).toBe(true);
  });

  it('a remote stream: connectionCreated before streamCreated; leaving: streamDestroyed, then connectionDestroyed', async () => {
    vi.useFakeTimers();
    const { session, room } = connected();
    await tick();
    const log: string[] = [];
    for (const type of [
      'connectionCreated',
      'connectionDestroyed',
      'streamCreated',
      'streamDestroyed',
    ] as const) {
      session.on(type, (e: FakeEvent & { reason?: string }) =>
        log.push(`${type}:${e.reason ?? ''}`),
      );
    }
    const bob = room.join();
    room.publish(bob);
    room.leave(bob);
    expect(log).toEqual([
      'connectionCreated:',
      'streamCreated:',
      'streamDestroyed:clientDisconnected',
      'connectionDestroyed:clientDisconnected',
    ]);
  });

  it('connectionDestroyed never fires for your own connection', async () => {
    vi.useFakeTimers();
    const { session, room } = connected();
    await tick();
    const destroyed = vi.fn();
    session.on('connectionDestroyed', destroyed);
    room.forceDisconnect();
    expect(destroyed).not.toHaveBeenCalled();
    expect(session.connection).toBeNull();
  });

  it('sessionDisconnected after disconnect() comes from a setTimeout, not synchronously', async () => {
    vi.useFakeTimers();
    const { session } = connected();
    await tick();
    const disconnected = vi.fn();
    session.on('sessionDisconnected', disconnected);
    const promise = session.disconnect();
    expect(session.currentState).toBe('disconnecting');
    expect(disconnected).not.toHaveBeenCalled();
    await tick();
    await promise;
    expect(disconnected).toHaveBeenCalledWith(
      expect.objectContaining({ reason: 'clientDisconnected' }),
    );
  });

  it('on disconnect publishers are always destroyed; subscribers unless sessionDisconnected is default-prevented', async () => {
    vi.useFakeTimers();
    const { OT, session, room } = connected();
    const stream = room.publish(room.join());
    await tick();
    const publisher = OT.initPublisher();
    session.publish(publisher);
    const subscriber = session.subscribe(stream);
    await tick();
    session.once('sessionDisconnected', (e) => e.preventDefault());
    room.failNetwork();
    expect(publisher.destroyed).toBe(true);
    expect(subscriber?.destroyedReason).toBeUndefined();
    session.connect('t', () => {});
    await tick();
    const again = session.subscribe(stream);
    await tick();
    room.forceDisconnect();
    expect(again?.destroyedReason).toBe('forceDisconnected');
  });

  it('a handler that throws stops the remaining handlers of that event (the error is only recorded)', async () => {
    vi.useFakeTimers();
    const OT = createFakeOT();
    const session = OT.initSession('k', 's1');
    const after = vi.fn();
    session.on('sessionConnected', () => {
      throw new Error('boom');
    });
    session.on('sessionConnected', after);
    const callback = vi.fn();
    session.connect('t', callback);
    await tick();
    expect(after).not.toHaveBeenCalled();
    expect(callback).not.toHaveBeenCalled(); // the connect callback is a later handler of the same event
    expect(OT.handlerErrors).toEqual([new Error('boom')]);
  });

  it('the same handler registered twice fires twice; on returns the emitter; off by reference', async () => {
    vi.useFakeTimers();
    const { session, room } = connected();
    await tick();
    const handler = vi.fn();
    expect(session.on('connectionCreated', handler)).toBe(session);
    session.on('connectionCreated', handler);
    room.join();
    expect(handler).toHaveBeenCalledTimes(2);
    session.off('connectionCreated', handler);
    expect(session.listenerCount('connectionCreated')).toBe(0);
  });

  it("a bare off() strips every handler, everyone's (why a wrapper must never call it)", () => {
    const OT = createFakeOT();
    const session = OT.initSession('k', 's1');
    session.on('streamCreated', () => {});
    session.on('signal', () => {});
    expect(OT.listenerCount()).toBe(2);
    session.off();
    expect(OT.listenerCount()).toBe(0);
  });

  it('reconnecting: sessionReconnecting, then sessionReconnected; nothing that happened meanwhile is replayed', async () => {
    vi.useFakeTimers();
    const { session, room } = connected();
    await tick();
    const log: string[] = [];
    session.on('sessionReconnecting', () => log.push('reconnecting'));
    session.on('sessionReconnected', () => log.push('reconnected'));
    session.on('connectionCreated', () => log.push('connectionCreated'));
    room.dropNetwork();
    room.join();
    room.restoreNetwork();
    expect(log).toEqual(['reconnecting', 'reconnected']);
    room.dropNetwork();
    room.failNetwork();
    expect(session.currentState).toBe('disconnected');
  });

  it('signals reach every connection including the sender, as `signal` then `signal:<type>` (event.type is signal:<type>)', async () => {
    vi.useFakeTimers();
    const { session, room } = connected();
    await tick();
    const log: string[] = [];
    session.on('signal', (e) =>
      log.push(`signal ${e.type} ${e.data} ${e.from === session.connection}`),
    );
    session.on('signal:chat', (e) => log.push(`typed ${e.type}`));
    const done = vi.fn();
    const sent = session.signal({ type: 'chat', data: 'hi' }, done);
    await tick();
    await sent;
    expect(done).toHaveBeenCalledWith();
    expect(log).toEqual(['signal signal:chat hi true', 'typed signal:chat']);
    expect(room.signals).toEqual([
      { type: 'chat', data: 'hi', to: undefined, from: session.connection?.connectionId },
    ]);
    const alice = room.join();
    room.signal({ from: alice, type: 'chat', data: 'yo' });
    room.signal({ from: null, data: 'server' });
    expect(log.slice(2)).toEqual([
      'signal signal:chat yo false',
      'typed signal:chat',
      'signal signal server false',
    ]);
  });

  it('signal validation mirrors the SDK: 8192 JSON characters of data, 128 characters of [A-Za-z0-9-._~] type, an undefined key is invalid, unknown recipient, not connected', async () => {
    vi.useFakeTimers();
    const OT = createFakeOT();
    const session = OT.initSession('k', 's1');
    const reject = async (signal: Parameters<typeof session.signal>[0]) => {
      const callback = vi.fn();
      const sent = session.signal(signal, callback).catch((e: FakeOTError) => e);
      await tick();
      const error = (await sent) as FakeOTError;
      expect(callback).toHaveBeenCalledWith(error);
      return `${error.name} ${error.code}`;
    };
    expect(await reject({ data: 'x' })).toBe('OT_NOT_CONNECTED 500');
    session.connect('t', () => {});
    await tick();
    expect(await reject({ data: 'x'.repeat(8191) })).toBe('OT_INVALID_PARAMETER 413');
    const longest = session.signal({ data: 'x'.repeat(8190) });
    await tick();
    await expect(longest).resolves.toBeUndefined();
    expect(await reject({ type: 'x'.repeat(129) })).toBe('OT_INVALID_PARAMETER 413');
    expect(await reject({ type: 'has space' })).toBe('OT_INVALID_PARAMETER 400');
    expect(await reject({ type: undefined })).toBe('OT_INVALID_PARAMETER 400');
    expect(await reject({ data: undefined })).toBe('OT_INVALID_PARAMETER 400');
    expect(await reject({ to: { connectionId: 'x' } })).toBe('OT_INVALID_PARAMETER 400');
    const gone = OT.room('s1').join();
    OT.room('s1').leave(gone);
    expect(await reject({ to: gone })).toBe('OT_NOT_FOUND 404');
    const odd = session.signal({ type: 'a-b_c~d.e', data: '' });
    await tick();
    await expect(odd).resolves.toBeUndefined();
  });

  it('camera: initPublisher returns at once; access is reported in its callback after the camera delay (denied, no devices)', async () => {
    vi.useFakeTimers();
    const OT = createFakeOT({ cameraDelayMs: 100, camera: 'denied' });
    const denied = vi.fn();
    const publisher = OT.initPublisher('me', {}, denied);
    const accessDenied = vi.fn();
    publisher.on('accessDenied', accessDenied);
    await tick(99);
    expect(denied).not.toHaveBeenCalled();
    await tick(1);
    expect(denied).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'OT_USER_MEDIA_ACCESS_DENIED', code: 1500 }),
    );
    expect(accessDenied).toHaveBeenCalled();
    OT.configure({ camera: 'none', cameraDelayMs: 0 });
    const none = vi.fn();
    OT.initPublisher(none);
    await tick();
    expect(none).toHaveBeenCalledWith(expect.objectContaining({ name: 'OT_NO_DEVICES_FOUND' }));
  });

  it('insertDefaultUI: false hands the element out through videoElementCreated; otherwise it is the element property', async () => {
    vi.useFakeTimers();
    const OT = createFakeOT();
    const publisher = OT.initPublisher(undefined, { insertDefaultUI: false });
    const created = vi.fn();
    publisher.on('videoElementCreated', created);
    await tick();
    expect(created).toHaveBeenCalledWith(expect.objectContaining({ element: expect.anything() }));
    expect(publisher.element).toBeUndefined();
    const withUI = OT.initPublisher('target');
    await tick();
    expect(withUI.element).toBeDefined();
    expect(withUI.target).toBe('target');
  });

  it('a subscriber to a stream that ends is destroyed; subscribing to a gone stream fails with OT_STREAM_DESTROYED', async () => {
    vi.useFakeTimers();
    const { session, room } = connected();
    const stream = room.publish(room.join());
    await tick();
    const subscriber = session.subscribe(stream);
    await tick();
    room.unpublish(stream);
    expect(subscriber?.destroyedReason).toBe('streamDestroyed');
    const failed = vi.fn();
    session.subscribe(stream, failed);
    await tick();
    expect(failed).toHaveBeenCalledWith(expect.objectContaining({ name: 'OT_STREAM_DESTROYED' }));
  });

  it('publish and subscribe failures can be configured (e.g. a subscriber token: OT_PERMISSION_DENIED)', async () => {
    vi.useFakeTimers();
    const { OT, session, room } = connected('s1', {
      publishError: 'OT_PERMISSION_DENIED',
      subscribeError: 'OT_STREAM_LIMIT_EXCEEDED',
    });
    const stream = room.publish(room.join());
    await tick();
    const published = vi.fn();
    expect(session.publish(OT.initPublisher(), published)).toBeNull();
    expect(published).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'OT_PERMISSION_DENIED' }),
    );
    const subscribed = vi.fn();
    session.subscribe(stream, subscribed);
    await tick();
    expect(subscribed).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'OT_STREAM_LIMIT_EXCEEDED' }),
    );
  });

  it('the listener inspector counts handlers on every session, publisher and subscriber', async () => {
    vi.useFakeTimers();
    const { OT, session, room } = connected();
    const stream = room.publish(room.join());
    await tick();
    const handler = () => {};
    session.on('signal', handler);
    const publisher = OT.initPublisher();
    publisher.on('destroyed', handler);
    session.subscribe(stream)?.on('connected', handler);
    expect(OT.listenerCount()).toBe(3);
    expect(OT.objects.subscribers).toHaveLength(1);
    expect(OT.objects.publishers).toHaveLength(1);
  });
});
