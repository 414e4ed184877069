import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UnpublishInfo } from '../src/index.js';
import { roomSnapshot } from '../src/index.js';
import { join, settle, setup } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the local publisher ends without leave()', () => {
  const ways = [
    ['a moderator forceUnpublish', 'forceUnpublished'],
    ['its media stopping', 'mediaStopped'],
    ['destroy() called on it', 'destroyed'],
  ] as const;

  it.each(ways)(
    '%s: state, an event with the reason, the publisher released, publishing possible again',
    async (_, reason) => {
      const { OT, room, client } = setup();
      await join(client);
      const publisher = OT.objects.publishers[0]!;
      const ended: UnpublishInfo[] = [];
      client.on('unpublished', (info) => ended.push(info));
      if (reason === 'forceUnpublished') room.forceUnpublishLocal();
      else if (reason === 'mediaStopped') room.stopLocalMedia();
      else publisher.destroy();
      expect(ended).toEqual([{ source: 'camera', reason }]);
      expect(client.publisher).toBeUndefined();
      expect(roomSnapshot(client).getSnapshot().local.camera).toBeUndefined();
      expect(publisher.destroyed).toBe(true);
      expect(publisher.listenerCount()).toBe(0);
      expect(client.state).toBe('connected');
      // Publishing again: a new camera publisher, published.
      const published = client.publish();
      await settle();
      await published;
      expect(OT.objects.publishers).toHaveLength(2);
      expect(client.publisher).toBe(OT.objects.publishers[1]);
      expect(roomSnapshot(client).getSnapshot().local.camera?.status).toBe('published');
      expect([...room.streams.values()].some((s) => s === client.publisher?.stream)).toBe(true);
      // And leaving cleans it up as any other.
      const leaving = client.leave();
      await settle();
      await leaving;
      expect(OT.listenerCount()).toBe(0);
    },
  );

  it('publish(): at once when already publishing; not_connected when not joined; keeps the mute state', async () => {
    const { OT, client } = setup({ publisher: false });
    await expect(client.publish()).rejects.toMatchObject({ code: 'not_connected' });
    await join(client);
    expect(OT.objects.publishers).toHaveLength(0);
    client.setMicrophoneEnabled(false);
    const published = client.publish();
    await settle();
    await published;
    expect(OT.objects.publishers[0]?.properties).toMatchObject({ publishAudio: false });
    await client.publish();
    expect(OT.objects.publishers).toHaveLength(1);
  });

  it('publish() after a denied camera retries, and rejects with the error when it fails again', async () => {
    const { OT, client } = setup({}, { camera: 'denied' });
    await join(client);
    expect(client.publishError?.code).toBe('media_access_denied');
    const again = client.publish();
    again.catch(() => {});
    await settle();
    await expect(again).rejects.toMatchObject({ code: 'media_access_denied' });
    OT.configure({ camera: 'granted' });
    const granted = client.publish();
    await settle();
    await granted;
    expect(roomSnapshot(client).getSnapshot().local.camera?.status).toBe('published');
  });

  it('the session disconnecting ends the publisher with the disconnect reason, once', async () => {
    const { room, client } = setup();
    await join(client);
    const ended: UnpublishInfo[] = [];
    client.on('unpublished', (info) => ended.push(info));
    room.forceDisconnect();
    expect(ended).toEqual([{ source: 'camera', reason: 'forceDisconnected' }]);
    expect(client.state).toBe('disconnected');
  });

  it('leave() itself is no unpublished event', async () => {
    const { client } = setup();
    await join(client);
    const ended: UnpublishInfo[] = [];
    client.on('unpublished', (info) => ended.push(info));
    const leaving = client.leave();
    await settle();
    await leaving;
    expect(ended).toEqual([]);
  });
});
