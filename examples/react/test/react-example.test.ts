// The React example as people use it, in Chromium with real WebRTC on the emulator (StrictMode is
// on in the app): lobby → pre-join → room for two and three people who see each other's video,
// chat, see who speaks, share a screen, mute, turn the camera off and leave; banners for a blocked camera, a refused join and a
// lost connection. Screenshots of every screen at desktop and phone width go to test-results/.
// The last step runs the development build (dist-dev/, React's development build: StrictMode
// really double-mounts there) with two pages, and counts connections, publishers and
// subscriptions on the emulator's side and on the pages, and the remote audio that arrives.
import { execFileSync } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchChromium, skipWithoutChromium } from '@opentok-rooms/browser-testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReactExample } from '../server.mjs';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 800 };

/**
 * Keeps every RTCPeerConnection a page creates in `window.peerConnections` (the idea of e2e's
 * peer-connections helper), so the test can read what arrives without the SDK exposing it.
 */
const WATCH_PEER_CONNECTIONS = `(() => {
  const Native = window.RTCPeerConnection;
  window.peerConnections = [];
  window.RTCPeerConnection = class extends Native {
    constructor(...args) {
      super(...args);
      window.peerConnections.push(this);
    }
  };
})();`;

/** What a page's open peer connections carry: RTP streams by direction and kind, audio received. */
interface MediaCounts {
  open: number;
  inbound: { audio: number; video: number };
  outbound: { audio: number; video: number };
  audio: { packets: number; bytes: number; energy: number };
}

function mediaCounts(page: Page): Promise<MediaCounts> {
  return page.evaluate(async () => {
    const all = (window as unknown as { peerConnections: RTCPeerConnection[] }).peerConnections;
    const open = all.filter((pc) => pc.connectionState !== 'closed');
    const result = {
      open: open.length,
      inbound: { audio: 0, video: 0 },
      outbound: { audio: 0, video: 0 },
      audio: { packets: 0, bytes: 0, energy: 0 },
    };
    for (const pc of open) {
      for (const entry of (await pc.getStats()).values() as Iterable<Record<string, unknown>>) {
        const kind = entry.kind as 'audio' | 'video';
        if (entry.type === 'outbound-rtp') result.outbound[kind]++;
        if (entry.type !== 'inbound-rtp') continue;
        result.inbound[kind]++;
        if (kind === 'audio') {
          result.audio.packets += Number(entry.packetsReceived ?? 0);
          result.audio.bytes += Number(entry.bytesReceived ?? 0);
          result.audio.energy += Number(entry.totalAudioEnergy ?? 0);
        }
      }
    }
    return result;
  });
}

