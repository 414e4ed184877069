import { describe, expect, it } from 'vitest';
import { initialSnapshot, patch, transition } from './snapshot.js';

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

describe('transition', () => {
  it('patch returns the same object when no value changes, a copy otherwise', () => {
    const value = { a: 1, b: 'x' };
    expect(patch(value, { a: 1 })).toBe(value);
    expect(patch(value, {})).toBe(value);
    const next = patch(value, { a: 2 });
    expect(next).toEqual({ a: 2, b: 'x' });
    expect(value).toEqual({ a: 1, b: 'x' });
  });

  it('no-op actions return the same snapshot; lists keep their identity when their content is unchanged', () => {
    const start = transition(initialSnapshot(true, true), ['participantJoined', alice]);
    expect(transition(start, ['participantJoined', alice])).toBe(start);
    expect(transition(start, ['participantLeft', { ...alice, connectionId: 'nobody' }, 'x'])).toBe(
      start,
    );
    expect(transition(start, ['streamRemoved', { ...stream, streamId: 'nothing' }, 'x'])).toBe(
      start,
    );
    expect(transition(start, ['unsubscribed', 'nothing'])).toBe(start);
    expect(
      transition(start, [
        'muteChanged',
        { microphoneEnabled: true, cameraEnabled: true, forced: false },
      ]),
    ).toBe(start);
    expect(transition(start, ['publication', 'screen', undefined])).toBe(start);
    const idle = initialSnapshot(true, true);
    expect(transition(idle, ['left'])).toBe(idle);
  });

  it('counts follow participants and your connection, and keep their identity otherwise', () => {
    let s = initialSnapshot(true, true);
    s = transition(s, ['connection', 'me']);
    expect(s.counts).toEqual({ others: 0, total: 1 });
    const counts = s.counts;
    s = transition(s, ['streamAdded', stream]);
    expect(s.counts).toBe(counts);
    s = transition(s, ['participantJoined', alice]);
    expect(s.counts).toEqual({ others: 1, total: 2 });
    s = transition(s, ['left']);
    expect(s.counts).toEqual({ others: 0, total: 0 });
    expect([s.participants, s.streams]).toEqual([[], []]);
  });

  it('a stream defaults its video type to camera; a publication starts from starting', () => {
    let s = transition(initialSnapshot(true, false), ['streamAdded', stream]);
    expect(s.streams[0]?.videoType).toBe('camera');
    s = transition(s, ['publication', 'screen', { hasVideo: true }]);
    expect(s.local.screen).toEqual({
      source: 'screen',
      status: 'starting',
      streamId: undefined,
      hasAudio: false,
      hasVideo: true,
      error: undefined,
    });
    expect(s.local.camera).toBeUndefined();
    expect(s.local.cameraEnabled).toBe(false);
  });
});
