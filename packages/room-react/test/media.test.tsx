// @vitest-environment jsdom
// The media hooks against room-client on the fake OT: screen sharing (start, stop, the browser's
// "Stop sharing", a cancelled picker, an unsupported browser) and the active speaker driven by
// scripted audio levels, with render counts and cleanup on unmount.
import { activeSpeakerDetector, type RoomClient, roomSnapshot } from '@opentok-rooms/room-client';
import type { FakeOT } from '@opentok-rooms/room-client/testing';
import { act, cleanup, render, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  Room,
  type RoomOptions,
  type ScreenShare,
  useActiveSpeaker,
  useIsSpeaking,
  useLocalMedia,
  useParticipants,
  useRemoteStreams,
  useRoom,
  useScreenShare,
  VideoGrid,
} from '../src/index.js';
import { credentialsFor, fakeOT, until } from './helpers.js';

afterEach(cleanup);

const renders: Record<string, number> = {};
const values: Record<string, unknown> = {};

function Probe({ name, use }: { name: string; use: () => unknown }): ReactNode {
  values[name] = use();
  renders[name] = (renders[name] ?? 0) + 1;
  return null;
}

let client: RoomClient | undefined;
function ClientProbe(): ReactNode {
  client = useRoom();
  return null;
}

const share = () => values.share as ScreenShare;

beforeEach(() => {
  for (const key of Object.keys(renders)) delete renders[key];
  for (const key of Object.keys(values)) delete values[key];
  client = undefined;
});

/** Joins "s1" with Alice (camera) already there; probes for the media hooks. */
async function joined(OT: FakeOT, options: Partial<RoomOptions> = {}) {
  const remote = OT.room('s1');
  const alice = remote.join({ data: '{"name":"Alice"}' });
  remote.publish(alice, { name: 'Alice' });
  const probes: Record<string, () => unknown> = {
    share: () => useScreenShare(),
    speaker: () => useActiveSpeaker(),
    aliceSpeaks: () => useIsSpeaking(alice.connectionId),
    participants: () => useParticipants(),
    streams: () => useRemoteStreams(),
  };
  const result = render(
    <Room room="s1" OT={OT} credentials={credentialsFor('s1')} {...options}>
      <ClientProbe />
      <VideoGrid localName="Me" />
      {Object.entries(probes).map(([name, use]) => (
        <Probe key={name} name={name} use={use} />
      ))}
    </Room>,
  );
  await until(
    () => (client && roomSnapshot(client).getSnapshot())?.local.camera?.status === 'published',
    'published',
  );
  const aliceStream = [...remote.streams.values()].find((s) => s.connection === alice);
  return { remote, alice, aliceStream: aliceStream as { streamId: string }, ...result };
}

/** Runs `change`, waits for `done`, and returns which probes re-rendered. */
async function rerendered(change: () => unknown, done: () => boolean): Promise<string[]> {
  const before = { ...renders };
  await act(async () => {
    await change();
  });
  await until(done, 'the change to show');
  return Object.keys(renders)
    .filter((name) => renders[name] !== before[name])
    .sort();
}

describe('useScreenShare', () => {
  it('starts and stops a share: the tile comes first, others see it, only the share re-renders', async () => {
    const OT = fakeOT();
    const { remote } = await joined(OT);
    expect(share()).toMatchObject({ status: 'idle', sharing: false, error: undefined });
    const { start, stop } = share();

    let result: unknown = 'pending';
    expect(
      await rerendered(
        async () => {
          result = await share().start();
        },
        () => share().status === 'published',
      ),
    ).toEqual(['share']);
    expect(result).toBeUndefined();
    expect(share()).toMatchObject({ sharing: true, error: undefined });
    // start/stop are stable for the room.
    expect(share().start).toBe(start);
    expect(share().stop).toBe(stop);

    // The local screen tile is first in the spotlight, with OpenTok's element in it.
    const grid = document.querySelector('.otr-grid');
    expect(grid?.getAttribute('data-layout')).toBe('spotlight');
    const first = grid?.querySelector('.otr-tile');
    expect(first?.getAttribute('data-source')).toBe('screen');
    expect(within(first as HTMLElement).getByText('Your screen')).toBeTruthy();
    expect(first?.querySelector('video')).not.toBeNull();
    // The other side sees a screen stream.
    expect([...remote.streams.values()].map((s) => s.videoType)).toContain('screen');

    expect(
      await rerendered(
        () => share().stop(),
        () => share().status === 'idle',
      ),
    ).toEqual(['share']);
    expect(document.querySelector('.otr-grid')?.getAttribute('data-layout')).not.toBe('spotlight');
    expect(document.querySelector('[data-source="screen"]')).toBeNull();
    await until(
      () => ![...remote.streams.values()].some((s) => s.videoType === 'screen'),
      'the screen stream to end for the others',
    );
  });

  it("ends when the browser's Stop sharing ends the capture", async () => {
    const OT = fakeOT();
    await joined(OT);
    await act(async () => {
      await share().start();
    });
    const publisher = OT.objects.publishers.find((p) => p.videoType === 'screen');
    expect(publisher).toBeDefined();
    await act(async () => publisher?.endMedia());
    await until(() => share().status === 'idle', 'the share to end');
    expect(document.querySelector('[data-source="screen"]')).toBeNull();
  });

  it('a cancelled picker is media_access_denied, nothing is shared, and a retry clears it', async () => {
    const OT = fakeOT();
    const { remote } = await joined(OT);
    OT.configure({ screenPicker: 'cancel' });
    let result: unknown;
    await act(async () => {
      result = await share().start();
    });
    expect(result).toMatchObject({ code: 'media_access_denied' });
    expect(share().error).toBe(result);
    expect(share().sharing).toBe(false);
    expect(document.querySelector('[data-source="screen"]')).toBeNull();
    expect([...remote.streams.values()].some((s) => s.videoType === 'screen')).toBe(false);

    OT.configure({ screenPicker: 'accept' });
    await act(async () => {
      result = await share().start();
    });
    expect(result).toBeUndefined();
    expect(share()).toMatchObject({ status: 'published', error: undefined });
  });

  it('reports an unsupported browser and a second share with their codes', async () => {
    const unsupported = createOT({ screenSharing: 'unsupported' });
    await joined(unsupported);
    let result: unknown;
    await act(async () => {
      result = await share().start();
    });
    expect(result).toMatchObject({ code: 'media_unavailable' });
    expect(share()).toMatchObject({ status: 'idle', error: { code: 'media_unavailable' } });
    cleanup();

    await joined(fakeOT());
    await act(async () => {
      await share().start();
    });
    await act(async () => {
      result = await share().start();
    });
    expect(result).toMatchObject({ code: 'invalid_argument' });
    expect(share()).toMatchObject({ status: 'published', sharing: true });
  });

  it('before the join it is not_connected, and never rejects', async () => {
    const OT = fakeOT();
    render(
      <Room room="s1" OT={OT} credentials={credentialsFor('s1')} connect={false}>
        <Probe name="share" use={() => useScreenShare()} />
      </Room>,
    );
    let result: unknown;
    await act(async () => {
      result = await share().start();
    });
    expect(result).toMatchObject({ code: 'not_connected' });
  });
});