describe.skipIf(skipWithoutChromium('examples/react'))('examples/react in Chromium', () => {
  let example: Awaited<ReturnType<typeof startReactExample>>;
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(here('../dist/index.html'))) {
      execFileSync('pnpm', ['exec', 'vite', 'build'], { cwd: here('..'), stdio: 'inherit' });
    }
    mkdirSync(here('../test-results'), { recursive: true });
    example = await startReactExample({ port: 0, env: {} });
    // Three fake cameras for the device switch (fake_device_1 is a depth camera WebRTC does not
    // encode: the test switches to fake_device_2). The screen picker picks the tab titled "slides".
    browser = await launchChromium({ captureTabTitled: 'slides', cameras: 3 });
  });

  afterAll(async () => {
    await browser?.close();
    await example?.close();
  });

  async function open(
    on: Browser = browser,
    viewport = DESKTOP,
    camera = true,
    path = '/',
    base = example.url,
  ): Promise<Page> {
    const context = await on.newContext({
      permissions: camera ? ['camera', 'microphone'] : [],
      viewport,
    });
    await context.addInitScript(WATCH_PEER_CONNECTIONS);
    // The machine may be busy (several Chromium pages encoding video): generous waits, no sleeps.
    context.setDefaultTimeout(90_000);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) {
        pageErrors.push(message.text());
      }
    });
    await page.goto(`${base}${path}`, { waitUntil: 'domcontentloaded', timeout: 90_000 });
    return page;
  }

  /** Through the lobby and the pre-join screen into `room`. */
  async function enter(name: string, room: string, page?: Page): Promise<Page> {
    const p = page ?? (await open());
    await p.fill('input[name=room]', room);
    await p.click('button:has-text("Continue")');
    await p.waitForSelector('[data-testid=prejoin-room]');
    await p.fill('input[name=name]', name);
    await p.click('button:has-text("Join room")');
    await p.waitForSelector('[data-testid=room-title]');
    return p;
  }

  async function shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: here(`../test-results/${name}.png`) });
  }

  /** Remote videos that play: a size, and time moving on. */
  async function playingRemoteVideos(page: Page): Promise<number> {
    return page.evaluate(async () => {
      const videos = [
        ...document.querySelectorAll<HTMLVideoElement>('.otr-tile:not([data-local]) video'),
      ];
      const before = videos.map((v) => v.currentTime);
      await new Promise((resolve) => setTimeout(resolve, 400));
      return videos.filter((v, i) => v.videoWidth > 0 && v.currentTime > (before[i] ?? 0)).length;
    });
  }

  const stateOf = (page: Page) => page.getAttribute('[data-testid=state]', 'data-state');

  async function tileNames(page: Page): Promise<string[]> {
    return page.$$eval('.otr-tile .otr-tile-name', (names) =>
      names.map((n) => n.textContent ?? ''),
    );
  }

  async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
    const deadline = Date.now() + 120_000;
    while (!(await check())) {
      if (Date.now() > deadline) {
        await Promise.all(
          browser
            .contexts()
            .flatMap((context, c) =>
              context.pages().map((page, i) => shot(page, `failed-${c}-${i}`).catch(() => {})),
            ),
        );
        throw new Error(`timed out waiting for ${what}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** The remote audio arrives and is not silence: packets, bytes and energy grow. */
  async function audioArrives(page: Page): Promise<void> {
    const before = (await mediaCounts(page)).audio;
    await eventually(async () => {
      const now = (await mediaCounts(page)).audio;
      return now.packets > before.packets && now.bytes > before.bytes && now.energy > before.energy;
    }, 'remote audio');
  }

  // One story in steps (each its own test, run in order), so a slow machine gets time per step.
  const room = `demo-${Date.now()}`;
  let lobby: Page;
  let phoneLobby: Page;
  let ada: Page;
  let grace: Page;
  let linus: Page;

  it('lobby and pre-join, at desktop and phone width', async () => {
    lobby = await open();
    await lobby.waitForSelector('[data-testid=no-rooms], [data-testid=room-list]');
    await shot(lobby, 'lobby-desktop');
    phoneLobby = await open(browser, PHONE);
    await phoneLobby.waitForSelector('[data-testid=no-rooms], [data-testid=room-list]');
    await shot(phoneLobby, 'lobby-phone');

    // Pre-join: the camera preview plays, the device pickers list the fake devices.
    await phoneLobby.fill('input[name=room]', room);
    await phoneLobby.click('button:has-text("Continue")');
    await phoneLobby.fill('input[name=name]', 'Grace Hopper');
    await eventually(
      () =>
        phoneLobby.$eval(
          '[data-testid=preview]',
          (v) => (v as HTMLVideoElement).videoWidth > 0 && !(v as HTMLVideoElement).hidden,
        ),
      'the camera preview',
    );
    expect(await phoneLobby.locator('select[name=camera] option').count()).toBeGreaterThan(1);
    await shot(phoneLobby, 'prejoin-phone');
  });

  it('two people see each other, named', async () => {
    ada = await enter('Ada', room, lobby);
    await phoneLobby.click('button:has-text("Join room")');
    grace = phoneLobby;
    await grace.waitForSelector('[data-testid=room-title]');

    for (const page of [ada, grace]) {
      await eventually(async () => (await playingRemoteVideos(page)) === 1, 'the other video');
      await eventually(
        async () => (await page.textContent('[data-testid=count]')) === '2 in the room',
        'a count of 2',
      );
    }
    expect(await tileNames(ada)).toEqual(['Ada (you)', 'Grace Hopper']);
    expect(await tileNames(grace)).toEqual(['Grace Hopper (you)', 'Ada']);
    // The production build: the development-only effect count is not in it.
    expect(await ada.evaluate(() => window.__roomViewEffects)).toBeUndefined();
    for (const page of [ada, grace]) await audioArrives(page);
    await shot(ada, 'room-two-desktop');
    await shot(grace, 'room-two-phone');
  });

  it('a third joins: everyone sees two others, one video per person', async () => {
    linus = await enter('Linus', room);
    for (const page of [ada, grace, linus]) {
      await eventually(async () => (await playingRemoteVideos(page)) === 2, 'two other videos');
      await eventually(
        async () => (await page.textContent('[data-testid=count]')) === '3 in the room',
        'a count of 3',
      );
    }
    expect(
      await linus.$$eval('[data-testid=people] .person-name', (n) => n.map((x) => x.textContent)),
    ).toEqual(['Linus (you)', 'Ada', 'Grace Hopper']);
    // Each page has exactly one video per person (no duplicate subscription under StrictMode).
    for (const page of [ada, grace, linus])
      expect(await page.locator('.otr-tile video').count()).toBe(3);
    await shot(linus, 'room-three-desktop');
  });

  it("the active speaker is highlighted on the tiles (Chromium's fake microphone beeps)", async () => {
    // Everyone's fake microphone beeps: at some point each page highlights someone who speaks.
    for (const page of [ada, grace, linus]) {
      await eventually(
        async () => (await page.locator('.otr-tile[data-speaking]').count()) === 1,
        'a speaking tile',
      );
    }
    await shot(ada, 'room-speaking-desktop');
  });

  it("a shared screen comes first on the others' pages, and stops", async () => {
    const slides = await ada.context().newPage();
    await slides.setContent(
      '<title>slides</title><body style="margin:0;background:#1d4e89;color:#fff;font:bold 160px sans-serif;display:grid;place-items:center;height:100vh">Slides</body>',
    );
    await ada.bringToFront();
    await ada.click('[data-testid=share-screen]');
    await eventually(
      async () => (await ada.textContent('[data-testid=share-screen]')) === 'Stop sharing',
      'the share to start',
    );
    for (const page of [grace, linus]) {
      await eventually(
        () =>
          page.$eval('.otr-grid', (grid) => {
            const first = grid.querySelector<HTMLElement>('.otr-tile');
            const video = first?.querySelector('video');
            return (
              grid.getAttribute('data-layout') === 'spotlight' &&
              first?.dataset.source === 'screen' &&
              first.textContent?.includes('Ada (screen)') === true &&
              (video?.videoWidth ?? 0) > 0
            );
          }),
        "Ada's screen first and playing",
      );
    }
    expect(await ada.getAttribute('.otr-grid .otr-tile', 'data-source')).toBe('screen');
    await shot(grace, 'room-screen-phone');
    await shot(linus, 'room-screen-desktop');
    await shot(ada, 'room-sharing-desktop');

    await ada.click('[data-testid=share-screen]');
    for (const page of [ada, grace, linus]) {
      await eventually(
        async () => (await page.locator('.otr-tile[data-source=screen]').count()) === 0,
        'the screen tile gone',
      );
    }
    expect(await ada.textContent('[data-testid=share-screen]')).toBe('Share screen');
    await slides.close();
  });

  it('chat over signals, with unread badges', async () => {
    await ada.click('[data-testid=chat-toggle]');
    await ada.fill('input[name=chat]', 'Hello, both of you!');
    await ada.press('input[name=chat]', 'Enter');
    for (const page of [grace, linus]) {
      await eventually(
        async () => (await page.textContent('[data-testid=chat-toggle]'))?.includes('1') ?? false,
        'an unread badge',
      );
      await page.click('[data-testid=chat-toggle]');
      await page.waitForSelector('[data-testid=chat-lines] li');
      expect(await page.textContent('[data-testid=chat-lines] li')).toBe('AdaHello, both of you!');
    }
    await grace.fill('input[name=chat]', 'Hi Ada');
    await grace.press('input[name=chat]', 'Enter');
    await eventually(
      async () => (await ada.locator('[data-testid=chat-lines] li').count()) === 2,
      'the reply',
    );
    await shot(ada, 'room-chat-desktop');
    await shot(grace, 'room-chat-phone');
  });

  it('switches camera and microphone in the call from the Devices panel; the others keep receiving', async () => {
    await ada.click('[data-testid=devices-toggle]');
    await ada.waitForSelector('[data-testid=devices]');
    const options = async (name: string) =>
      ada.$$eval(`[data-testid=devices] select[name=${name}] option`, (all) =>
        all.map((o) => ({ value: (o as HTMLOptionElement).value, label: o.textContent ?? '' })),
      );
    await eventually(async () => (await options('camera')).length >= 3, 'three cameras listed');
    const camera = (await options('camera')).find((o) => o.label === 'fake_device_2');
    const microphone = (await options('microphone')).filter((o) => o.value).at(-1);
    expect(camera).toBeDefined();
    expect(microphone?.label).not.toBe('');
    /** The tracks Ada's own tile shows: what her publisher sends. */
    const sending = () =>
      ada.$eval('.otr-tile[data-local] video', (v) => {
        const media = (v as HTMLVideoElement).srcObject as MediaStream | null;
        return {
          video: media?.getVideoTracks()[0]?.label,
          audio: media?.getAudioTracks()[0]?.label,
        };
      });
    expect((await sending()).video).toBe('fake_device_0');
    const streamsBefore = await grace.locator('.otr-tile:not([data-local]) video').count();

    await ada.selectOption('[data-testid=devices] select[name=camera]', camera?.value ?? '');
    await eventually(async () => (await sending()).video === 'fake_device_2', 'the new camera');
    await ada.selectOption(
      '[data-testid=devices] select[name=microphone]',
      microphone?.value ?? '',
    );
    await eventually(
      async () => (await sending()).audio === microphone?.label,
      'the new microphone',
    );
    expect(await ada.inputValue('[data-testid=devices] select[name=camera]')).toBe(camera?.value);
    expect(await ada.locator('[data-testid=devices-error]').count()).toBe(0);
    // Switched in place: the same stream (no new tile, no re-subscription) keeps playing.
    for (const page of [grace, linus]) {
      await eventually(async () => (await playingRemoteVideos(page)) === 2, 'both videos playing');
      expect(await page.locator('.otr-tile:not([data-local]) video').count()).toBe(streamsBefore);
    }
    await shot(ada, 'room-devices-desktop');
    await shot(grace, 'room-after-switch-phone');
  });

  it('mute and camera off show as icons and initials to the others', async () => {
    // Grace mutes and turns her camera off: the others see the icon and her initials.
    await grace.click('[data-testid=mic]');
    await grace.click('[data-testid=camera]');
    for (const page of [ada, linus]) {
      await eventually(
        () =>
          page.$$eval('.otr-tile', (tiles) =>
            tiles.some(
              (t) =>
                t.textContent?.includes('Grace Hopper') &&
                t.hasAttribute('data-audio-off') &&
                t.hasAttribute('data-video-off') &&
                t.querySelector('.otr-tile-avatar')?.textContent === 'GH',
            ),
          ),
        'Grace muted with her initials',
      );
    }
    await ada.click('[data-testid=chat-toggle]'); // back to the people list
    await ada.click('button:has-text("People")');
    await shot(ada, 'room-muted-desktop');
    await shot(grace, 'room-muted-phone');
  });

  it('a leave: the others see two people, the lobby lists the room', async () => {
    // Linus leaves: the others see two people, and he is back in the lobby with the room listed.
    await linus.click('[data-testid=leave]');
    await linus.waitForSelector('[data-testid=room-list]');
    for (const page of [ada, grace]) {
      await eventually(
        async () => (await page.textContent('[data-testid=count]')) === '2 in the room',
        'a count of 2 after the leave',
      );
      await eventually(async () => (await page.locator('.otr-tile').count()) === 2, 'two tiles');
    }
    await eventually(
      async () =>
        (await linus.textContent(`[data-room="${room}"] [data-testid=room-count]`)) === '2 people',
      'the lobby count',
    );
    await shot(linus, 'lobby-with-room-desktop');
    expect(pageErrors).toEqual([]);
    for (const page of new Set([ada, grace, linus, lobby])) await page.context().close();
  });

  it('shows banners for a blocked camera, a refused join and a lost connection', async () => {
    const room = `banners-${Date.now()}`;
    const strict = await launchChromium({ mediaPrompt: 'block' });
    try {
      const blocked = await open(strict, DESKTOP, false);
      await blocked.fill('input[name=room]', room);
      await blocked.click('button:has-text("Continue")');
      await blocked.waitForSelector('[data-testid=camera-banner]');
      await blocked.fill('input[name=name]', 'Mallory');
      await shot(blocked, 'prejoin-blocked-desktop');
      await blocked.click('button:has-text("Join room")');
      await eventually(
        async () =>
          /receive-only/.test(
            (await blocked.textContent('[data-testid=banner]').catch(() => '')) ?? '',
          ),
        'the blocked-camera banner',
      );
      await eventually(
        async () => (await stateOf(blocked)) === 'connected',
        'connected receive-only',
      );
      await shot(blocked, 'room-blocked-desktop');
    } finally {
      await strict.close();
    }

    // An address with a room name the server refuses: back in the lobby, with the reason.
    const refused = await open(browser, PHONE, true, '/r/not%20a%20room');
    await refused.fill('input[name=name]', 'Eve');
    await refused.click('button:has-text("Join room")');
    await eventually(
      async () =>
        /Could not join/.test(
          (await refused.textContent('[data-testid=notice]').catch(() => '')) ?? '',
        ),
      'the refused-join banner',
    );
    expect(await refused.isVisible('input[name=room]')).toBe(true);
    await shot(refused, 'lobby-refused-phone');

    // The emulator drops a page's socket: "Reconnecting…" shows, then clears when it is back.
    const ada = await enter('Ada', room);
    await eventually(async () => (await stateOf(ada)) === 'connected', 'connected');
    const { rooms } = (await (await fetch(`${example.url}/api/rooms`)).json()) as {
      rooms: Array<{ name: string; sessionId: string }>;
    };
    const sessionId = rooms.find((r) => r.name === room)!.sessionId;
    // Published too (a drop while the publish is under way fails it: a receive-only banner stays).
    await eventually(
      async () => (await listStreams(example.emulator!, sessionId)).length === 1,
      'her stream published',
    );
    const own = example
      .emulator!.connections(sessionId)
      .find((c) => c.data === JSON.stringify({ name: 'Ada' }))!;
    // The network stays down 3 s (the page's next socket is held that long): the reconnect on
    // loopback otherwise takes milliseconds, and a poll may never see the banner.
    example.emulator!.connectStalls.next({ at: 'socket', ms: 3000 });
    expect(example.emulator!.dropClient(own.connectionId)).toBe(true);
    await eventually(
      async () =>
        /Reconnecting/.test((await ada.textContent('[data-testid=banner]').catch(() => '')) ?? ''),
      'the reconnecting banner',
    );
    await shot(ada, 'room-reconnecting-desktop');
    await eventually(
      async () =>
        (await stateOf(ada)) === 'connected' &&
        (await ada.locator('[data-testid=banner]').count()) === 0,
      'back, banner gone',
    );
    expect(pageErrors).toEqual([]);
  });

  it('StrictMode in the development build: two pages end with one connection, one publisher and one subscription each, and hear each other', async () => {
    const started = Date.now();
    if (!existsSync(here('../dist-dev/index.html'))) {
      execFileSync('pnpm', ['exec', 'vite', 'build', '--mode', 'development'], {
        cwd: here('..'),
        stdio: 'inherit',
      });
    }
    const dev = await startReactExample({ port: 0, env: {}, development: true });
    try {
      const room = `strict-${Date.now()}`;
      const names = ['Ada', 'Grace Hopper'];
      const pages = await Promise.all(
        names.map(async (name) =>
          enter(name, room, await open(browser, DESKTOP, true, '/', dev.url)),
        ),
      );
      for (const page of pages) {
        await eventually(async () => (await playingRemoteVideos(page)) === 1, 'the other video');
        await eventually(
          async () => (await page.textContent('[data-testid=count]')) === '2 in the room',
          'a count of 2',
        );
        // React's development build ran the room screen's effects mount, cleanup, mount
        // (the count exists only where process.env.NODE_ENV is not 'production').
        expect(await page.evaluate(() => window.__roomViewEffects)).toEqual({
          mounts: 2,
          cleanups: 1,
        });
      }
      for (const page of pages) await audioArrives(page);

      // The emulator's side: one connection per person, one stream (publisher) each, and the
      // media router feeds one subscriber downstream per person (each receives the other).
      const { rooms } = (await (await fetch(`${dev.url}/api/rooms`)).json()) as {
        rooms: Array<{ name: string; sessionId: string }>;
      };
      const sessionId = rooms.find((r) => r.name === room)!.sessionId;
      const emulator = dev.emulator!;
      const connections = emulator.connections(sessionId);
      expect(connections.map((c) => JSON.parse(c.data).name).sort()).toEqual(names);
      expect(connections.every((c) => c.online)).toBe(true);
      const streams = await listStreams(emulator, sessionId);
      expect(streams.map((s) => s.name).sort()).toEqual(names);
      expect(emulator.media.forwardedStreams(sessionId)).toBe(2);
      const [stats] = emulator.media.stats(sessionId);
      expect(stats?.upstreams).toHaveLength(2);
      expect(stats?.downstreams).toHaveLength(2);

      // The pages' side: two tiles (you and the other), one peer connection up to the router
      // with one audio and one video, one down with the other's audio and video.
      for (const page of pages) {
        expect(await page.locator('.otr-tile video').count()).toBe(2);
        expect(await page.locator('.otr-tile:not([data-local])').count()).toBe(1);
        const media = await mediaCounts(page);
        expect(media.open).toBe(2);
        expect(media.outbound).toEqual({ audio: 1, video: 1 });
        expect(media.inbound).toEqual({ audio: 1, video: 1 });
      }
      await shot(pages[0]!, 'strict-dev-ada-desktop');
      await shot(pages[1]!, 'strict-dev-grace-desktop');
      expect(pageErrors).toEqual([]);
      for (const page of pages) await page.context().close();
      console.log(`development-build StrictMode scenario: ${Date.now() - started} ms`);
    } finally {
      await dev.close();
    }
  });
});

/** The session's streams as the OpenTok REST API lists them (`GET …/session/{id}/stream`). */
async function listStreams(
  emulator: { url: string; apiKey: string; apiSecret: string },
  sessionId: string,
): Promise<Array<{ id: string; name: string }>> {
  const base64url = (value: string) => Buffer.from(value).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const body = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(
    JSON.stringify({
      iss: emulator.apiKey,
      ist: 'project',
      iat: now,
      exp: now + 300,
      jti: randomUUID(),
    }),
  )}`;
  const jwt = `${body}.${createHmac('sha256', emulator.apiSecret).update(body).digest('base64url')}`;
  const response = await fetch(
    `${emulator.url}/v2/project/${emulator.apiKey}/session/${sessionId}/stream`,
    { headers: { 'X-OPENTOK-AUTH': jwt } },
  );
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: Array<{ id: string; name: string }> }).items;
}
