// shareScreen(room)/stopScreenShare(room) on the fake OT: a second publisher keyed `screen`, the
// snapshot's `local.screen`, a cancelled picker, the browser's "Stop sharing", at most one share.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type RoomClient,
  type RoomClientError,
  roomSnapshot,
  shareScreen,
  stopScreenShare,
} from '../src/index.js';
import { join, settle, setup } from './helpers.js';

describe('screen sharing', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const share = async (client: RoomClient, options?: object) => {
    const sharing = shareScreen(client, options);
    sharing.catch(() => {});
    await settle();
    return sharing;
  };

  it('publishes a screen stream beside the camera; local.screen follows; stopScreenShare ends it', async () => {
    const { OT, client } = setup();
    await join(client);
    const ended: string[] = [];
    client.on('screenShareEnded', (reason) => ended.push(reason));
    await share(client);
    const { camera, screen } = roomSnapshot(client).getSnapshot().local;
    expect(camera?.status).toBe('published');
    expect(screen).toMatchObject({
      source: 'screen',
      status: 'published',
      hasAudio: false,
      hasVideo: true,
    });
    const streams = [...OT.room('s1').streams.values()];
    expect(streams.map((stream) => stream.videoType)).toEqual(['camera', 'screen']);
    expect(screen?.streamId).toBe(streams[1]?.streamId);
    stopScreenShare(client);
    expect(roomSnapshot(client).getSnapshot().local.screen).toBeUndefined();
    expect(ended).toEqual(['stopped']);
    expect([...OT.room('s1').streams.values()].map((stream) => stream.videoType)).toEqual([
      'camera',
    ]);
    expect(OT.objects.publishers[1]?.destroyed).toBe(true);
    stopScreenShare(client); // no-op
    expect(ended).toEqual(['stopped']);
  });

  it('the picker cancelled: media_access_denied, nothing left published, a retry works', async () => {
    const { OT, client } = setup({}, { screenPicker: 'cancel' });
    await join(client);
    const failure = (await share(client).catch((error) => error)) as RoomClientError;
    expect(failure).toMatchObject({
      code: 'media_access_denied',
      otName: 'OT_USER_MEDIA_ACCESS_DENIED',
    });
    expect(roomSnapshot(client).getSnapshot().local.screen).toMatchObject({
      status: 'failed',
      error: failure,
    });
    expect(OT.room('s1').streams.size).toBe(1);
    expect(OT.objects.publishers[1]?.destroyed).toBe(true);
    OT.configure({ screenPicker: 'accept' });
    await share(client);
    expect(roomSnapshot(client).getSnapshot().local.screen?.status).toBe('published');
  });

  it('unsupported browsers fail with media_unavailable before any picker', async () => {
    const { OT, client } = setup({}, { screenSharing: 'unsupported' });
    await join(client);
    const failure = (await share(client).catch((error) => error)) as RoomClientError;
    expect(failure).toMatchObject({
      code: 'media_unavailable',
      otName: 'OT_SCREEN_SHARING_NOT_SUPPORTED',
    });
    expect(OT.objects.publishers).toHaveLength(1);
  });

  it("the browser's Stop sharing: screenShareEnded with mediaStopped, local.screen cleared, listeners gone", async () => {
    const { OT, client } = setup();
    await join(client);
    const before = OT.listenerCount();
    const ended: string[] = [];
    client.on('screenShareEnded', (reason) => ended.push(reason));
    await share(client);
    const screen = OT.objects.publishers[1]!;
    expect(screen.listenerCount()).toBeGreaterThan(0);
    screen.endMedia();
    expect(ended).toEqual(['mediaStopped']);
    expect(roomSnapshot(client).getSnapshot().local.screen).toBeUndefined();
    expect(screen.listenerCount()).toBe(0);
    expect(OT.listenerCount()).toBe(before);
  });

  it('at most one share; not before join; screen audio when asked for', async () => {
    const { client } = setup({}, { screenAudio: true });
    await expect(shareScreen(client)).rejects.toMatchObject({ code: 'not_connected' });
    await join(client);
    const first = shareScreen(client, { audio: true });
    const second = shareScreen(client);
    second.catch(() => {});
    await settle();
    await first;
    await expect(second).rejects.toMatchObject({ code: 'invalid_argument' });
    expect(roomSnapshot(client).getSnapshot().local.screen).toMatchObject({
      status: 'published',
      hasAudio: true,
    });
    await expect(share(client)).rejects.toMatchObject({ code: 'invalid_argument' });
  });

  it('leave ends the share; 200 join/share/leave cycles leave no listener behind', async () => {
    const { OT, client } = setup();
    for (let i = 0; i < 200; i++) {
      await join(client, 1);
      await share(client);
      expect(roomSnapshot(client).getSnapshot().local.screen?.status).toBe('published');
      const left = client.leave();
      await settle(1);
      await left;
      expect(roomSnapshot(client).getSnapshot().local.screen).toBeUndefined();
      expect(OT.listenerCount()).toBe(0);
    }
    expect(OT.objects.publishers.every((p) => p.destroyed && p.listenerCount() === 0)).toBe(true);
  }, 60_000);
});
