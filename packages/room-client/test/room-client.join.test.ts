import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRoomClient, type OTStreamPropertyChangedEvent } from '../src/index.js';
import { createFakeOT } from '../src/testing/index.js';
import { join, record, settle, setup } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('join', () => {
  it('connects, publishes, subscribes to every remote stream and counts, announcing each state', async () => {
    const { room, client } = setup();
    const alice = room.join({ data: 'alice' });
    room.publish(alice, { name: 'Alice' });
    room.join({ data: 'bob' });
    const log = record(client);
    expect(client.state).toBe('idle');
    await join(client);
    expect(client.state).toBe('connected');
    expect(client.counts).toEqual({ others: 2, total: 3 });
    expect([...client.participants.values()].map((c) => c.data)).toEqual(['alice', 'bob']);
    expect(client.streams.size).toBe(1);
    expect(client.subscribers.size).toBe(1);
    expect(client.publisher?.stream).toBeDefined();
    expect(client.connectionId).toBe(client.session?.connection?.connectionId);
    expect(log).toEqual([
      'state:connecting',
      'count:0/1',
      'joined:alice',
      'count:1/2',
      'joined:bob',
      'count:2/3',
      'streamAdded:Alice',
      'state:connected',
      'subscribed:Alice',
      'published',
    ]);
  });

  it('counts are final when connected is announced (the initial burst is processed first)', async () => {
    const { room, client } = setup({}, { connectDelayMs: 100 });
    for (let i = 0; i < 5; i++) room.publish(room.join({ data: `p${i}` }));
    const seen: unknown[] = [];
    client.on('stateChanged', ({ state }) => {
      if (state === 'connected') seen.push(client.counts, client.streams.size);
    });
    await join(client, 200);
    expect(seen).toEqual([{ others: 5, total: 6 }, 5]);
  });

  it('join() resolves only after the burst: counts already final when it resolves, even without a camera', async () => {
    const { room, client } = setup({ publisher: false });
    room.join();
    room.join();
    const joined = client.join().then(() => client.counts);
    await settle();
    await expect(joined).resolves.toEqual({ others: 2, total: 3 });
  });

  it('attaches every session listener before connect', async () => {
    const { session, client } = setup();
    const connect = vi.spyOn(session, 'connect');
    const on = vi.spyOn(session, 'on');
    await join(client);
    const lastOn = Math.max(...on.mock.invocationCallOrder);
    expect(connect.mock.invocationCallOrder[0]).toBeGreaterThan(lastOn);
    const types = on.mock.calls.map(([type]) => type);
    for (const type of [
      'connectionCreated',
      'connectionDestroyed',
      'streamCreated',
      'streamDestroyed',
      'sessionDisconnected',
      'sessionReconnecting',
      'sessionReconnected',
      'signal',
    ]) {
      expect(types).toContain(type);
    }
  });

  it('starts the camera in parallel with connecting and publishes when both are done: max(camera, connect), not the sum', async () => {
    const { OT, session, client } = setup({}, { cameraDelayMs: 200, connectDelayMs: 300 });
    const initPublisher = vi.spyOn(OT, 'initPublisher');
    const connect = vi.spyOn(session, 'connect');
    const publish = vi.spyOn(session, 'publish');
    const joined = client.join();
    await settle(0);
    expect(initPublisher).toHaveBeenCalledTimes(1);
    expect(connect).toHaveBeenCalledTimes(1); // both started, neither finished
    await settle(200);
    expect(publish).not.toHaveBeenCalled(); // camera ready, not connected yet
    await settle(110);
    expect(publish).toHaveBeenCalledTimes(1);
    await joined;
    expect(client.publisher).toBeDefined();
  });

  it('publisher: false joins receive-only without touching the camera', async () => {
    const { OT, client } = setup({ publisher: false });
    const initPublisher = vi.spyOn(OT, 'initPublisher');
    await join(client);
    expect(initPublisher).not.toHaveBeenCalled();
    expect(client.publisher).toBeUndefined();
  });

  it('passes publisher properties through', async () => {
    const { OT, client } = setup({ publisher: { name: 'Ada', publishAudio: false } });
    await join(client);
    expect(OT.objects.publishers[0]?.properties).toEqual({
      name: 'Ada',
      publishAudio: false,
      publishVideo: true,
    });
    expect(client.publisher?.stream?.name).toBe('Ada');
  });

  it('the publisher mutes and unmutes microphone and camera', async () => {
    const { OT, client } = setup();
    await join(client);
    client.publisher?.publishAudio(false);
    client.publisher?.publishVideo(false);
    const stream = OT.objects.publishers[0]?.stream;
    expect([stream?.hasAudio, stream?.hasVideo]).toEqual([false, false]);
    client.publisher?.publishAudio(true);
    expect(stream?.hasAudio).toBe(true);
  });
});

