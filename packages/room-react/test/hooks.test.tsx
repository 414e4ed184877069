// @vitest-environment jsdom
// Every hook updates when its slice changes and re-renders only then (render counts), against
// room-client on the fake OT.
import type { RoomClient } from '@opentok-rooms/room-client';
import { roomSnapshot } from '@opentok-rooms/room-client';
import { act, cleanup, render } from '@testing-library/react';
import { type ReactNode, useRef } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  Room,
  type SignalMessage,
  useActiveSpeaker,
  useLocalMedia,
  useParticipants,
  useRecording,
  useRemoteStreams,
  useRoom,
  useRoomCounts,
  useRoomState,
  useSignal,
} from '../src/index.js';
import { credentialsFor, fakeOT, until } from './helpers.js';

afterEach(cleanup);

const renders: Record<string, number> = {};
const values: Record<string, unknown> = {};

/** Renders `use()`'s value and counts its renders under `name`. */
function Probe({ name, use }: { name: string; use: () => unknown }): ReactNode {
  const value = use();
  renders[name] = (renders[name] ?? 0) + 1;
  values[name] = value;
  return null;
}

let client: RoomClient | undefined;
function ClientProbe(): ReactNode {
  client = useRoom();
  return null;
}

const received: Array<SignalMessage<{ text: string }>> = [];
function Chat(): ReactNode {
  const count = useRef(0);
  count.current++;
  renders.chat = count.current;
  values.sendChat = useSignal<{ text: string }>('chat', {
    decode: JSON.parse,
    encode: JSON.stringify,
    onReceived: (message) => received.push(message),
  });
  return null;
}

const probes = {
  state: () => useRoomState(),
  participants: () => useParticipants(),
  counts: () => useRoomCounts(),
  streams: () => useRemoteStreams(),
  cameras: () => useRemoteStreams('camera'),
  screens: () => useRemoteStreams('screen'),
  local: () => useLocalMedia(),
  speaker: () => useActiveSpeaker(),
  recording: () => useRecording(),
};
type ProbeName = keyof typeof probes;

