import { describe, expect, it } from 'vitest';
import type { RoomInternals } from './host.js';
import { Join } from './join.js';
import { BLANK, keep, project } from './snapshot.js';

const alice = { connectionId: 'c-alice', data: 'alice', creationTime: 1 };
const stream = {
  streamId: 's-1',
  connection: alice,
  name: 'Alice',
  hasAudio: true,
  hasVideo: true,
  videoType: undefined,
  creationTime: 2,
};

/** The fields of a client the projection reads, on a join of our own. */
function fakeRoom(view = new Join()) {
  return {
    _view: view,
    _host: { _devices: undefined },
    _reason: undefined,
    _error: undefined,
    _speaking: undefined,
    state: 'connected',
    connectionId: 'c-me',
    counts: { others: 0, total: 1 },
    microphoneEnabled: true,
    cameraEnabled: true,
  } as unknown as { -readonly [K in keyof RoomInternals]: RoomInternals[K] };
}

describe('project', () => {
  it('keep returns the previous object when no value changed, the new one otherwise', () => {
    const value = { a: 1, b: 'x' };
    expect(keep(value, { a: 1, b: 'x' })).toBe(value);
    const next = { a: 2, b: 'x' };
    expect(keep(value, next)).toBe(next);
    expect(keep(undefined, next)).toBe(next);
  });

  it('nothing changed: the same snapshot; a change keeps the identity of every other part', () => {
    const room = fakeRoom();
    room._view?._participants.set(alice.connectionId, alice);
    room._view?._streams.set(stream.streamId, stream);
    const first = project(BLANK, room);
    expect(project(first, room)).toBe(first);
    expect(first.participants).toEqual([{ connectionId: 'c-alice', data: 'alice', createdAt: 1 }]);
    expect(first.streams[0]).toMatchObject({ streamId: 's-1', name: 'Alice', videoType: 'camera' });

    room._view?._subscribed.add(stream.streamId);
    const subscribed = project(first, room);
    expect(subscribed).not.toBe(first);
    expect(subscribed.streams[0]?.subscribed).toBe(true);
    expect(subscribed.participants).toBe(first.participants);
    expect(subscribed.local).toBe(first.local);
    expect(subscribed.recording).toBe(first.recording);
  });

  it('the camera sends what the mute state says; publications and recording come from the join', () => {
    const room = fakeRoom();
    room._view?._publications.set('camera', {
      source: 'camera',
      status: 'published',
      streamId: 's-me',
      hasAudio: true,
      hasVideo: true,
      error: undefined,
    });
    room._view?._archives.set('a-1', { archiveId: 'a-1', name: 'x', startedAt: 5 });
    room._view?._archives.set('a-2', { archiveId: 'a-2', name: undefined, startedAt: 6 });
    const before = project(BLANK, room);
    expect(before.recording).toEqual({ active: true, archiveId: 'a-1', name: 'x', startedAt: 5 });
    room.microphoneEnabled = false;
    const muted = project(before, room);
    expect(muted.local.camera).toMatchObject({
      hasAudio: false,
      hasVideo: true,
      status: 'published',
    });
    expect(muted.local.microphoneEnabled).toBe(false);
    expect(muted.recording).toBe(before.recording);
    room._view?._archives.delete('a-1');
    expect(project(muted, room).recording.archiveId).toBe('a-2');
  });

  it('no join shown: the lists are empty again, and the same empty lists each time', () => {
    const room = fakeRoom();
    room._view?._participants.set(alice.connectionId, alice);
    const joined = project(BLANK, room);
    room._view = undefined;
    const left = project(joined, room);
    expect(left.participants).toEqual([]);
    expect(project(left, room)).toBe(left);
  });
});
