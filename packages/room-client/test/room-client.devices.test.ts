// roomDevices(room) on the fake OT: listing (labels after permission), choosing before a join and
// keeping it across re-joins, switching in a call through setVideoSource/setAudioSource (the
// stream stays), devices plugged in and out, typed errors, and no devicechange listener left.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type ActiveDeviceChange,
  type RoomClientError,
  roomDevices,
  roomSnapshot,
} from '../src/index.js';
import type { FakePublisher } from '../src/testing/index.js';
import { join, settle, setup } from './helpers.js';

/** Settles a promise while fake time runs. */
async function run<T>(promise: Promise<T>, ms = 20): Promise<T> {
  promise.catch(() => {});
  await settle(ms);
  return promise;
}

const failure = (promise: Promise<unknown>) =>
  run(promise).then(
    () => undefined,
    (error: RoomClientError) => error,
  );

/** The camera publisher's video device and audio device, as the fake SDK sends them. */
const sending = (publisher: FakePublisher | undefined) => ({
  camera: publisher?.getVideoSource().deviceId,
  microphone: (publisher?.getAudioSource() as { deviceId?: string } | null)?.deviceId,
});

describe('roomDevices', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function devicesSetup(options = {}, fake = {}) {
    const s = setup(options, fake);
    const devices = roomDevices(s.client, { mediaDevices: s.OT.mediaDevices });
    const changes: ActiveDeviceChange[] = [];
    s.client.on('activeDeviceChanged', (change) => changes.push(change));
    return { ...s, devices, changes };
  }

  it('lists cameras and microphones; labels appear once permission is asked for', async () => {
    const { client, devices } = devicesSetup();
    expect(roomDevices(client)).toBe(devices);
    const lists: unknown[] = [];
    client.on('devicesChanged', (info) => lists.push(info));
    const first = await run(devices.list());
    expect(first.cameras.map((d) => [d.deviceId, d.label, d.kind])).toEqual([
      ['camera-1', '', 'videoInput'],
      ['camera-2', '', 'videoInput'],
    ]);
    expect(first.microphones.map((d) => d.deviceId)).toEqual([
      'default',
      'microphone-1',
      'microphone-2',
    ]);
    expect(roomSnapshot(client).getSnapshot().local.devices).toBe(first);
    const labelled = await run(devices.list({ requestPermission: true }));
    expect(labelled.cameras.map((d) => d.label)).toEqual(['Fake Camera 1', 'Fake Camera 2']);
    expect(lists).toHaveLength(2);
    // Nothing changed: the same object, no event.
    const again = await run(devices.list());
    expect(again).toBe(labelled);
    expect(lists).toHaveLength(2);
  });

  it('typed errors: permission denied, no devices, device in use, not found, bad argument, no mediaDevices', async () => {
    const denied = devicesSetup({}, { camera: 'denied' });
    expect(await failure(denied.devices.list({ requestPermission: true }))).toMatchObject({
      code: 'media_access_denied',
    });
    const busy = devicesSetup();
    busy.OT.mediaDevices.occupy('camera-1');
    expect(await failure(busy.devices.list({ requestPermission: true }))).toMatchObject({
      code: 'device_in_use',
    });
    expect(await failure(busy.devices.selectCamera('camera-9'))).toMatchObject({
      code: 'not_found',
    });
    expect(await failure(busy.devices.selectCamera(42 as unknown as string))).toMatchObject({
      code: 'invalid_argument',
    });
    const none = devicesSetup({}, { devices: [] });
    expect((await run(none.devices.list({ requestPermission: true }))).cameras).toEqual([]);
    const { client } = setup();
    const serverSide = roomDevices(client); // no navigator.mediaDevices in Node
    expect(await failure(serverSide.list())).toMatchObject({ code: 'media_unavailable' });
    expect(serverSide.watch()).toBeTypeOf('function');
  });

  it('a choice before joining is what the join publishes, and it is kept across re-joins', async () => {
    const { OT, client, devices, changes } = devicesSetup();
    await run(devices.selectCamera('camera-2'));
    await run(devices.selectMicrophone('microphone-2'));
    expect(roomSnapshot(client).getSnapshot().local.devices).toMatchObject({
      selectedCamera: 'camera-2',
      selectedMicrophone: 'microphone-2',
    });
    expect(changes).toEqual([
      { kind: 'camera', deviceId: 'camera-2', previous: undefined, reason: 'selected' },
      { kind: 'microphone', deviceId: 'microphone-2', previous: undefined, reason: 'selected' },
    ]);
    await join(client);
    expect(sending(OT.objects.publishers[0])).toEqual({
      camera: 'camera-2',
      microphone: 'microphone-2',
    });
    await run(client.leave());
    await join(client);
    expect(OT.objects.publishers).toHaveLength(2);
    expect(sending(OT.objects.publishers[1])).toEqual({
      camera: 'camera-2',
      microphone: 'microphone-2',
    });
  });

  it('switches camera and microphone in a call in place: the same publisher and stream', async () => {
    const { OT, room, client, devices, changes } = devicesSetup();
    await join(client);
    const publisher = OT.objects.publishers[0];
    const streamId = roomSnapshot(client).getSnapshot().local.camera?.streamId;
    await run(devices.selectCamera('camera-2'));
    await run(devices.selectMicrophone('microphone-1'));
    expect(sending(publisher)).toEqual({ camera: 'camera-2', microphone: 'microphone-1' });
    expect(OT.objects.publishers).toHaveLength(1);
    expect(room.streams.size).toBe(1);
    expect(roomSnapshot(client).getSnapshot().local.camera).toMatchObject({
      status: 'published',
      streamId,
    });
    expect(changes.map((c) => `${c.kind}:${c.deviceId}:${c.reason}`)).toEqual([
      // The browser's defaults, named once the camera is published.
      'camera:camera-1:published',
      'microphone:default:published',
      'camera:camera-2:selected',
      'microphone:microphone-1:selected',
    ]);
  });

  it('a switch that fails keeps the device in use and the choice (device in use)', async () => {
    const { OT, client, devices } = devicesSetup();
    await join(client);
    OT.mediaDevices.occupy('camera-2');
    expect(await failure(devices.selectCamera('camera-2'))).toMatchObject({
      code: 'device_in_use',
      otName: 'OT_HARDWARE_UNAVAILABLE',
    });
    expect(sending(OT.objects.publishers[0]).camera).toBe('camera-1');
    expect(roomSnapshot(client).getSnapshot().local.devices.selectedCamera).toBe('camera-1');
  });

  it('the devices in use are in the snapshot while the browser defaults are published, without pinning them for the next join', async () => {
    const { OT, client, changes } = devicesSetup();
    expect(roomSnapshot(client).getSnapshot().local.devices.selectedCamera).toBeUndefined();
    await join(client);
    expect(roomSnapshot(client).getSnapshot().local.devices).toMatchObject({
      selectedCamera: 'camera-1',
      selectedMicrophone: 'default',
    });
    expect(changes).toEqual([
      { kind: 'camera', deviceId: 'camera-1', previous: undefined, reason: 'published' },
      { kind: 'microphone', deviceId: 'default', previous: undefined, reason: 'published' },
    ]);
    await run(client.leave());
    // Re-joining publishes the defaults again, not a pinned device id.
    await join(client);
    expect(OT.objects.publishers[1]?.properties).not.toHaveProperty('videoSource');
    expect(OT.objects.publishers[1]?.properties).not.toHaveProperty('audioSource');
  });

  it('a publisher that sends no camera refuses a camera choice (media_unavailable)', async () => {
    const { devices } = devicesSetup({ publisher: { videoSource: null } });
    expect(await failure(devices.selectCamera('camera-2'))).toMatchObject({
      code: 'media_unavailable',
    });
  });

  it('a choice made while the camera is starting applies once it is ready', async () => {
    const { OT, client, devices } = devicesSetup({}, { cameraDelayMs: 100 });
    const joined = client.join();
    await settle(10);
    expect(roomSnapshot(client).getSnapshot().local.camera?.status).toBe('starting');
    const choosing = devices.selectCamera('camera-2');
    await settle(200);
    await joined;
    await choosing;
    expect(sending(OT.objects.publishers[0]).camera).toBe('camera-2');
  });

  it('a camera plugged in updates the list; the camera in use unplugged falls back to another and says so', async () => {
    const { OT, room, client, devices, changes } = devicesSetup();
    await join(client);
    await run(devices.list());
    const lists: string[][] = [];
    client.on('devicesChanged', ({ cameras }) => lists.push(cameras.map((d) => d.deviceId)));
    OT.mediaDevices.plug({ deviceId: 'camera-3', label: 'USB Camera', kind: 'videoInput' });
    await settle();
    expect(lists).toEqual([['camera-1', 'camera-2', 'camera-3']]);
    OT.mediaDevices.unplug('camera-1');
    await settle();
    expect(lists.at(-1)).toEqual(['camera-2', 'camera-3']);
    expect(sending(OT.objects.publishers[0]).camera).toBe('camera-2');
    expect(room.streams.size).toBe(1);
    expect(changes.filter((c) => c.reason !== 'published')).toEqual([
      { kind: 'camera', deviceId: 'camera-2', previous: 'camera-1', reason: 'unplugged' },
    ]);
    expect(roomSnapshot(client).getSnapshot().local.devices.selectedCamera).toBe('camera-2');
  });

  it('the microphone in use unplugged: OpenTok moves to the default one, and we follow it', async () => {
    const { OT, client, devices, changes } = devicesSetup();
    await join(client);
    await run(devices.selectMicrophone('microphone-2'));
    OT.mediaDevices.unplug('microphone-2');
    await settle();
    expect(sending(OT.objects.publishers[0]).microphone).toBe('default');
    expect(changes.at(-1)).toEqual({
      kind: 'microphone',
      deviceId: 'default',
      previous: 'microphone-2',
      reason: 'unplugged',
    });
    expect(roomSnapshot(client).getSnapshot().local.devices.selectedMicrophone).toBe('default');
  });

  it('with disableAudioInputDeviceManagement we replace an unplugged microphone ourselves', async () => {
    const { OT, client, devices, changes } = devicesSetup({
      publisher: { disableAudioInputDeviceManagement: true },
    });
    await join(client);
    await run(devices.selectMicrophone('microphone-2'));
    OT.mediaDevices.unplug('microphone-2');
    await settle();
    expect(changes.at(-1)).toMatchObject({ kind: 'microphone', reason: 'unplugged' });
    expect(sending(OT.objects.publishers[0]).microphone).toBe(changes.at(-1)?.deviceId);
  });

  it('a chosen device unplugged before joining is forgotten: the next join uses the default', async () => {
    const { OT, client, devices, changes } = devicesSetup();
    const stop = devices.watch();
    await run(devices.selectCamera('camera-2'));
    OT.mediaDevices.unplug('camera-2');
    await settle();
    expect(changes.at(-1)).toEqual({
      kind: 'camera',
      deviceId: undefined,
      previous: 'camera-2',
      reason: 'unplugged',
    });
    stop();
    await join(client);
    expect(sending(OT.objects.publishers[0]).camera).toBe('camera-1');
  });

  it('listens for devicechange only while joined or watched, and removes its listener by reference', async () => {
    const { OT, client, devices } = devicesSetup();
    expect(OT.mediaDevices.listenerCount).toBe(0);
    const stop = devices.watch();
    const stopAgain = devices.watch();
    expect(OT.mediaDevices.listenerCount).toBe(1);
    stop();
    stop();
    expect(OT.mediaDevices.listenerCount).toBe(1);
    stopAgain();
    expect(OT.mediaDevices.listenerCount).toBe(0);
    for (let i = 0; i < 50; i++) {
      await join(client);
      expect(OT.mediaDevices.listenerCount).toBe(1);
      await run(devices.selectCamera(i % 2 ? 'camera-1' : 'camera-2'));
      await run(client.leave());
      expect(OT.mediaDevices.listenerCount).toBe(0);
    }
    expect(OT.listenerCount()).toBe(0);
  });

  it('falls back to republishing where the SDK has no setVideoSource', async () => {
    const { OT, client, devices } = devicesSetup();
    await join(client);
    const first = OT.objects.publishers[0] as FakePublisher & { setVideoSource?: unknown };
    Object.defineProperty(first, 'setVideoSource', { value: undefined });
    await run(devices.selectCamera('camera-2'));
    expect(first.destroyed).toBe(true);
    expect(OT.objects.publishers).toHaveLength(2);
    expect(sending(OT.objects.publishers[1]).camera).toBe('camera-2');
    expect(roomSnapshot(client).getSnapshot().local.camera?.status).toBe('published');
  });
});