describe('hooks', () => {
  beforeEach(() => {
    for (const key of Object.keys(renders)) delete renders[key];
    received.length = 0;
  });

  async function joined() {
    const OT = fakeOT();
    const remote = OT.room('s1');
    const alice = remote.join({ data: '{"name":"Alice"}' });
    remote.publish(alice, { name: 'Alice' });
    render(
      <Room room="s1" OT={OT} credentials={credentialsFor('s1')}>
        <ClientProbe />
        <Chat />
        {Object.entries(probes).map(([name, use]) => (
          <Probe key={name} name={name} use={use} />
        ))}
      </Room>,
    );
    await until(
      () => (client && roomSnapshot(client).getSnapshot())?.local.camera?.status === 'published',
      'published',
    );
    return { OT, remote, alice };
  }

  /** Runs `change`, waits for `done`, and returns which probes re-rendered. */
  async function rerendered(change: () => void, done: () => boolean): Promise<string[]> {
    const before = { ...renders };
    await act(async () => change());
    await until(done, 'the change to show');
    return Object.keys(renders)
      .filter((name) => renders[name] !== before[name])
      .sort();
  }

  it('reads the joined room: state, participants, counts, streams, local media', async () => {
    await joined();
    expect(values.state).toMatchObject({ state: 'connected', disconnectReason: undefined });
    expect((values.participants as Array<{ data: string }>).map((p) => p.data)).toEqual([
      '{"name":"Alice"}',
    ]);
    expect(values.counts).toEqual({ others: 1, total: 2 });
    expect(values.streams).toMatchObject([{ name: 'Alice', videoType: 'camera', hasAudio: true }]);
    expect(values.cameras).toEqual(values.streams);
    expect(values.screens).toEqual([]);
    expect(values.local).toMatchObject({ microphoneEnabled: true, cameraEnabled: true });
    expect(values.speaker).toBeUndefined();
    expect(values.recording).toMatchObject({ active: false });
  });

  it('a hook re-renders only when its slice changes', async () => {
    const { remote, alice } = await joined();
    const only = (...names: Array<ProbeName | 'chat'>) => names.sort();

    let bob: ReturnType<typeof remote.join> | undefined;
    expect(
      await rerendered(
        () => {
          bob = remote.join({ data: '{"name":"Bob"}' });
        },
        () => (values.counts as { others: number }).others === 2,
      ),
    ).toEqual(only('participants', 'counts'));

    expect(
      await rerendered(
        () => remote.publish(bob!, { name: 'Bob screen', videoType: 'screen' }),
        () => (values.screens as unknown[]).length === 1,
      ),
    ).toEqual(only('streams', 'screens'));

    const aliceStream = [...remote.streams.values()].find((s) => s.connection === alice)!;
    expect(
      await rerendered(
        () => remote.changeStream(aliceStream, 'hasAudio', false),
        () => (values.cameras as Array<{ hasAudio: boolean }>)[0]?.hasAudio === false,
      ),
    ).toEqual(only('streams', 'cameras'));

    expect(
      await rerendered(
        () => client!.setMicrophoneEnabled(false),
        () => (values.local as { microphoneEnabled: boolean }).microphoneEnabled === false,
      ),
    ).toEqual(only('local'));

    expect(
      await rerendered(
        () => remote.dropNetwork(),
        () => (values.state as { state: string }).state === 'reconnecting',
      ),
    ).toEqual(only('state'));
    expect(
      await rerendered(
        () => remote.restoreNetwork(),
        () => (values.state as { state: string }).state === 'connected',
      ),
    ).toEqual(only('state'));

    // A signal re-renders nothing; it reaches the subscriber, decoded.
    expect(
      await rerendered(
        () => remote.signal({ from: alice, type: 'chat', data: '{"text":"hi"}' }),
        () => received.length === 1,
      ),
    ).toEqual([]);
    expect(received[0]).toMatchObject({ type: 'chat', data: { text: 'hi' }, isLocal: false });

    expect(
      await rerendered(
        () => remote.leave(bob!),
        () => (values.counts as { others: number }).others === 1,
      ),
    ).toEqual(only('participants', 'counts', 'streams', 'screens'));
  });

  it('useSignal sends encoded, skips other types and undecodable data, and cleans up', async () => {
    const { OT, remote, alice } = await joined();
    const send = values.sendChat as (value: { text: string }) => Promise<void>;
    await act(() => send({ text: 'hello' }));
    expect(remote.signals.at(-1)).toMatchObject({ type: 'chat', data: '{"text":"hello"}' });
    await until(() => received.some((m) => m.isLocal), 'our own signal back');

    const warnings: unknown[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args);
    try {
      await act(async () => {
        remote.signal({ from: alice, type: 'other', data: '{"text":"not chat"}' });
        remote.signal({ from: alice, type: 'chat', data: 'not json' });
      });
    } finally {
      console.warn = warn;
    }
    expect(received.map((m) => m.data.text)).toEqual(['hello']);
    expect(warnings).toHaveLength(1);

    cleanup();
    await until(() => client!.state === 'disconnected', 'left');
    expect(OT.listenerCount()).toBe(0);
  });

  it('the state hook shows a refused join and its error', async () => {
    const OT = fakeOT();
    let failures = 0;
    render(
      <Room
        room="s1"
        OT={OT}
        credentials={() => Promise.reject(new Error('The join was refused: no such room'))}
        onError={() => failures++}
      >
        <Probe name="state" use={probes.state} />
      </Room>,
    );
    await until(() => (values.state as { state: string }).state === 'disconnected', 'failed');
    expect(values.state).toMatchObject({
      disconnectReason: 'connectFailed',
      error: { code: 'credentials_failed' },
    });
    expect(failures).toBe(1);
  });
});
