// The fake's media model: each test states one behaviour of the real @opentok/client (screen
// sharing, devices, sources, audio levels) and checks that the fake has it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createFakeOT,
  type FakeEvent,
  type FakeOTError,
  type FakeOTOptions,
  type FakePublisher,
} from '../src/testing/index.js';

const tick = (ms = 10) => vi.advanceTimersByTimeAsync(ms);

async function publishing(options: FakeOTOptions = {}, properties: object = {}) {
  const OT = createFakeOT(options);
  const session = OT.initSession('key', 's1');
  session.connect('token', () => {});
  await tick();
  const log: string[] = [];
  const done = vi.fn();
  const publisher = OT.initPublisher(undefined, properties, done);
  for (const type of [
    'accessDenied',
    'mediaStopped',
    'streamDestroyed',
    'destroyed',
    'audioInputDeviceChanged',
  ]) {
    publisher.on(
      type,
      (
        event: FakeEvent & {
          reason?: string;
          track?: { kind: string };
          device?: { deviceId: string };
        },
      ) =>
        log.push(
          [type, event.reason ?? event.track?.kind ?? event.device?.deviceId]
            .filter(Boolean)
            .join(':'),
        ),
    );
  }
  session.publish(publisher, () => {});
  await tick();
  return { OT, session, publisher, done, log };
}

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: FakeOTError) => error.name,
  );

