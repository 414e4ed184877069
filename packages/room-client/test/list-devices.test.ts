// listDevices(): the lobby's list with no room client (fake OT's media devices).
import { describe, expect, it } from 'vitest';
import { listDevices } from '../src/index.js';
import { createFakeOT } from '../src/testing/index.js';

describe('listDevices', () => {
  it('lists cameras and microphones with no room client; labels after permission was asked for', async () => {
    const OT = createFakeOT();
    const before = await listDevices({ mediaDevices: OT.mediaDevices });
    expect(before.cameras.map((d) => d.deviceId)).toEqual(['camera-1', 'camera-2']);
    expect(before.cameras.map((d) => d.label)).toEqual(['', '']);
    expect(before.microphones.map((d) => d.deviceId)).toEqual([
      'default',
      'microphone-1',
      'microphone-2',
    ]);
    const after = await listDevices({ mediaDevices: OT.mediaDevices, requestPermission: true });
    expect(after.cameras.map((d) => [d.label, d.kind])).toEqual([
      ['Fake Camera 1', 'videoInput'],
      ['Fake Camera 2', 'videoInput'],
    ]);
    expect(after.microphones[1]).toMatchObject({ kind: 'audioInput' });
  });

  it('no mediaDevices (a server) is media_unavailable; a refused prompt is media_access_denied', async () => {
    await expect(listDevices()).rejects.toMatchObject({ code: 'media_unavailable' });
    const OT = createFakeOT({ camera: 'denied' });
    await expect(
      listDevices({ mediaDevices: OT.mediaDevices, requestPermission: true }),
    ).rejects.toMatchObject({ code: 'media_access_denied' });
  });
});
