// room-client's roomDevices on the emulator's OT in Chromium (fake devices: three cameras,
// fake_device_1 being a depth camera WebRTC does not encode, so the tests use 0 and 2): a camera
// chosen before joining is what the others see, camera and microphone switched in a call keep
// the same stream playing on the other page, and a device "unplugged" (Chromium cannot unplug its
// fake devices: the page hides it from enumerateDevices, ends its track and fires devicechange)
// falls back to another one and says so. Screenshots go to test-results/devices/.
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type Emulator, startEmulator } from '@opentok-rooms/emulator';
import { createRoomServer } from '@opentok-rooms/room-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newMediaContext, skipBrowserTests } from './helpers/chromium.js';
import { waitFor } from './helpers/poll.js';
import { fixture, type StaticServer, startStaticServer } from './helpers/static-server.js';

const require = createRequire(import.meta.url);
const roomClient = join(
  dirname(require.resolve('@opentok-rooms/room-client/package.json')),
  'dist',
  'index.js',
);
const SHOTS = new URL('../test-results/devices/', import.meta.url);
// Each call opens two Chromium pages that exchange real WebRTC media, joins, switches and waits
// for playing video several times in a row: about 20 s on an idle machine, up to two minutes
// when the 2 cores are shared by several browser suites (measured 78-98 s under a load of 57).
const CALL_TEST_MS = 240_000;

interface Device {
  deviceId: string;
  label: string;
  kind: string;
}
interface Listed {
  cameras: Device[];
  microphones: Device[];
}
type PageWindow = Record<string, (...args: never[]) => unknown> & {
  events: Array<Record<string, unknown>>;
};