describe('fake OT media: the real SDK semantics', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("videoSource 'screen' publishes a screen stream; the picker cancelled fails with OT_USER_MEDIA_ACCESS_DENIED and publishes nothing", async () => {
    vi.useFakeTimers();
    const shared = await publishing({}, { videoSource: 'screen' });
    expect(shared.publisher.stream).toMatchObject({
      videoType: 'screen',
      hasAudio: false,
      hasVideo: true,
    });
    expect(shared.publisher.getVideoSource()).toMatchObject({ type: 'screen', deviceId: null });

    const cancelled = await publishing({ screenPicker: 'cancel' }, { videoSource: 'screen' });
    expect(cancelled.done).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'OT_USER_MEDIA_ACCESS_DENIED', code: 1500 }),
    );
    expect(cancelled.publisher.stream).toBeUndefined();
    expect(cancelled.OT.room('s1').streams.size).toBe(0);
    expect(cancelled.log).toEqual(['accessDenied']);

    const unsupported = await publishing(
      { screenSharing: 'unsupported' },
      { videoSource: 'screen' },
    );
    expect(unsupported.done).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'OT_SCREEN_SHARING_NOT_SUPPORTED' }),
    );
    expect(await unsupported.OT.checkScreenSharingCapability()).toMatchObject({
      supported: false,
      supportedSources: {},
    });
    expect(await shared.OT.checkScreenSharingCapability()).toEqual({
      supported: true,
      extensionRequired: undefined,
      extensionRegistered: undefined,
      extensionInstalled: undefined,
      supportedSources: { screen: true, application: false, window: true, browser: true },
    });
  });

  it('screen audio where the user shared it; a custom track publishes videoType custom', async () => {
    vi.useFakeTimers();
    const withAudio = await publishing({ screenAudio: true }, { videoSource: 'screen' });
    expect(withAudio.publisher.stream).toMatchObject({ videoType: 'screen', hasAudio: true });
    const OT = createFakeOT();
    const media = OT.getUserMedia({ audioSource: null });
    await tick();
    const track = (await media).getVideoTracks()[0];
    const custom = await publishing({}, { videoSource: track });
    expect(custom.publisher.stream).toMatchObject({ videoType: 'custom' });
    expect(await rejection(custom.publisher.cycleVideo())).toBe('OT_NOT_SUPPORTED');
    expect(await rejection(custom.publisher.setVideoSource('camera-2'))).toBe(
      'OT_SET_VIDEO_SOURCE_FAILURE',
    );
  });

  it('the browser ends the capture ("Stop sharing"): mediaStopped, streamDestroyed with reason mediaStopped, destroyed', async () => {
    vi.useFakeTimers();
    const { publisher, log, OT } = await publishing({}, { videoSource: 'screen' });
    publisher.endMedia();
    expect(log).toEqual(['mediaStopped', 'streamDestroyed:mediaStopped', 'destroyed']);
    expect(publisher.destroyed).toBe(true);
    expect(OT.room('s1').streams.size).toBe(0);
  });

  it('mediaStopped default-prevented keeps the publisher', async () => {
    vi.useFakeTimers();
    const { publisher } = await publishing({}, { videoSource: 'screen' });
    publisher.on('mediaStopped', (event) => event.preventDefault());
    publisher.endMedia();
    expect(publisher.destroyed).toBe(false);
    expect(publisher.stream).toBeDefined();
  });

  it('device labels are empty until access was granted; plug and unplug fire devicechange', async () => {
    vi.useFakeTimers();
    const OT = createFakeOT();
    expect((await OT.getDevices()).map((device) => device.label)).toEqual(['', '', '', '', '']);
    const publisher = OT.initPublisher();
    await tick();
    expect(publisher.accessAllowed).toBe(true);
    const devices = await OT.getDevices();
    expect(
      devices.filter((device) => device.kind === 'videoInput').map((device) => device.label),
    ).toEqual(['Fake Camera 1', 'Fake Camera 2']);
    const changes = vi.fn();
    OT.mediaDevices.addEventListener('devicechange', changes);
    OT.mediaDevices.plug({ deviceId: 'camera-3', label: 'USB Camera', kind: 'videoInput' });
    expect(changes).not.toHaveBeenCalled(); // asynchronous, as in browsers
    await tick();
    expect(changes).toHaveBeenCalledTimes(1);
    expect((await OT.mediaDevices.enumerateDevices()).at(-1)).toEqual({
      deviceId: 'camera-3',
      label: 'USB Camera',
      kind: 'videoinput',
      groupId: 'camera-3',
    });
    OT.mediaDevices.removeEventListener('devicechange', changes);
    expect(OT.mediaDevices.listenerCount).toBe(0);
    expect(() => OT.mediaDevices.unplug('nope')).toThrow(/no device nope/);
  });

  it('the camera in use unplugged: mediaStopped with its track, the stream goes on; the microphone unplugged: the SDK switches to the default one (audioInputDeviceChanged)', async () => {
    vi.useFakeTimers();
    const { OT, publisher, log } = await publishing({}, { audioSource: 'microphone-2' });
    OT.mediaDevices.unplug('microphone-2');
    expect(log).toEqual(['mediaStopped:audio']);
    await tick();
    expect(log).toEqual(['mediaStopped:audio', 'audioInputDeviceChanged:default']);
    expect((publisher.getAudioSource() as { deviceId: string }).deviceId).toBe('default');
    OT.mediaDevices.unplug('camera-1');
    expect(log.at(-1)).toBe('mediaStopped:video');
    expect(publisher.stream).toBeDefined();
  });

  it('unplugging the only device in use stops the publisher (reason mediaStopped)', async () => {
    vi.useFakeTimers();
    const { OT, log } = await publishing({}, { audioSource: null });
    OT.mediaDevices.unplug('camera-1');
    expect(log).toEqual(['mediaStopped', 'streamDestroyed:mediaStopped', 'destroyed']);
  });

  it('cycleVideo, setVideoSource and setAudioSource with the SDK errors; a missing microphone reverts to the previous one', async () => {
    vi.useFakeTimers();
    const { publisher } = await publishing();
    expect(publisher.getVideoSource().deviceId).toBe('camera-1');
    expect(await publisher.cycleVideo()).toEqual({ deviceId: 'camera-2' });
    expect(await publisher.cycleVideo()).toEqual({ deviceId: 'camera-1' });
    await publisher.setVideoSource('camera-2');
    expect(publisher.getVideoSource()).toMatchObject({ deviceId: 'camera-2', type: 'camera' });
    expect(await rejection(publisher.setVideoSource('microphone-1'))).toBe(
      'OT_INVALID_VIDEO_SOURCE',
    );
    expect(await rejection(publisher.setVideoSource(42 as never))).toBe('OT_INVALID_VIDEO_SOURCE');
    await publisher.setAudioSource('microphone-2');
    expect((publisher.getAudioSource() as { deviceId: string }).deviceId).toBe('microphone-2');
    const failure = await publisher.setAudioSource('gone').catch((error: FakeOTError) => error);
    expect(failure).toMatchObject({
      name: 'OT_CONSTRAINTS_NOT_SATISFIED',
      message: expect.stringMatching(/reverted to previous audio device/),
    });
    expect((publisher.getAudioSource() as { deviceId: string }).deviceId).toBe('microphone-2');
    expect(await rejection(publisher.setAudioSource(42))).toBe('OT_INVALID_PARAMETER');
    const audioOnly = await publishing({}, { audioSource: null });
    expect(await rejection(audioOnly.publisher.setAudioSource('microphone-1'))).toBe(
      'OT_NOT_SUPPORTED',
    );
  });

  it('an unknown camera id fails initPublisher with OT_CONSTRAINTS_NOT_SATISFIED; getUserMedia gives fake tracks', async () => {
    vi.useFakeTimers();
    const { done } = await publishing({}, { videoSource: 'no-such-camera' });
    expect(done).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'OT_CONSTRAINTS_NOT_SATISFIED' }),
    );
    const OT = createFakeOT();
    const media = OT.getUserMedia({ videoSource: 'camera-2' });
    await tick();
    expect((await media).getTracks().map((track) => [track.kind, track.deviceId])).toEqual([
      ['audio', 'default'],
      ['video', 'camera-2'],
    ]);
    const refused = createFakeOT({ camera: 'denied' }).getUserMedia();
    const name = rejection(refused);
    await tick();
    expect(await name).toBe('OT_USER_MEDIA_ACCESS_DENIED');
  });

  it('audio levels are scripted by the test and reach only objects someone listens on', async () => {
    vi.useFakeTimers();
    const { OT, session, publisher } = await publishing();
    const room = OT.room('s1');
    const stream = room.publish(room.join());
    await tick();
    const subscriber = session.subscribe(stream)!;
    await tick();
    expect(OT.setAudioLevel(stream, 0.5)).toBe(0);
    const levels: number[] = [];
    subscriber.on('audioLevelUpdated', (event) => levels.push(event.audioLevel));
    publisher.on('audioLevelUpdated', (event) => levels.push(-event.audioLevel));
    expect(OT.setAudioLevel(stream, 0.5)).toBe(1);
    expect(OT.setAudioLevel(publisher as FakePublisher, 0.25)).toBe(1);
    expect(levels).toEqual([0.5, -0.25]);
    expect(() => OT.setAudioLevel(stream, 2)).toThrow(RangeError);
  });
});