describe('streams and subscriptions', () => {
  it('subscribes to streams published later, and forgets them when they end', async () => {
    const { room, client } = setup();
    await join(client);
    const log = record(client);
    const bob = room.join({ data: 'bob' });
    const stream = room.publish(bob, { name: 'Bob' });
    await settle();
    expect(client.subscribers.get(stream.streamId)).toBeDefined();
    room.changeStream(stream, 'hasVideo', false);
    room.unpublish(stream);
    room.leave(bob, 'networkDisconnected');
    expect(client.streams.size).toBe(0);
    expect(client.subscribers.size).toBe(0);
    expect(log).toEqual([
      'joined:bob',
      'count:1/2',
      'streamAdded:Bob',
      'subscribed:Bob',
      'streamRemoved:Bob:clientDisconnected',
      'left:bob:networkDisconnected',
      'count:0/1',
    ]);
  });

  it('emits streamChanged with OpenTok streamPropertyChanged event', async () => {
    const { room, client } = setup();
    const stream = room.publish(room.join());
    await join(client);
    const changes: OTStreamPropertyChangedEvent[] = [];
    client.on('streamChanged', (event) => changes.push(event));
    room.changeStream(stream, 'hasAudio', false);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      changedProperty: 'hasAudio',
      oldValue: true,
      newValue: false,
    });
  });

  it('autoSubscribe: false subscribes nothing until asked; a filter picks streams', async () => {
    const { room, client } = setup({ autoSubscribe: false });
    const stream = room.publish(room.join(), { name: 'cam' });
    await join(client);
    expect(client.subscribers.size).toBe(0);
    const subscribing = client.subscribe(stream.streamId);
    await settle();
    expect(await subscribing).toBe(client.subscribers.get(stream.streamId));

    const filtered = setup({ autoSubscribe: (s) => s.videoType !== 'screen' });
    const owner = filtered.room.join();
    filtered.room.publish(owner, { videoType: 'screen' });
    const camera = filtered.room.publish(owner, { videoType: 'camera' });
    await join(filtered.client);
    expect([...filtered.client.subscribers.keys()]).toEqual([camera.streamId]);
  });

  it('at most one subscription per stream id, even with repeated streamCreated or repeated subscribe()', async () => {
    const { OT, room, session, client } = setup();
    const stream = room.publish(room.join());
    await join(client);
    session.emitRaw('streamCreated', { stream });
    session.emitRaw('streamCreated', { stream });
    const first = client.subscribe(stream.streamId);
    const second = client.subscribe(stream.streamId);
    await settle();
    expect(await second).toBe(await first);
    expect(OT.objects.subscribers).toHaveLength(1);
    expect(client.streams.size).toBe(1);
  });

  it('never subscribes to its own stream, even if a session reported it', async () => {
    const { OT, session, client } = setup();
    await join(client);
    const own = client.publisher?.stream;
    session.emitRaw('streamCreated', { stream: own });
    await settle();
    expect(client.streams.size).toBe(0);
    expect(OT.objects.subscribers).toHaveLength(0);
  });

  it('a stream that ends and then is reported again (out of order) does not come back', async () => {
    const { room, session, client } = setup();
    const stream = room.publish(room.join());
    await join(client);
    room.unpublish(stream);
    session.emitRaw('streamCreated', { stream });
    expect(client.streams.size).toBe(0);
  });

  it('subscribe() refuses when not joined or for an unknown stream; unsubscribe() stops one', async () => {
    const { room, OT, client } = setup();
    await expect(client.subscribe('nope')).rejects.toMatchObject({ code: 'not_connected' });
    const stream = room.publish(room.join());
    await join(client);
    await expect(client.subscribe('nope')).rejects.toMatchObject({ code: 'stream_gone' });
    client.unsubscribe(stream.streamId);
    expect(client.subscribers.size).toBe(0);
    expect(OT.objects.subscribers[0]?.destroyedReason).toBe('unsubscribe');
    client.unsubscribe('nope');
  });
});