describe.skipIf(skipBrowserTests)('room-client devices on the emulator in Chromium', () => {
  let emulator: Emulator;
  let site: StaticServer;
  let browser: Browser;
  let rooms: ReturnType<typeof createRoomServer>;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    emulator = await startEmulator();
    rooms = createRoomServer({
      apiKey: emulator.apiKey,
      apiSecret: emulator.apiSecret,
      apiUrl: emulator.url,
    });
    const page = await fixture('devices.html');
    site = await startStaticServer([
      {
        path: '/devices.html',
        contentType: 'text/html; charset=utf-8',
        body: () => page.replace('%OT_SCRIPT%', emulator.scriptUrl),
      },
      {
        path: '/room-client.js',
        contentType: 'text/javascript',
        body: () => readFile(roomClient, 'utf8'),
      },
    ]);
    browser = await launchChromium({ cameras: 3 });
  });

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    // A page error or an unhandled rejection (Playwright's pageerror has both) fails the test.
    expect(pageErrors.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await emulator?.close();
  });

  async function open(): Promise<Page> {
    const context = await newMediaContext(browser);
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${site.url}/devices.html`);
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
    return page;
  }

  const call = <T>(page: Page, name: string, ...args: unknown[]): Promise<T> =>
    page.evaluate(
      ([fn, rest]) =>
        (window as unknown as PageWindow)[fn as string]!(...(rest as never[])) as Promise<T>,
      [name, args] as const,
    ) as Promise<T>;

  const until = <T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string) =>
    waitFor(read, ok, what, 60_000, 200);

  /** Alice (publishing, `camera` chosen before joining) and Bob (receiving) in one room. */
  async function call2(cameraLabel?: string) {
    const name = `devices-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
    const alice = await open();
    const bob = await open();
    const a = await rooms.joinRoom(name, { data: 'name=Alice' });
    const b = await rooms.joinRoom(name, { data: 'name=Bob' });
    const listed = await call<Listed>(alice, 'start', {
      credentials: a,
      name: 'Alice',
      cameraLabel,
    });
    await call(bob, 'start', { credentials: b, name: 'Bob' });
    const streamId = await call<string>(alice, 'join');
    await call(bob, 'join');
    await until(
      () => call<number>(bob, 'playing'),
      (n) => n === 1,
      "Alice's video at Bob's",
    );
    return { alice, bob, listed, streamId };
  }

  const idOf = (listed: Listed, label: string) =>
    listed.cameras.find((device) => device.label === label)?.deviceId as string;

  it('lists the fake devices, with labels once permission was asked for; an unknown device is not_found', async () => {
    const page = await open();
    const listed = await call<Listed>(page, 'start', {
      credentials: await rooms.joinRoom(`devices-${Date.now()}`, { data: 'name=Ada' }),
      name: 'Ada',
    });
    expect(listed.cameras.map((device) => device.label)).toEqual([
      'fake_device_0',
      'fake_device_1',
      'fake_device_2',
    ]);
    expect(listed.cameras.every((device) => device.kind === 'videoInput')).toBe(true);
    expect(listed.microphones.length).toBeGreaterThan(1);
    expect(listed.microphones.every((device) => device.label !== '')).toBe(true);
    expect(await call(page, 'select', 'camera', 'no-such-camera')).toBe('not_found');
    expect(await call(page, 'select', 'microphone', listed.cameras[0]?.deviceId)).toBe('not_found');
  });

  it(
    'a camera chosen before joining is published; switching camera and microphone in the call keeps the stream playing',
    async () => {
      // Device ids differ per browser context: Alice's own list names them.
      const { alice, bob, streamId, listed } = await call2('fake_device_2');
      expect(await call(alice, 'sending')).toMatchObject({ video: 'fake_device_2', streamId });
      await bob.screenshot({ path: new URL('bob-before-switch.png', SHOTS).pathname });

      const camera0 = idOf(listed, 'fake_device_0');
      expect(await call(alice, 'select', 'camera', camera0)).toBeNull();
      const microphone = listed.microphones.at(-1) as Device;
      expect(await call(alice, 'select', 'microphone', microphone.deviceId)).toBeNull();
      expect(await call(alice, 'sending')).toEqual({
        video: 'fake_device_0',
        audio: microphone.label,
        streamId,
      });
      expect(await call(alice, 'snapshotDevices')).toEqual({
        selectedCamera: camera0,
        selectedMicrophone: microphone.deviceId,
      });
      // The same stream, still playing at Bob's (no re-publish, no re-subscribe).
      expect(await call(bob, 'remoteStreams')).toEqual([streamId]);
      await until(
        () => call<number>(bob, 'playing'),
        (n) => n === 1,
        'the video after the switch',
      );
      await alice.screenshot({ path: new URL('alice-after-switch.png', SHOTS).pathname });
      await bob.screenshot({ path: new URL('bob-after-switch.png', SHOTS).pathname });

      // Kept across a re-join.
      await call(alice, 'leave');
      const again = await call<string>(alice, 'join');
      expect(again).not.toBe(streamId);
      expect(await call(alice, 'sending')).toMatchObject({
        video: 'fake_device_0',
        audio: microphone.label,
      });
    },
    CALL_TEST_MS,
  );

  it(
    'the camera and microphone in use unplugged: another takes over, the stream keeps playing, events say why',
    async () => {
      const { alice, bob, streamId, listed } = await call2('fake_device_2');
      const camera2 = idOf(listed, 'fake_device_2');
      const microphone = listed.microphones.at(-1) as Device;
      expect(await call(alice, 'select', 'microphone', microphone.deviceId)).toBeNull();

      await call(alice, 'unplug', camera2);
      await until(
        () => call<{ video?: string }>(alice, 'sending'),
        (sent) => sent.video === 'fake_device_0',
        'the fallback camera',
      );
      await call(alice, 'unplug', microphone.deviceId);
      // The emulator's OT moves to the default microphone itself (as @opentok/client does).
      await until(
        () => call<{ audio?: string }>(alice, 'sending'),
        (sent) => sent.audio !== undefined && sent.audio !== microphone.label,
        'the fallback microphone',
      );
      // room-client announces the microphone once it has listed the devices again (an async
      // enumerateDevices after the SDK's audioInputDeviceChanged), which can be after the switch.
      const events = await until(
        () => alice.evaluate(() => (window as unknown as PageWindow).events),
        (recorded) =>
          recorded.some(
            (event) =>
              event.type === 'activeDeviceChanged' &&
              event.kind === 'microphone' &&
              event.reason === 'unplugged',
          ),
        'the microphone change announced',
      );
      const changes = events.filter((event) => event.type === 'activeDeviceChanged');
      expect(changes.slice(-2)).toEqual([
        {
          type: 'activeDeviceChanged',
          kind: 'camera',
          deviceId: idOf(listed, 'fake_device_0'),
          previous: camera2,
          reason: 'unplugged',
        },
        {
          type: 'activeDeviceChanged',
          kind: 'microphone',
          deviceId: 'default',
          previous: microphone.deviceId,
          reason: 'unplugged',
        },
      ]);
      expect(events.filter((event) => event.type === 'unpublished')).toEqual([]);
      expect(await call(bob, 'remoteStreams')).toEqual([streamId]);
      await until(
        () => call<number>(bob, 'playing'),
        (n) => n === 1,
        'the video after unplugging',
      );
      await bob.screenshot({ path: new URL('bob-after-unplug.png', SHOTS).pathname });
    },
    CALL_TEST_MS,
  );
});
