import { mkdir } from 'node:fs/promises';
import { type Emulator, startEmulator } from '@opentok-rooms/emulator';
import { createRoomServer } from '@opentok-rooms/room-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newMediaContext, skipBrowserTests } from './helpers/chromium.js';
import { sleep, waitFor } from './helpers/poll.js';
import type { PageEvent } from './helpers/room-page.js';
import { fixture, type StaticServer, startStaticServer } from './helpers/static-server.js';

// Pages written the way OpenTok's web samples use the media APIs (fixtures/media.html), on the
// emulator's OT in Chromium: two fake cameras, and a screen picker that picks the tab titled
// "slides" (closing that tab ends the capture for real, as the browser's "Stop sharing" does).

const SHOTS = new URL('../test-results/media/', import.meta.url);

interface MediaPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Runs `fn` in the page (with `window` typed loosely). */
  run<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T>;
  /** Polls the recorded events until `predicate` holds. */
  waitFor(predicate: (events: PageEvent[]) => boolean, what: string): Promise<PageEvent[]>;
  /** Polls a value in the page (`read` runs there, with `arg`) until `predicate` holds. */
  poll<T, A = undefined>(
    read: (arg: A) => T,
    predicate: (value: T) => boolean,
    what: string,
    arg?: A,
  ): Promise<T>;
  errors: string[];
}

