// Active speaker from scripted audio levels (fake OT): hysteresis, the snapshot slice, no
// listener without the detector, listeners gone on leave.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { activeSpeakerDetector, roomSnapshot } from '../src/index.js';
import { join, settle, setup } from './helpers.js';

describe('active speaker', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Feeds `level` to a stream every 50 ms (OpenTok's cadence in the emulator) for `ms`. */
  const speak = async (
    OT: ReturnType<typeof setup>['OT'],
    levels: Array<[Parameters<ReturnType<typeof setup>['OT']['setAudioLevel']>[0], number]>,
    ms: number,
  ) => {
    for (let t = 0; t < ms; t += 50) {
      for (const [stream, level] of levels) OT.setAudioLevel(stream, level);
      await vi.advanceTimersByTimeAsync(50);
    }
  };

  /** A joined client with a detector, and Alice in the room publishing (`a`, her stream). */
  const withAlice = async (options: Parameters<typeof setup>[0] = {}) => {
    const joined = setup({ activeSpeaker: activeSpeakerDetector(), ...options });
    const alice = joined.room.join({ data: 'alice' });
    const a = joined.room.publish(alice);
    await join(joined.client);
    await settle();
    return { ...joined, alice, a };
  };

  it('a speaker takes over after leading for switchAfterMs, is released after releaseAfterMs of silence; the snapshot follows', async () => {
    const { OT, room, client } = setup({
      activeSpeaker: activeSpeakerDetector(),
      publisher: false,
    });
    const alice = room.join({ data: 'alice' });
    const bob = room.join({ data: 'bob' });
    const a = room.publish(alice);
    const b = room.publish(bob);
    const changes: Array<string | undefined> = [];
    client.on('activeSpeakerChanged', (id) => changes.push(id));
    await join(client);
    await settle();
    await speak(
      OT,
      [
        [a, 0.6],
        [b, 0],
      ],
      400,
    );
    expect(roomSnapshot(client).getSnapshot().activeSpeaker).toBe(alice.connectionId);
    // Bob louder, but only briefly: no flicker.
    await speak(
      OT,
      [
        [a, 0.3],
        [b, 0.9],
      ],
      300,
    );
    await speak(
      OT,
      [
        [a, 0.6],
        [b, 0],
      ],
      300,
    );
    expect(changes).toEqual([alice.connectionId]);
    // Bob talks on: he takes over once he has led for 500 ms.
    await speak(
      OT,
      [
        [a, 0],
        [b, 0.8],
      ],
      1000,
    );
    expect(changes).toEqual([alice.connectionId, bob.connectionId]);
    // Everybody silent: released after 1500 ms of silence, not before.
    await speak(
      OT,
      [
        [a, 0],
        [b, 0],
      ],
      1000,
    );
    expect(roomSnapshot(client).getSnapshot().activeSpeaker).toBe(bob.connectionId);
    await speak(
      OT,
      [
        [a, 0],
        [b, 0],
      ],
      1500,
    );
    expect(changes).toEqual([alice.connectionId, bob.connectionId, undefined]);
    expect(roomSnapshot(client).getSnapshot().activeSpeaker).toBeUndefined();
  });

  it('the active speaker leaving clears it; without a detector no audio-level listener exists', async () => {
    const { OT, room, client, alice, a } = await withAlice({ publisher: false });
    await speak(OT, [[a, 0.7]], 300);
    expect(roomSnapshot(client).getSnapshot().activeSpeaker).toBe(alice.connectionId);
    room.leave(alice);
    expect(roomSnapshot(client).getSnapshot().activeSpeaker).toBeUndefined();

    const plain = setup({ publisher: false });
    plain.room.publish(plain.room.join());
    await join(plain.client);
    await settle();
    expect(plain.OT.objects.subscribers.map((s) => s.listenerCount('audioLevelUpdated'))).toEqual([
      0,
    ]);
  });

  it('leave removes every audio-level listener and resets the speaker; your own voice counts too', async () => {
    const { OT, room, client } = setup({ activeSpeaker: activeSpeakerDetector() });
    room.publish(room.join());
    await join(client);
    await settle();
    await speak(OT, [[OT.objects.publishers[0]!, 0.8]], 300);
    expect(roomSnapshot(client).getSnapshot().activeSpeaker).toBe(client.connectionId);
    const leaving = client.leave();
    await settle();
    await leaving;
    expect(roomSnapshot(client).getSnapshot().activeSpeaker).toBeUndefined();
    expect(OT.listenerCount()).toBe(0);
  });

  it('a muted speaker loses the role at once and its levels count as silence until unmuted; so does your own muted microphone', async () => {
    const { OT, room, client, alice, a } = await withAlice();
    await speak(OT, [[a, 0.7]], 300);
    expect(roomSnapshot(client).getSnapshot().activeSpeaker).toBe(alice.connectionId);
    room.changeStream(a, 'hasAudio', false);
    expect(roomSnapshot(client).getSnapshot().activeSpeaker).toBeUndefined();
    // A muted stream that still reports what its microphone hears is not a speaker.
    await speak(OT, [[a, 0.9]], 1000);
    expect(roomSnapshot(client).getSnapshot().activeSpeaker).toBeUndefined();
    room.changeStream(a, 'hasAudio', true);
    await speak(OT, [[a, 0.9]], 300);
    expect(roomSnapshot(client).getSnapshot().activeSpeaker).toBe(alice.connectionId);

    const mine = OT.objects.publishers[0]!;
    await speak(
      OT,
      [
        [a, 0],
        [mine, 0.9],
      ],
      2500,
    );
    expect(roomSnapshot(client).getSnapshot().activeSpeaker).toBe(client.connectionId);
    client.setMicrophoneEnabled(false);
    expect(roomSnapshot(client).getSnapshot().activeSpeaker).toBeUndefined();
    await speak(OT, [[mine, 0.9]], 1000);
    expect(roomSnapshot(client).getSnapshot().activeSpeaker).toBeUndefined();
  });

  it('a speaker whose levels stop arriving is released within 1.5 × releaseAfterMs; no timer is left once nobody speaks', async () => {
    const { OT, client, alice, a } = await withAlice({ publisher: false });
    await speak(OT, [[a, 0.7]], 300);
    expect(roomSnapshot(client).getSnapshot().activeSpeaker).toBe(alice.connectionId);
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    // Nothing arrives any more (the subscriber stopped reporting).
    await vi.advanceTimersByTimeAsync(1400);
    expect(roomSnapshot(client).getSnapshot().activeSpeaker).toBe(alice.connectionId);
    await vi.advanceTimersByTimeAsync(850);
    expect(roomSnapshot(client).getSnapshot().activeSpeaker).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });
});