describe('video placement', () => {
  it('{ element } replaces, { container } appends, { onElement } gets the video element', async () => {
    const placed: unknown[] = [];
    const target = { id: 'me' } as unknown as HTMLElement;
    const { OT, room, client } = setup({
      publisherVideo: { element: target },
      subscriberVideo: (stream) =>
        stream.name === 'a' ? { container: '#grid' } : { onElement: (el) => placed.push(el) },
    });
    const owner = room.join();
    room.publish(owner, { name: 'a' });
    room.publish(owner, { name: 'b' });
    await join(client);
    const [publisher] = OT.objects.publishers;
    expect(publisher?.target).toBe(target);
    expect(publisher?.properties.insertMode).toBe('replace');
    const [a, b] = OT.objects.subscribers;
    expect(a?.target).toBe('#grid');
    expect(a?.properties.insertMode).toBe('append');
    expect(b?.target).toBeUndefined();
    expect(b?.properties.insertDefaultUI).toBe(false);
    expect(placed).toEqual([expect.objectContaining({ nodeName: 'VIDEO' })]);
  });

  it('a publisher { onElement } callback receives the element; a throwing callback is reported, not fatal', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const got: unknown[] = [];
    const { client } = setup({
      publisherVideo: {
        onElement: (el) => {
          got.push(el);
          throw new Error('user bug');
        },
      },
    });
    await join(client);
    expect(got).toHaveLength(1);
    expect(client.publisher).toBeDefined();
    expect(errors).toHaveBeenCalledWith(new Error('user bug'));
    errors.mockRestore();
  });
});

describe('reconnecting and losing the room', () => {
  it('connected ⇄ reconnecting, then a network failure: disconnected with the reason and counts reset', async () => {
    const { room, client, OT } = setup();
    room.publish(room.join({ data: 'a' }));
    await join(client);
    const log = record(client);
    const disconnected = vi.fn();
    client.on('disconnected', disconnected);
    room.dropNetwork();
    expect(client.state).toBe('reconnecting');
    room.restoreNetwork();
    expect(client.state).toBe('connected');
    room.dropNetwork();
    room.failNetwork();
    expect(client.state).toBe('disconnected');
    expect(client.counts).toEqual({ others: 0, total: 0 });
    expect(client.participants.size).toBe(0);
    expect(log).toEqual([
      'state:reconnecting',
      'state:connected',
      'state:reconnecting',
      'count:0/0',
      'state:disconnected:networkDisconnected',
    ]);
    expect(disconnected).toHaveBeenCalledWith({ reason: 'networkDisconnected', error: undefined });
    expect(OT.listenerCount()).toBe(0);
  });

  it('a forced disconnect: disconnected with forceDisconnected; join() works again afterwards', async () => {
    const { room, client } = setup();
    await join(client);
    room.forceDisconnect();
    expect(client.state).toBe('disconnected');
    await join(client);
    expect(client.state).toBe('connected');
  });
});

describe('sessionOptions', () => {
  it('passes them to OT.initSession, which keeps them on the page’s Session', async () => {
    const OT = createFakeOT();
    const client = createRoomClient({
      OT,
      credentials: { apiKey: 'k', sessionId: 's1', token: 't' },
      sessionOptions: { singlePeerConnection: true },
    });
    await join(client);
    expect(client.state).toBe('connected');
    expect(OT.room('s1').session.options).toEqual({ singlePeerConnection: true });
  });

  it('refuses an unknown option at once, naming it and the ones it knows', () => {
    const make = (sessionOptions: unknown) => () =>
      createRoomClient({
        OT: createFakeOT(),
        credentials: { apiKey: 'k', sessionId: 's1', token: 't' },
        sessionOptions: sessionOptions as never,
      });
    expect(make({ singlePeerConection: true })).toThrow(
      'sessionOptions.singlePeerConection: not one of singlePeerConnection,iceConfig,ipWhitelist,encryptionSecret',
    );
    expect(make({ connectionEventsSuppressed: true })).toThrow(
      expect.objectContaining({ code: 'invalid_argument' }),
    );
    expect(make({ singlePeerConnection: false, ipWhitelist: true })).not.toThrow();
  });
});
