// The example as a person uses it: two Chromium pages join one room through the lobby, see each
// other's video and a count of 1; one leaves and the other shows 0.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchChromium, skipWithoutChromium } from '@opentok-rooms/browser-testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBasicExample } from '../server.mjs';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Once per account kind the emulator can act as: the same app, unchanged, on either.
const ACCOUNTS = ['opentok', 'vonage'] as const;
const eachAccount = describe.skipIf(skipWithoutChromium('examples/basic')).each(ACCOUNTS);
eachAccount('examples/basic in Chromium, emulator as %s account', (account) => {
  let example: Awaited<ReturnType<typeof startBasicExample>>;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(here('../dist/index.html'))) {
      execFileSync('pnpm', ['exec', 'vite', 'build'], { cwd: here('..'), stdio: 'inherit' });
    }
    example = await startBasicExample({ port: 0, env: {}, emulatorAccount: account });
    expect(example.emulator?.account).toBe(account);
    browser = await launchChromium();
  });

  // Uncaught errors and unhandled rejections (Playwright's pageerror has both) of every page.
  const pageErrors: string[] = [];
  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await example?.close();
  });

  async function joinThroughLobby(
    name: string,
    room: string,
    on: Browser = browser,
    camera = true,
  ): Promise<Page> {
    const context = await on.newContext({
      permissions: camera ? ['camera', 'microphone'] : [],
      viewport: { width: 1100, height: 760 },
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${name}: ${error.message}`));
    await page.goto(example.url);
    await page.fill('#name', name);
    await page.fill('#room', room);
    await page.click('button[type=submit]');
    return page;
  }

  /** Remote videos in the grid that play: a size, and time moving on. */
  async function playingRemoteVideos(page: Page): Promise<number> {
    return page.evaluate(async () => {
      const videos = [...document.querySelectorAll<HTMLVideoElement>('#grid video')];
      const before = videos.map((v) => v.currentTime);
      await new Promise((resolve) => setTimeout(resolve, 400));
      return videos.filter((v, i) => v.videoWidth > 0 && v.currentTime > (before[i] ?? 0)).length;
    });
  }

  async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  it('two people in one room see each other, count each other, and see a leave', async () => {
    const room = `demo-${Date.now()}`;
    const ada = await joinThroughLobby('Ada', room);
    const grace = await joinThroughLobby('Grace', room);
    await ada.waitForSelector('#room-view:not([hidden])');
    await grace.waitForSelector('#room-view:not([hidden])');

    for (const page of [ada, grace]) {
      await eventually(async () => (await page.textContent('#count')) === '1', 'a count of 1');
      await eventually(
        async () => (await playingRemoteVideos(page)) === 1,
        'the other person’s video playing',
      );
      expect(await page.locator('#me video').count()).toBe(1);
      expect(await page.isHidden('#banner')).toBe(true);
      expect(await page.isHidden('#lobby')).toBe(true);
    }
    mkdirSync(here('../test-results'), { recursive: true });
    await ada.screenshot({ path: here(`../test-results/room-${account}.png`) });
    expect(existsSync(here(`../test-results/room-${account}.png`))).toBe(true);

    await grace.click('#leave');
    await grace.waitForSelector('#lobby:not([hidden])');
    expect(await grace.isVisible('#lobby')).toBe(true);
    expect(await grace.isHidden('#room-view')).toBe(true);
    await eventually(
      async () => (await ada.textContent('#count')) === '0',
      'a count of 0 after the leave',
    );
    await eventually(
      async () => (await ada.locator('#grid video').count()) === 0,
      'the remote video gone',
    );
  });

  it('shows banners for a blocked camera, a refused join and a lost connection', async () => {
    const room = `banners-${Date.now()}`;
    // A browser that does not auto-accept the camera prompt, and a page without camera permission.
    const strict = await launchChromium({ mediaPrompt: 'block' });
    try {
      const blocked = await joinThroughLobby('Mallory', room, strict, false);
      await blocked.waitForSelector('#room-view:not([hidden])');
      await eventually(
        async () =>
          (await blocked.isVisible('#banner')) &&
          /receive-only/.test((await blocked.textContent('#banner')) ?? ''),
        'the blocked-camera banner',
      );
      expect(await blocked.textContent('#banner')).toContain('Camera or microphone blocked');
      expect(await blocked.textContent('#state')).toBe('connected');
    } finally {
      await strict.close();
    }

    // A name the server refuses (only spaces): the join is refused, the lobby comes back with a banner.
    const refused = await joinThroughLobby('   ', room);
    await eventually(
      async () => /Could not join/.test((await refused.textContent('#banner')) ?? ''),
      'the refused-join banner',
    );
    expect(await refused.isVisible('#lobby')).toBe(true);

    // The emulator drops a page's socket: "Reconnecting…" shows, then clears when it is back.
    const ada = await joinThroughLobby('Ada', room);
    await ada.waitForSelector('#room-view:not([hidden])');
    await eventually(async () => (await ada.textContent('#state')) === 'connected', 'connected');
    type Listed = { name: string; sessionId: string; streamCount: number };
    const listed = async (): Promise<Listed | undefined> => {
      const { rooms } = (await (await fetch(`${example.url}/api/rooms`)).json()) as {
        rooms: Listed[];
      };
      return rooms.find((r) => r.name === room);
    };
    // Published too (the lobby's count comes from the emulator's webhooks): a drop while the
    // publish is under way fails it, and the receive-only banner stays instead.
    await eventually(async () => (await listed())?.streamCount === 1, 'her stream published');
    const connections = example.emulator!.connections((await listed())!.sessionId);
    const own = connections.find((c) => c.data === JSON.stringify({ name: 'Ada' }))!;
    // The network stays down 3 s (the page's next socket is held that long): the reconnect on
    // loopback otherwise takes milliseconds, and a poll may never see the banner.
    example.emulator!.connectStalls.next({ at: 'socket', ms: 3000 });
    expect(example.emulator!.dropClient(own.connectionId)).toBe(true);
    await eventually(
      async () => /Reconnecting/.test((await ada.textContent('#banner')) ?? ''),
      'the reconnecting banner',
    );
    await eventually(
      async () =>
        (await ada.textContent('#state')) === 'connected' && (await ada.isHidden('#banner')),
      'back, banner gone',
    );
  });
});
