// The Next.js example as a user runs it: `next start` on the production build, and `next dev` (its
// StrictMode mounts, unmounts and mounts every component), against the emulator. The server-rendered
// HTML is the room's idle markup with no server error; two Chromium pages see each other's video;
// each page ends with one connection and one video per person; leaving (a client-side navigation)
// leaves the room. Screenshots go to test-results/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { launchChromium, skipWithoutChromium } from '@opentok-rooms/browser-testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNextExample } from '../run.mjs';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Errors Next.js or React print on the server: a render that touched `window`, a failed route. */
const SERVER_ERROR =
  /window is not defined|document is not defined|ReferenceError|TypeError|⨯|Error:/;

// `next dev` is the only run where React's StrictMode double-mounts in a real browser (production
// builds skip it). It compiles each page on first load, minutes of CPU on 2 shared cores beside the
// other projects, so the default run is the production server; NEXTJS_EXAMPLE_MODES=start,dev adds it.
const MODES = (process.env.NEXTJS_EXAMPLE_MODES ?? 'start')
  .split(',')
  .filter((mode): mode is 'start' | 'dev' => mode === 'start' || mode === 'dev');

for (const mode of MODES) {
  describe.skipIf(skipWithoutChromium('examples/nextjs'))(`examples/nextjs: next ${mode}`, () => {
    let example: Awaited<ReturnType<typeof startNextExample>>;
    let browser: Browser;
    let serverOutput = '';
    const pageErrors: string[] = [];
    const room = `next-${mode}-${Date.now()}`;
    let ada: Page;
    let grace: Page;

    beforeAll(async () => {
      if (mode === 'start' && !existsSync(here('../.next/BUILD_ID'))) {
        execFileSync('pnpm', ['run', 'build'], { cwd: here('..'), stdio: 'inherit' });
      }
      mkdirSync(here('../test-results'), { recursive: true });
      example = await startNextExample({
        mode,
        port: await freePort(),
        env: { PATH: process.env.PATH },
        onOutput: (text) => {
          serverOutput += text;
        },
      });
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
      await example?.close();
      if (serverOutput.trim()) console.log(`next ${mode} printed:\n${serverOutput}`);
    });

    async function open(name: string): Promise<Page> {
      const context = await browser.newContext({
        permissions: ['camera', 'microphone'],
        viewport: { width: 1280, height: 800 },
      });
      // The machine may be busy (other tests, video encoding, `next dev` compiling): generous waits.
      context.setDefaultTimeout(120_000);
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(`${name}: ${error.message}`));
      page.on('console', (message) => {
        // A failed request is recorded below with its URL (the console line has none).
        if (message.type() === 'error' && !/^Failed to load resource/.test(message.text())) {
          pageErrors.push(`${name}: ${message.text()}`);
        }
      });
      page.on('response', (response) => {
        if (response.status() >= 400) {
          pageErrors.push(
            `${name}: ${response.status()} ${response.request().method()} ${response.url()}`,
          );
        }
      });
      await page.goto(`${example.url}/rooms/${room}?name=${encodeURIComponent(name)}`, {
        timeout: 120_000,
      });
      return page;
    }

    async function shot(page: Page, name: string): Promise<void> {
      await page.screenshot({ path: here(`../test-results/${mode}-${name}.png`) });
    }

    async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
      const deadline = Date.now() + 120_000;
      while (!(await check())) {
        if (Date.now() > deadline) {
          await Promise.all(
            [ada, grace].map((p, i) => p && shot(p, `failed-${i}`).catch(() => {})),
          );
          throw new Error(`timed out waiting for ${what}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }

    /** Remote videos that play: a size, and time moving on. */
    const playingRemoteVideos = (page: Page): Promise<number> =>
      page.evaluate(async () => {
        const videos = [
          ...document.querySelectorAll<HTMLVideoElement>('.otr-tile:not([data-local]) video'),
        ];
        const before = videos.map((v) => v.currentTime);
        await new Promise((resolve) => setTimeout(resolve, 400));
        return videos.filter((v, i) => v.videoWidth > 0 && v.currentTime > (before[i] ?? 0)).length;
      });

    const tileNames = (page: Page): Promise<string[]> =>
      page.$$eval('.otr-tile .otr-tile-name', (names) => names.map((n) => n.textContent ?? ''));

    const connections = (): number => {
      const sessions = example.emulator!.sessions();
      return sessions.length === 1
        ? example.emulator!.connections(sessions[0]!.sessionId).length
        : -1;
    };

    it('the server renders the idle room: placeholders, no server error, no browser global', async () => {
      const response = await fetch(`${example.url}/rooms/${room}?name=Ada`);
      const html = await response.text();
      expect(response.status).toBe(200);
      expect(html).toContain('data-testid="room-title"');
      // <Room>, <VideoGrid> and the local tile were rendered on the server, not left to the browser.
      expect(html).toMatch(/class="otr-grid[^"]*"/);
      expect(html).toMatch(/<div[^>]*class="otr-tile[^"]*"[^>]*data-local/);
      expect(html).toContain('Ada (you)');
      expect(html).toContain('data-state="idle"');
      expect(html).not.toContain('BAILOUT_TO_CLIENT_SIDE_RENDERING');
      // The emulator's SDK is loaded before hydration (the server chose it from its environment).
      expect(html).toContain(example.emulator!.scriptUrl);
      expect(serverOutput).not.toMatch(SERVER_ERROR);
      // Nothing joined on the server: no session was created by rendering.
      expect(example.emulator!.sessions()).toHaveLength(0);
    });

    it('two people see each other: one connection and one video per person', async () => {
      ada = await open('Ada');
      await ada.waitForSelector('[data-testid=state][data-state=connected]');
      await shot(ada, 'alone');
      grace = await open('Grace');
      for (const page of [ada, grace]) {
        await eventually(async () => (await playingRemoteVideos(page)) === 1, 'the other video');
        await eventually(
          async () =>
            (await page.textContent('[data-testid=state]')) === 'Connected · 1 other here',
          'a count of 1 other',
        );
      }
      expect(await tileNames(ada)).toEqual(['Ada (you)', 'Grace']);
      expect(await tileNames(grace)).toEqual(['Grace (you)', 'Ada']);
      // StrictMode (in dev) mounted <Room> twice: still one publisher and one subscription each.
      for (const page of [ada, grace])
        expect(await page.locator('.otr-tile video').count()).toBe(2);
      expect(connections()).toBe(2);
      await shot(ada, 'two-ada');
      await shot(grace, 'two-grace');
    });

    it('a mute shows on the other page', async () => {
      await ada.click('button:has-text("Mute")');
      await grace.waitForSelector('.otr-tile:not([data-local])[data-audio-off]');
      await ada.click('button:has-text("Stop video")');
      await grace.waitForSelector('.otr-tile:not([data-local])[data-video-off]');
      await shot(grace, 'ada-muted');
    });

    it('leaving (a client-side navigation) leaves the room', async () => {
      await grace.click('a:has-text("Leave")');
      await grace.waitForSelector('form input[name=room]');
      await eventually(
        async () => (await ada.textContent('[data-testid=state]')) === 'Connected · 0 others here',
        'Grace gone from Ada’s page',
      );
      await eventually(async () => connections() === 1, 'one connection left in the emulator');
      expect(await ada.locator('.otr-tile video').count()).toBe(1);
      await shot(grace, 'home-after-leaving');
      await shot(ada, 'alone-again');
    });

    it('no page error, no hydration warning, no server error', () => {
      expect(pageErrors).toEqual([]);
      expect(serverOutput).not.toMatch(SERVER_ERROR);
    });
  });
}
