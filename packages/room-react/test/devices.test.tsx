// @vitest-environment jsdom
// useDevices against room-client on the fake OT: the list on mount (labels after permission),
// a camera and microphone switched in the call (the same publisher), a device plugged in and the
// camera in use unplugged, typed errors, render counts and no devicechange listener after unmount.
import type { RoomClient } from '@opentok-rooms/room-client';
import { roomSnapshot } from '@opentok-rooms/room-client';
import type { FakeOT, FakePublisher } from '@opentok-rooms/room-client/testing';
import { act, cleanup, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Devices, Room, useDevices, useRoom, useRoomCounts } from '../src/index.js';
import { credentialsFor, fakeOT, until } from './helpers.js';

afterEach(cleanup);

const renders: Record<string, number> = {};
let devices: Devices | undefined;
let client: RoomClient | undefined;

function DevicesProbe({ requestPermission }: { requestPermission?: boolean }): ReactNode {
  devices = useDevices({ requestPermission });
  client = useRoom();
  renders.devices = (renders.devices ?? 0) + 1;
  return null;
}
function CountsProbe(): ReactNode {
  useRoomCounts();
  renders.counts = (renders.counts ?? 0) + 1;
  return null;
}

beforeEach(() => {
  for (const key of Object.keys(renders)) delete renders[key];
  devices = undefined;
  client = undefined;
});

const camera = (OT: FakeOT) =>
  (OT.objects.publishers[0] as FakePublisher).getVideoSource().deviceId;
const microphone = (OT: FakeOT) =>
  ((OT.objects.publishers[0] as FakePublisher).getAudioSource() as { deviceId?: string }).deviceId;

function mount(OT: FakeOT, connect = true, requestPermission = true) {
  return render(
    <Room
      room="s1"
      OT={OT}
      mediaDevices={OT.mediaDevices}
      credentials={credentialsFor('s1')}
      connect={connect}
    >
      <DevicesProbe requestPermission={requestPermission} />
      <CountsProbe />
    </Room>,
  );
}

describe('useDevices', () => {
  it('lists devices with labels on mount and chooses a camera before joining', async () => {
    const OT = fakeOT();
    const view = mount(OT, false);
    await until(() => (devices?.cameras.length ?? 0) === 2, 'the camera list');
    expect(devices?.cameras.map((d) => d.label)).toEqual(['Fake Camera 1', 'Fake Camera 2']);
    expect(OT.mediaDevices.listenerCount).toBe(1); // watching on the pre-join screen
    await act(async () => {
      expect(await devices?.selectCamera('camera-2')).toBeUndefined();
    });
    expect(devices?.selectedCamera).toBe('camera-2');
    view.rerender(
      <Room room="s1" OT={OT} mediaDevices={OT.mediaDevices} credentials={credentialsFor('s1')}>
        <DevicesProbe requestPermission />
        <CountsProbe />
      </Room>,
    );
    await until(
      () => (client && roomSnapshot(client).getSnapshot())?.local.camera?.status === 'published',
      'published',
    );
    expect(camera(OT)).toBe('camera-2');
    view.unmount();
    await until(() => OT.mediaDevices.listenerCount === 0, 'the devicechange listener removed');
    expect(OT.listenerCount()).toBe(0);
  });

  it('switches camera and microphone in a call; only the devices hook re-renders', async () => {
    const OT = fakeOT();
    mount(OT);
    await until(
      () => (client && roomSnapshot(client).getSnapshot())?.local.camera?.status === 'published',
      'published',
    );
    await until(() => (devices?.microphones.length ?? 0) === 3, 'the microphone list');
    const counts = renders.counts;
    const before = renders.devices ?? 0;
    const { selectCamera, selectMicrophone } = devices as Devices;
    await act(async () => {
      await selectCamera('camera-2');
      await selectMicrophone('microphone-2');
    });
    expect([camera(OT), microphone(OT)]).toEqual(['camera-2', 'microphone-2']);
    expect(OT.objects.publishers).toHaveLength(1);
    expect(devices).toMatchObject({
      selectedCamera: 'camera-2',
      selectedMicrophone: 'microphone-2',
    });
    expect(devices?.selectCamera).toBe(selectCamera); // stable for the room
    expect(renders.counts).toBe(counts);
    // One render per change (two), at most one more from React settling the unchanged error state.
    const extra = (renders.devices ?? 0) - before;
    expect(extra).toBeGreaterThanOrEqual(2);
    expect(extra).toBeLessThanOrEqual(3);
  });

  it('follows a camera plugged in, and the one in use unplugged', async () => {
    const OT = fakeOT();
    mount(OT);
    await until(
      () => (client && roomSnapshot(client).getSnapshot())?.local.camera?.status === 'published',
      'published',
    );
    await until(() => (devices?.cameras.length ?? 0) === 2, 'the camera list');
    act(() => OT.mediaDevices.plug({ deviceId: 'camera-3', label: 'USB', kind: 'videoInput' }));
    await until(() => devices?.cameras.length === 3, 'the plugged camera');
    act(() => OT.mediaDevices.unplug('camera-1'));
    await until(() => devices?.selectedCamera === 'camera-2', 'the fallback camera');
    expect(camera(OT)).toBe('camera-2');
    expect(devices?.cameras.map((d) => d.deviceId)).toEqual(['camera-2', 'camera-3']);
  });

  it('reports errors without rejecting: denied permission, a device in use, an unknown one', async () => {
    const OT = fakeOT();
    OT.configure({ camera: 'denied' });
    mount(OT, false);
    await until(() => devices?.error?.code === 'media_access_denied', 'the denied error');
    OT.configure({ camera: 'granted' });
    await act(async () => {
      expect(await devices?.refresh({ requestPermission: true })).toBeUndefined();
    });
    expect(devices?.error).toBeUndefined();
    await act(async () => {
      expect((await devices?.selectMicrophone('nope'))?.code).toBe('not_found');
    });
    expect(devices?.error?.code).toBe('not_found');
  });
});
