import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RoomClient, RoomSnapshot } from '../src/index.js';
import { roomSnapshot } from '../src/index.js';
import { join, settle, setup } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Every snapshot a listener was told about, in order. */
function watch(client: RoomClient): RoomSnapshot[] {
  const seen: RoomSnapshot[] = [];
  roomSnapshot(client).subscribe(() => seen.push(roomSnapshot(client).getSnapshot()));
  return seen;
}

describe('snapshots', () => {
  it('one store per client, its getSnapshot and subscribe bound and stable; the neutral snapshot before join', () => {
    const { client } = setup();
    const store = roomSnapshot(client);
    expect(roomSnapshot(client)).toBe(store);
    const { getSnapshot, subscribe } = store;
    const snapshot = getSnapshot();
    expect(getSnapshot()).toBe(snapshot);
    expect(snapshot).toEqual({
      state: 'idle',
      disconnectReason: undefined,
      error: undefined,
      connectionId: undefined,
      counts: { others: 0, total: 0 },
      participants: [],
      streams: [],
      local: {
        camera: undefined,
        screen: undefined,
        microphoneEnabled: true,
        cameraEnabled: true,
        devices: {
          cameras: [],
          microphones: [],
          selectedCamera: undefined,
          selectedMicrophone: undefined,
        },
      },
      activeSpeaker: undefined,
      recording: { active: false, archiveId: undefined, name: undefined, startedAt: undefined },
    });
    const off = subscribe(() => {});
    expect(typeof off).toBe('function');
    off();
  });

  it('a join: participants, streams, your camera and counts, as plain data', async () => {
    const { room, client } = setup();
    const alice = room.join({ data: 'alice' });
    const stream = room.publish(alice, { name: 'Alice', hasAudio: false });
    await join(client);
    const snapshot = roomSnapshot(client).getSnapshot();
    expect(snapshot.state).toBe('connected');
    expect(snapshot.connectionId).toBe(client.connectionId);
    expect(snapshot.counts).toBe(client.counts);
    expect(snapshot.counts).toEqual({ others: 1, total: 2 });
    expect(snapshot.participants).toEqual([
      { connectionId: alice.connectionId, data: 'alice', createdAt: alice.creationTime },
    ]);
    expect(snapshot.streams).toEqual([
      {
        streamId: stream.streamId,
        connectionId: alice.connectionId,
        name: 'Alice',
        videoType: 'camera',
        hasAudio: false,
        hasVideo: true,
        subscribed: true,
      },
    ]);
    expect(snapshot.local.camera).toEqual({
      source: 'camera',
      status: 'published',
      streamId: client.publisher?.stream?.streamId,
      hasAudio: true,
      hasVideo: true,
      error: undefined,
    });
  });

  it('keeps its identity when nothing changed, and notifies nobody', async () => {
    const { room, session, client } = setup();
    const alice = room.join({ data: 'alice' });
    room.publish(alice);
    await join(client);
    const seen = watch(client);
    const before = roomSnapshot(client).getSnapshot();
    // Repeated and own events, a no-op mute, a second unsubscribe of nothing.
    session.emitRaw('connectionCreated', { connection: alice });
    session.emitRaw('connectionCreated', { connection: session.connection });
    session.emitRaw('connectionDestroyed', { connection: { connectionId: 'ghost', data: '' } });
    session.emitRaw('streamDestroyed', { stream: { streamId: 'ghost' }, reason: 'x' });
    client.setMicrophoneEnabled(true);
    client.setCameraEnabled(true);
    client.unsubscribe('ghost');
    await settle();
    expect(roomSnapshot(client).getSnapshot()).toBe(before);
    expect(client.counts).toBe(before.counts);
    expect(seen).toEqual([]);
  });

  it('shares every part that did not change (structural sharing); old snapshots are never mutated', async () => {
    const { room, client } = setup();
    const alice = room.join({ data: 'alice' });
    room.publish(alice, { name: 'Alice' });
    await join(client);
    const before = roomSnapshot(client).getSnapshot();
    const copy = structuredClone(before);
    room.join({ data: 'bob' });
    const after = roomSnapshot(client).getSnapshot();
    expect(after).not.toBe(before);
    expect(after.participants).not.toBe(before.participants);
    expect(after.participants[0]).toBe(before.participants[0]);
    expect(after.counts).not.toBe(before.counts);
    for (const key of ['streams', 'local', 'recording'] as const) {
      expect(after[key]).toBe(before[key]);
    }
    expect(before).toEqual(copy);
    // One stream's audio changes: that stream is new, the list and others are not.
    const [stream] = room.streams.values();
    room.changeStream(stream!, 'hasAudio', false);
    const muted = roomSnapshot(client).getSnapshot();
    expect(muted.streams[0]).toEqual({ ...after.streams[0], hasAudio: false });
    expect(muted.participants).toBe(after.participants);
    expect(muted.counts).toBe(after.counts);
    expect(muted.local).toBe(after.local);
  });

  it('no notification mid initial burst: the first one after connecting has every connection and stream', async () => {
    const { room, client } = setup({ publisher: false }, { connectDelayMs: 50 });
    for (let i = 0; i < 5; i++) room.publish(room.join({ data: `p${i}` }));
    const seen = watch(client);
    await join(client, 100);
    const states = seen.map((s) => [s.state, s.participants.length, s.streams.length]);
    expect(states[0]).toEqual(['connecting', 0, 0]);
    expect(states[1]).toEqual(['connected', 5, 5]);
    expect(states.every(([, p]) => p === 0 || p === 5)).toBe(true);
    // Subscriptions then complete one by one.
    expect(seen.at(-1)?.streams.every((s) => s.subscribed)).toBe(true);
  });

  it('each change notifies once, after the state is consistent; listeners that throw are reported', async () => {
    const reported: unknown[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((e) => reported.push(e));
    const { room, client } = setup({ publisher: false });
    await join(client);
    const counts: number[] = [];
    roomSnapshot(client).subscribe(() => {
      throw new Error('boom');
    });
    const off = roomSnapshot(client).subscribe(() =>
      counts.push(roomSnapshot(client).getSnapshot().counts.others),
    );
    const bob = room.join();
    room.leave(bob);
    off();
    room.join();
    expect(counts).toEqual([1, 0]);
    expect(reported).toHaveLength(3);
    spy.mockRestore();
  });

  it('counts is one object while the numbers are unchanged', async () => {
    const { room, client } = setup();
    const first = client.counts;
    expect(client.counts).toBe(first);
    await join(client);
    const joined = client.counts;
    expect(client.counts).toBe(joined);
    const bob = room.join();
    room.leave(bob);
    expect(client.counts).not.toBe(joined);
    expect(client.counts).toEqual(joined);
  });

  it('after leave: back to an empty room, disconnected with the reason; mute state kept', async () => {
    const { room, client } = setup();
    room.publish(room.join());
    await join(client);
    client.setCameraEnabled(false);
    const leaving = client.leave();
    await settle();
    await leaving;
    const snapshot = roomSnapshot(client).getSnapshot();
    expect(snapshot).toMatchObject({
      state: 'disconnected',
      disconnectReason: 'clientDisconnected',
      error: undefined,
      connectionId: undefined,
      counts: { others: 0, total: 0 },
      participants: [],
      streams: [],
      local: { camera: undefined, microphoneEnabled: true, cameraEnabled: false },
    });
  });

  it('a failed join: disconnected with connectFailed and the error; the next attempt clears them', async () => {
    const { OT, client } = setup({}, { connectError: 'OT_AUTHENTICATION_ERROR' });
    const failed = client.join().catch((error: unknown) => error);
    await settle();
    const error = await failed;
    expect(roomSnapshot(client).getSnapshot()).toMatchObject({
      state: 'disconnected',
      disconnectReason: 'connectFailed',
      error,
    });
    OT.configure({ connectError: undefined });
    const seen = watch(client);
    const joining = client.join();
    await settle();
    await joining;
    expect(seen[0]).toMatchObject({
      state: 'connecting',
      disconnectReason: undefined,
      error: undefined,
    });
  });

  it('a denied camera: the camera publication is failed with the error, publishError too', async () => {
    const { client } = setup({}, { camera: 'denied' });
    await join(client);
    expect(roomSnapshot(client).getSnapshot().local.camera).toMatchObject({
      status: 'failed',
      error: { code: 'media_access_denied' },
    });
    expect(client.publishError).toBe(roomSnapshot(client).getSnapshot().local.camera?.error);
  });
});

describe('mute state', () => {
  it('set before joining: the camera starts that way; kept across re-joins; evented', async () => {
    const { OT, client } = setup();
    const changes: unknown[] = [];
    client.on('muteChanged', (change) => changes.push(change));
    client.setMicrophoneEnabled(false);
    expect(changes).toEqual([{ microphoneEnabled: false, cameraEnabled: true, forced: false }]);
    await join(client);
    expect(OT.objects.publishers[0]?.properties).toMatchObject({ publishAudio: false });
    expect(client.publisher?.stream?.hasAudio).toBe(false);
    expect(roomSnapshot(client).getSnapshot().local.camera).toMatchObject({
      hasAudio: false,
      hasVideo: true,
    });
    const leaving = client.leave();
    await settle();
    await leaving;
    await join(client);
    expect(OT.objects.publishers[1]?.properties).toMatchObject({
      publishAudio: false,
      publishVideo: true,
    });
    expect(roomSnapshot(client).getSnapshot().local.microphoneEnabled).toBe(false);
  });

  it('while publishing: drives the publisher and the camera publication', async () => {
    const { OT, client } = setup({ publisher: { publishVideo: false } });
    expect(roomSnapshot(client).getSnapshot().local.cameraEnabled).toBe(false);
    await join(client);
    const stream = OT.objects.publishers[0]?.stream;
    expect(stream?.hasVideo).toBe(false);
    client.setCameraEnabled(true);
    client.setMicrophoneEnabled(false);
    expect([stream?.hasAudio, stream?.hasVideo]).toEqual([false, true]);
    expect(roomSnapshot(client).getSnapshot().local).toMatchObject({
      microphoneEnabled: false,
      cameraEnabled: true,
      camera: { hasAudio: false, hasVideo: true, status: 'published' },
    });
  });

  it('a moderator mute (muteForced): microphone off in the snapshot, muteChanged with forced', async () => {
    const { room, client } = setup();
    await join(client);
    const changes: unknown[] = [];
    client.on('muteChanged', (change) => changes.push(change));
    room.forceMuteLocal();
    expect(changes).toEqual([{ microphoneEnabled: false, cameraEnabled: true, forced: true }]);
    expect(roomSnapshot(client).getSnapshot().local.camera?.hasAudio).toBe(false);
    client.setMicrophoneEnabled(true);
    expect(client.publisher?.stream?.hasAudio).toBe(true);
  });

  it('refuses anything but a boolean, changing nothing', () => {
    const { client } = setup();
    const before = roomSnapshot(client).getSnapshot();
    expect(() => client.setMicrophoneEnabled('no' as never)).toThrow(
      expect.objectContaining({ code: 'invalid_argument' }),
    );
    expect(roomSnapshot(client).getSnapshot()).toBe(before);
  });

  it('remote streams: hasAudio and hasVideo follow streamPropertyChanged', async () => {
    const { room, client } = setup();
    const stream = room.publish(room.join());
    await join(client);
    room.changeStream(stream, 'hasVideo', false);
    expect(roomSnapshot(client).getSnapshot().streams[0]).toMatchObject({
      hasAudio: true,
      hasVideo: false,
    });
    room.changeStream(stream, 'hasAudio', false);
    room.changeStream(stream, 'hasVideo', true);
    expect(roomSnapshot(client).getSnapshot().streams[0]).toMatchObject({
      hasAudio: false,
      hasVideo: true,
    });
  });
});