/** Polls every 150 ms (the pages' audio levels update every 50 ms). */
const until = <T>(
  read: () => Promise<T>,
  predicate: (value: T) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<T> => waitFor(read, predicate, what, timeoutMs, 150);

describe.skipIf(skipBrowserTests)('the emulated OT media APIs in Chromium', () => {
  let emulator: Emulator;
  let site: StaticServer;
  let browser: Browser;
  let rooms: ReturnType<typeof createRoomServer>;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    emulator = await startEmulator();
    rooms = createRoomServer({
      apiKey: emulator.apiKey,
      apiSecret: emulator.apiSecret,
      apiUrl: emulator.url,
      // These pages test the media APIs on the peer-to-peer path; through the media router a
      // swapped Web Audio track's level has not been seen at the subscriber yet (left open).
      sessionDefaults: { mediaMode: 'relayed' },
    });
    const media = await fixture('media.html');
    const page = { contentType: 'text/html; charset=utf-8' };
    site = await startStaticServer([
      {
        ...page,
        path: '/media.html',
        body: () => media.replace('%OT_SCRIPT%', emulator.scriptUrl),
      },
      {
        // The same page where the browser refuses screen capture: what the picker's Cancel gives.
        ...page,
        path: '/no-screen.html',
        headers: { 'Permissions-Policy': 'display-capture=()' },
        body: () => media.replace('%OT_SCRIPT%', emulator.scriptUrl),
      },
      {
        ...page,
        path: '/slides.html',
        body: () =>
          '<title>slides</title><body style="margin:0;background:#1d4e89;color:#fff;font:bold 160px sans-serif;display:grid;place-items:center;height:100vh">Slides</body>',
      },
    ]);
    // Three fake cameras: fake_device_1 is a Y16 depth camera whose frames WebRTC does not
    // encode (the remote side would freeze for a reason that is not ours), so tests switch
    // between fake_device_0 and fake_device_2.
    browser = await launchChromium({ cameras: 3, captureTabTitled: 'slides' });
  });

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await emulator?.close();
  });

  const open = async (path = '/media.html', context?: BrowserContext): Promise<MediaPage> => {
    const own = context ?? (await newMediaContext(browser));
    if (!context) contexts.push(own);
    const page = await own.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${site.url}${path}`);
    await page.waitForFunction(
      () => typeof (window as unknown as { OT?: unknown }).OT === 'object',
    );
    const helper: MediaPage = {
      page,
      context: own,
      errors,
      run: (fn, arg) => page.evaluate(fn as never, arg) as never,
      waitFor: (predicate, what) =>
        until(
          () => page.evaluate(() => (window as unknown as { events: PageEvent[] }).events.slice()),
          predicate,
          `${what} (page errors: ${JSON.stringify(errors)})`,
        ),
      poll: (read, predicate, what, arg) =>
        until(() => page.evaluate(read as never, arg) as never, predicate, what),
    };
    return helper;
  };

  const connected = async (room: string, path?: string): Promise<MediaPage> => {
    const page = await open(path);
    const result = await page.run(
      (join) =>
        (window as never as { connect(j: unknown): Promise<{ error?: string }> }).connect(join),
      await rooms.joinRoom(room),
    );
    expect(result.error).toBeUndefined();
    return page;
  };

  const remoteFramesGrow = async (page: MediaPage, what: string): Promise<void> => {
    const read = () => (window as never as { remoteFrames(): number[] }).remoteFrames();
    const before = await page.poll(read, (frames) => (frames[0] ?? 0) > 0, `${what}: first frames`);
    await page.poll(
      read,
      (frames) => (frames[0] ?? 0) > (before[0] ?? 0) + 10,
      `${what}: frames keep coming`,
    );
  };

  const shot = (page: MediaPage, name: string) =>
    page.page.screenshot({ path: new URL(name, SHOTS).pathname });

  type W = Window &
    Record<string, never> & {
      publisher: {
        cycleVideo(): Promise<{ deviceId: string }>;
        setVideoSource(id: unknown): Promise<undefined>;
        setAudioSource(source: unknown): Promise<undefined>;
        getVideoSource(): {
          deviceId: string | null;
          type: string | null;
          track: MediaStreamTrack | null;
        };
        getAudioSource(): MediaStreamTrack | null;
        publishAudio(value: boolean): unknown;
        publishVideo(value: boolean): unknown;
        destroy(): unknown;
      };
      publish(properties: object): Promise<{ error?: string; message?: string; streamId?: string }>;
      fillPickers(): Promise<Array<{ kind: string; deviceId: string; label: string }>>;
      toneTrack(gain: number): MediaStreamTrack;
      canvasTrack(color: string): MediaStreamTrack;
      levels: { publisher: number[]; subscribers: Record<string, number[]> };
      listenToPublisherLevels(): void;
      remoteColor(): number[] | null;
      OT: {
        getUserMedia(properties?: object): Promise<MediaStream>;
        checkScreenSharingCapability(): Promise<unknown>;
      };
    };
  // Runs in the page (functions given to `run`/`poll` are serialised): the page defines `w`.
  const w = () => window as unknown as W;

  it('fills a device picker from OT.getDevices and switches cameras while publishing (cycleVideo, setVideoSource); the other side keeps receiving', async () => {
    const room = `devices-${Date.now()}`;
    const alice = await connected(room);
    const bob = await connected(room);
    const devices = await alice.run(() => w().fillPickers());
    const cameras = devices.filter((device) => device.kind === 'videoInput');
    expect(cameras.map((device) => device.label)).toEqual([
      'fake_device_0',
      'fake_device_1',
      'fake_device_2',
    ]);
    expect(devices.some((device) => device.kind === 'audioInput' && device.label !== '')).toBe(
      true,
    );
    expect(new Set(devices.map((device) => device.kind))).toEqual(
      new Set(['audioInput', 'videoInput']),
    );
    expect(await alice.run(() => document.querySelectorAll('#cameras option').length)).toBe(3);

    expect((await alice.run(() => w().publish({}))).error).toBeUndefined();
    await remoteFramesGrow(bob, 'camera');
    const first = await alice.run(() => w().publisher.getVideoSource().deviceId);
    expect(first).toBe(cameras[0]?.deviceId);

    // The sample's picker: choose the last camera while publishing.
    const picked = await alice.run(async () => {
      const select = document.querySelector<HTMLSelectElement>('#cameras')!;
      select.selectedIndex = select.options.length - 1;
      const { publisher } = w();
      const oldTrack = publisher.getVideoSource().track;
      await publisher.setVideoSource(select.value);
      const now = publisher.getVideoSource();
      return {
        chosen: select.value,
        using: now.deviceId,
        type: now.type,
        old: oldTrack?.readyState,
        live: now.track?.readyState,
      };
    });
    expect(picked).toEqual({
      chosen: cameras[2]?.deviceId,
      using: cameras[2]?.deviceId,
      type: 'camera',
      old: 'ended',
      live: 'live',
    });
    // The old camera is stopped: frames that keep coming are the new camera's, through the same
    // peer connection (the track was replaced on its sender, no new stream).
    await remoteFramesGrow(bob, 'after setVideoSource');

    // cycleVideo goes on in enumerateDevices order: after the last camera comes the first.
    const cycled = await alice.run(async () => {
      const result = await w().publisher.cycleVideo();
      return { result: result.deviceId, using: w().publisher.getVideoSource().deviceId };
    });
    expect(cycled).toEqual({ result: first, using: first });
    await remoteFramesGrow(bob, 'after cycleVideo');

    const errors = await alice.run(async () => {
      const name = (promise: Promise<unknown>) =>
        promise.then(
          () => 'resolved',
          (error: { name: string }) => error.name,
        );
      return {
        unknownDevice: await name(w().publisher.setVideoSource('no-such-camera')),
        notAString: await name(w().publisher.setVideoSource(42)),
        gumUnknown: await name(w().OT.getUserMedia({ videoSource: 'no-such-camera' })),
        gumAudioOnly: await w()
          .OT.getUserMedia({ videoSource: null })
          .then((media) => media.getTracks().map((track) => track.kind)),
      };
    });
    expect(errors).toEqual({
      unknownDevice: 'OT_INVALID_VIDEO_SOURCE',
      notAString: 'OT_INVALID_VIDEO_SOURCE',
      gumUnknown: 'OT_CONSTRAINTS_NOT_SATISFIED',
      gumAudioOnly: ['audio'],
    });
    expect(
      (await bob.waitFor((events) => events.length > 0, 'events')).filter(
        (e) => e.type === 'streamDestroyed',
      ),
    ).toEqual([]);
    await shot(alice, 'devices-publisher.png');
    await shot(bob, 'devices-subscriber.png');
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });

  it('setAudioSource takes a Web Audio track and a microphone id; audioLevelUpdated follows on both sides', async () => {
    const room = `audio-${Date.now()}`;
    const alice = await connected(room);
    const bob = await connected(room);
    const published = await alice.run(() =>
      w().publish({ audioSource: w().toneTrack(0), videoSource: null }),
    );
    expect(published.error).toBeUndefined();
    const streamId = published.streamId as string;
    const recent = (id: string) =>
      bob
        .poll(
          () => w().levels.subscribers,
          (levels) => (levels[id]?.length ?? 0) >= 20,
          'subscriber levels',
        )
        .then((levels) => (levels[id] ?? []).slice(-10));
    await bob.waitFor(
      (events) => events.some((e) => e.type === 'subscribed' && !e.error),
      'subscribed',
    );
    expect(Math.max(...(await recent(streamId)))).toBeLessThan(0.02);

    await alice.run(() => w().publisher.setAudioSource(w().toneTrack(0.9)));
    await bob.poll(
      (id) => Math.max(0, ...(w().levels.subscribers[id] ?? []).slice(-5)),
      (level) => level > 0.2,
      'a loud level at the subscriber',
      streamId,
    );
    await alice.run(() => w().listenToPublisherLevels());
    await alice.poll(
      () => Math.max(0, ...w().levels.publisher.slice(-5)),
      (level) => level > 0.2,
      'a loud level at the publisher',
    );

    const microphone = await alice.run(async () => {
      const devices = await w().fillPickers();
      const choice = devices.filter((device) => device.kind === 'audioInput').at(-1)!;
      await w().publisher.setAudioSource(choice.deviceId);
      return {
        chosen: choice.deviceId,
        using: w().publisher.getAudioSource()?.getSettings().deviceId,
      };
    });
    expect(microphone.using).toBe(microphone.chosen);
    const invalid = await alice.run(() =>
      w()
        .publisher.setAudioSource(42)
        .then(
          () => 'resolved',
          (error: { name: string }) => error.name,
        ),
    );
    expect(invalid).toBe('OT_INVALID_PARAMETER');
    await shot(bob, 'audio-subscriber.png');
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });

  it('publishes a canvas track (videoType custom, its colour arrives) and mute changes reach the other side as streamPropertyChanged', async () => {
    const room = `canvas-${Date.now()}`;
    const alice = await connected(room);
    const bob = await connected(room);
    const published = await alice.run(() =>
      w().publish({ videoSource: w().canvasTrack('rgb(220, 30, 30)') }),
    );
    expect(published.error).toBeUndefined();
    const created = await bob.waitFor(
      (events) => events.some((e) => e.type === 'streamCreated'),
      'stream',
    );
    expect(created.find((e) => e.type === 'streamCreated')).toMatchObject({
      videoType: 'custom',
      hasAudio: true,
      hasVideo: true,
    });
    const [red, green, blue] = (await bob.poll(
      () => w().remoteColor(),
      (color) => color !== null && color[0]! > 150,
      'the red canvas at the subscriber',
    )) as number[];
    expect(red).toBeGreaterThan(green! + 80);
    expect(red).toBeGreaterThan(blue! + 80);
    expect(
      await alice.run(() =>
        w()
          .publisher.cycleVideo()
          .then(
            () => 'resolved',
            (error: { name: string }) => error.name,
          ),
      ),
    ).toBe('OT_NOT_SUPPORTED');
    expect(await alice.run(() => w().publisher.getVideoSource().type)).toBe('custom');

    await alice.run(() => {
      w().publisher.publishAudio(false);
      w().publisher.publishVideo(false);
    });
    const changes = (events: PageEvent[]) =>
      events
        .filter((e) => e.type === 'streamPropertyChanged')
        .map(({ changedProperty, newValue }) => ({ changedProperty, newValue }));
    await bob.waitFor((events) => changes(events).length === 2, 'two property changes');
    await alice.run(() => w().publisher.publishVideo(true));
    const all = await bob.waitFor(
      (events) => changes(events).length === 3,
      'three property changes',
    );
    expect(changes(all)).toEqual([
      { changedProperty: 'hasAudio', newValue: false },
      { changedProperty: 'hasVideo', newValue: false },
      { changedProperty: 'hasVideo', newValue: true },
    ]);
    await shot(bob, 'canvas-subscriber.png');
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });

  it('shares a screen: capability, videoType screen, stop from the page, stop when the captured source ends, picker refused', async () => {
    const room = `screen-${Date.now()}`;
    const alice = await connected(room);
    const bob = await connected(room);
    expect(await alice.run(() => w().OT.checkScreenSharingCapability())).toEqual({
      supported: true,
      extensionRequired: undefined,
      extensionRegistered: undefined,
      extensionInstalled: undefined,
      supportedSources: { screen: true, application: false, window: true, browser: true },
    });

    const slides = await alice.context.newPage();
    await slides.goto(`${site.url}/slides.html`);
    expect((await alice.run(() => w().publish({ videoSource: 'screen' }))).error).toBeUndefined();
    await bob.waitFor(
      (events) => events.some((e) => e.type === 'streamCreated' && e.videoType === 'screen'),
      'a screen stream',
    );
    await remoteFramesGrow(bob, 'screen');
    expect(await alice.run(() => w().publisher.getVideoSource())).toMatchObject({
      type: 'screen',
      deviceId: null,
    });
    await shot(bob, 'screen-subscriber.png');

    // Stop from the page.
    await alice.run(() => w().publisher.destroy());
    await bob.waitFor(
      (events) => events.some((e) => e.type === 'streamDestroyed'),
      'the screen stream ends',
    );

    // Stop from the browser: the captured tab goes away, the tracks end by themselves.
    expect((await alice.run(() => w().publish({ videoSource: 'screen' }))).error).toBeUndefined();
    await bob.waitFor(
      (events) => events.filter((e) => e.type === 'streamCreated').length === 2,
      'a second screen stream',
    );
    await slides.close();
    const ended = await alice.waitFor(
      (events) =>
        events.some(
          (e) =>
            e.type === 'publisherDestroyed' &&
            events.filter((x) => x.type === 'publisherDestroyed').length === 2,
        ),
      'the publisher destroyed',
    );
    const lastPublished = ended.map((e) => e.type).lastIndexOf('published');
    const tail = ended.slice(lastPublished);
    expect(
      tail.filter((e) => e.type !== 'published').map(({ at: _at, ...event }) => event),
    ).toEqual([
      { type: 'mediaStopped' },
      { type: 'publisherStreamDestroyed', reason: 'mediaStopped' },
      { type: 'publisherDestroyed' },
    ]);
    const bobs = await bob.waitFor(
      (events) => events.filter((e) => e.type === 'streamDestroyed').length === 2,
      'the second stream ends',
    );
    expect(bobs.filter((e) => e.type === 'streamDestroyed').map((e) => e.reason)).toEqual([
      'clientDisconnected',
      'mediaStopped',
    ]);

    // The picker refused: the real SDK's error, nothing published.
    const carol = await connected(room, '/no-screen.html');
    const refused = await carol.run(() => w().publish({ videoSource: 'screen' }));
    expect(refused.error).toBe('OT_USER_MEDIA_ACCESS_DENIED');
    await sleep(500);
    expect(
      (await bob.waitFor(() => true, 'events')).filter((e) => e.type === 'streamCreated'),
    ).toHaveLength(2);
    expect([...alice.errors, ...bob.errors, ...carol.errors]).toEqual([]);
  });
});