function createOT(settings: Parameters<FakeOT['configure']>[0]): FakeOT {
  const OT = fakeOT();
  OT.configure(settings);
  return OT;
}

describe('active speaker', () => {
  it('follows the audio levels: hooks and tiles, re-rendering only what changed', async () => {
    const OT = fakeOT();
    const { alice, aliceStream } = await joined(OT, {
      activeSpeaker: activeSpeakerDetector({ releaseAfterMs: 0 }),
    });
    expect(values.speaker).toBeUndefined();
    expect(values.aliceSpeaks).toBe(false);

    expect(
      await rerendered(
        () => expect(OT.setAudioLevel(aliceStream, 1)).toBe(1),
        () => values.speaker === alice.connectionId,
      ),
    ).toEqual(['aliceSpeaks', 'speaker']);
    expect(values.aliceSpeaks).toBe(true);
    const aliceTile = within(document.querySelector('.otr-grid') as HTMLElement)
      .getByText('Alice')
      .closest('.otr-tile');
    expect(aliceTile?.getAttribute('data-speaking')).toBe('true');
    expect(
      document.querySelector('[data-local] [data-speaking], [data-local][data-speaking]'),
    ).toBeNull();

    // Your own voice: the local tile speaks, Alice's stops.
    const camera = OT.objects.publishers.find((p) => p.videoType === 'camera');
    expect(
      await rerendered(
        async () => {
          for (let i = 0; i < 12; i++) OT.setAudioLevel(aliceStream, 0);
          expect(OT.setAudioLevel(camera!, 1)).toBe(1);
        },
        () => values.speaker === client?.connectionId,
      ),
    ).toEqual(['aliceSpeaks', 'speaker']);
    expect(aliceTile?.getAttribute('data-speaking')).toBeNull();
    expect(document.querySelector('.otr-tile[data-local]')?.getAttribute('data-speaking')).toBe(
      'true',
    );

    // Silence from everyone: nobody speaks.
    await rerendered(
      () => {
        for (let i = 0; i < 12; i++) OT.setAudioLevel(camera!, 0);
      },
      () => values.speaker === undefined,
    );
    expect(document.querySelector('[data-speaking]')).toBeNull();
  });

  it('without a detector no audio level is listened to; after unmount none is either', async () => {
    const plain = fakeOT();
    const { aliceStream, unmount } = await joined(plain);
    expect(plain.setAudioLevel(aliceStream, 1)).toBe(0);
    expect(values.speaker).toBeUndefined();
    unmount();
    cleanup();

    const OT = fakeOT();
    const detected = await joined(OT, { activeSpeaker: activeSpeakerDetector() });
    expect(OT.setAudioLevel(detected.aliceStream, 1)).toBe(1);
    await until(() => values.speaker !== undefined, 'a speaker');
    const left = client as RoomClient;
    detected.unmount();
    await until(() => left.state === 'disconnected', 'the client to leave');
    expect(OT.setAudioLevel(detected.aliceStream, 1)).toBe(0);
    expect(roomSnapshot(left).getSnapshot().activeSpeaker).toBeUndefined();
  });
});

describe('useLocalMedia', () => {
  it('shows the screen publication beside the camera', async () => {
    const OT = fakeOT();
    render(
      <Room room="s2" OT={OT} credentials={credentialsFor('s2')}>
        <ClientProbe />
        <Probe name="local" use={() => useLocalMedia()} />
        <Probe name="share" use={() => useScreenShare()} />
      </Room>,
    );
    await until(
      () => (client && roomSnapshot(client).getSnapshot())?.local.camera?.status === 'published',
      'published',
    );
    await act(async () => {
      await share().start();
    });
    expect(values.local).toMatchObject({
      camera: { source: 'camera', status: 'published' },
      screen: { source: 'screen', status: 'published', hasAudio: false, hasVideo: true },
    });
  });
});
