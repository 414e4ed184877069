// @vitest-environment jsdom
// <VideoTile> and <VideoGrid> place OpenTok's video elements where React rendered their slots, with
// names, mute icons and placeholders, screen shares first.
import type { RoomClient } from '@opentok-rooms/room-client';
import { cleanup, render, within } from '@testing-library/react';
import { type ReactNode, StrictMode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { videosOf } from '../src/client-videos.js';
import { Room, useRoom, VideoGrid } from '../src/index.js';
import { credentialsFor, fakeOT, until } from './helpers.js';

afterEach(cleanup);

let client: RoomClient | undefined;
function ClientProbe(): ReactNode {
  client = useRoom();
  return null;
}

function tiles(container: HTMLElement) {
  return [...container.querySelectorAll<HTMLElement>('.otr-tile')].map((tile) => ({
    name: tile.querySelector('.otr-tile-name')?.textContent,
    source: tile.dataset.source,
    local: tile.dataset.local !== undefined,
    videoOff: tile.dataset.videoOff !== undefined,
    audioOff: tile.dataset.audioOff !== undefined,
    videos: tile.querySelectorAll('.otr-tile-video > video').length,
    avatar: tile.querySelector('.otr-tile-avatar')?.textContent,
    icons: [...tile.querySelectorAll('[role=img]')].map((icon) => icon.getAttribute('aria-label')),
  }));
}

describe('<VideoGrid> and <VideoTile>', () => {
  it('places every video in its tile, screen shares first, with names and states', async () => {
    const OT = fakeOT();
    const remote = OT.room('s1');
    const alice = remote.join({ data: 'Alice' });
    const aliceCamera = remote.publish(alice, { name: 'Alice Liddell' });
    const bob = remote.join({ data: 'Bob' });
    remote.publish(bob, { name: 'Bob', videoType: 'screen' });
    const { container } = render(
      <StrictMode>
        <Room room="s1" OT={OT} credentials={credentialsFor('s1')}>
          <ClientProbe />
          <VideoGrid localName="Ada (you)" />
        </Room>
      </StrictMode>,
    );
    await until(() => container.querySelectorAll('.otr-tile video').length === 3, 'three videos');
    const grid = container.querySelector<HTMLElement>('.otr-grid')!;
    expect(grid.dataset.layout).toBe('spotlight');
    expect(grid.dataset.tiles).toBe('3');
    expect(tiles(container)).toEqual([
      {
        name: 'Bob (screen)',
        source: 'screen',
        local: false,
        videoOff: false,
        audioOff: false,
        videos: 1,
        avatar: 'B',
        icons: [],
      },
      {
        name: 'Ada (you)',
        source: 'camera',
        local: true,
        videoOff: false,
        audioOff: false,
        videos: 1,
        avatar: 'A',
        icons: [],
      },
      {
        name: 'Alice Liddell',
        source: 'camera',
        local: false,
        videoOff: false,
        audioOff: false,
        videos: 1,
        avatar: 'AL',
        icons: [],
      },
    ]);
    // Each element is the one OpenTok created for that stream, placed once.
    expect(new Set(container.querySelectorAll('video')).size).toBe(3);

    // Alice turns her camera and microphone off: initials instead of a black box, both icons.
    remote.changeStream(aliceCamera, 'hasVideo', false);
    remote.changeStream(aliceCamera, 'hasAudio', false);
    await until(() => tiles(container)[2]?.videoOff === true, 'Alice video off');
    expect(tiles(container)[2]).toMatchObject({
      avatar: 'AL',
      audioOff: true,
      icons: ['Microphone off', 'Camera off'],
    });
    // And you mute yourself.
    client!.setMicrophoneEnabled(false);
    client!.setCameraEnabled(false);
    await until(() => tiles(container)[1]?.videoOff === true, 'your camera off');
    expect(tiles(container)[1]).toMatchObject({ avatar: 'A', audioOff: true });

    // The screen share ends: its tile and element go, the layout is a grid again.
    remote.leave(bob);
    await until(() => container.querySelectorAll('.otr-tile').length === 2, 'two tiles');
    expect(grid.dataset.layout).toBe('grid');
    expect(within(grid).queryByText('Bob (screen)')).toBeNull();
  });

  it('renders initials while the camera starts, and leaves no element or listener behind', async () => {
    const OT = fakeOT();
    OT.configure({ cameraDelayMs: 30 });
    const { container, unmount } = render(
      <Room room="s1" OT={OT} credentials={credentialsFor('s1')}>
        <ClientProbe />
        <VideoGrid />
      </Room>,
    );
    expect(tiles(container)).toEqual([
      {
        name: 'You',
        source: 'camera',
        local: true,
        videoOff: true,
        audioOff: false,
        videos: 0,
        avatar: 'Y',
        icons: [],
      },
    ]);
    await until(() => container.querySelectorAll('video').length === 1, 'your video');
    const videos = videosOf(client!);
    expect(videos.listenerCount).toBe(1);
    unmount();
    await until(() => client!.state === 'disconnected', 'left');
    expect(videos.listenerCount).toBe(0);
    expect(videos.get('local:camera')).toBeUndefined();
    expect(OT.listenerCount()).toBe(0);
  });
});
