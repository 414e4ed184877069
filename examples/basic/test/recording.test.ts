// Recording in the example, as people use it: the host (who joined with the host code) starts and
// stops a recording, both pages show the indicator, a guest's start is refused with a message, and
// the room's recordings list links to the real file the emulator's media router recorded.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchChromium, skipWithoutChromium } from '@opentok-rooms/browser-testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBasicExample } from '../server.mjs';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

describe.skipIf(skipWithoutChromium('examples/basic recording'))(
  'examples/basic recording in Chromium',
  () => {
    let example: Awaited<ReturnType<typeof startBasicExample>>;
    let browser: Browser;

    beforeAll(async () => {
      if (!existsSync(here('../dist/index.html'))) {
        execFileSync('pnpm', ['exec', 'vite', 'build'], { cwd: here('..'), stdio: 'inherit' });
      }
      example = await startBasicExample({ port: 0, env: { HOST_CODE: 'open-sesame' } });
      expect(example.hostCode).toBe('open-sesame');
      browser = await launchChromium();
      mkdirSync(here('../test-results'), { recursive: true });
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

    async function join(name: string, room: string, hostCode = ''): Promise<Page> {
      const context = await browser.newContext({
        permissions: ['camera', 'microphone'],
        viewport: { width: 1100, height: 900 },
      });
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(`${name}: ${error.message}`));
      await page.goto(example.url);
      await page.fill('#name', name);
      await page.fill('#room', room);
      await page.fill('#host-code', hostCode);
      await page.click('button[type=submit]');
      return page;
    }

    async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
      const deadline = Date.now() + 30_000;
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }

    const shot = (page: Page, name: string) =>
      page.screenshot({ path: here(`../test-results/${name}.png`), animations: 'disabled' });
    const startRequests = () =>
      example.emulator!.countRequests({ method: 'POST', path: /\/archive$/ });
    const listedStatus = (page: Page) => page.getAttribute('#recording-list li', 'data-status');

    // One room, two people, through the states of a recording: each step is a test of its own
    // (they run in order on the same two pages), with a screenshot of each state.
    describe('a host and a guest in one room', () => {
      const room = `rec-${Date.now()}`;
      let host: Page;
      let guest: Page;

      it('not recording: no indicator, an empty list, both cameras flowing', async () => {
        [host, guest] = await Promise.all([join('Ada', room, 'open-sesame'), join('Grace', room)]);
        for (const page of [host, guest]) {
          await page.waitForSelector('#room-view:not([hidden])');
          await eventually(async () => (await page.textContent('#count')) === '1', 'a count of 1');
          await eventually(
            async () => /No recordings/.test((await page.textContent('#recording-list')) ?? ''),
            'the empty recordings list',
          );
          expect(await page.isHidden('#rec-indicator')).toBe(true);
          expect(await page.textContent('#record')).toBe('Start recording');
        }
        // The host's camera reaches the media router (the guest plays it through the router).
        await eventually(
          async () =>
            guest.evaluate(() =>
              [...document.querySelectorAll<HTMLVideoElement>('#grid video')].some(
                (video) => video.videoWidth > 0,
              ),
            ),
          'the host camera playing for the guest',
        );
        await shot(guest, 'recording-0-not-recording');
      });

      it('a guest cannot start: the server refuses, the page says why', async () => {
        await guest.click('#record');
        await eventually(
          async () =>
            /Only the host can start/.test((await guest.textContent('#record-message')) ?? ''),
          'the refused-start message',
        );
        expect(await guest.isVisible('#record-message')).toBe(true);
        expect(await guest.isHidden('#banner')).toBe(true);
        expect(await guest.isHidden('#rec-indicator')).toBe(true);
        expect(startRequests()).toBe(0);
        await shot(guest, 'recording-1-guest-refused');
      });

      it('the host starts: both pages show the indicator and list it as started', async () => {
        await host.click('#record');
        for (const page of [host, guest]) {
          await page.waitForSelector('#rec-indicator:not([hidden])');
          await eventually(async () => (await listedStatus(page)) === 'started', 'listed started');
        }
        // The refusal's message is gone once the recording changed.
        expect(await guest.isHidden('#record-message')).toBe(true);
        expect(await host.textContent('#record')).toBe('Stop recording');
        expect(startRequests()).toBe(1);
        await shot(host, 'recording-2-recording-host');
        await shot(guest, 'recording-2-recording-guest');

        // Nor can the guest stop it.
        await guest.click('#record');
        await eventually(
          async () =>
            /Only the host can stop/.test((await guest.textContent('#record-message')) ?? ''),
          'the refused-stop message',
        );
        expect(await guest.isVisible('#rec-indicator')).toBe(true);
      });

      it('the host stops: the indicator goes, the list links the real recording', async () => {
        // Let the router record a couple of seconds first.
        await new Promise((resolve) => setTimeout(resolve, 2000));
        await host.click('#record');
        for (const page of [host, guest]) {
          await page.waitForSelector('#rec-indicator', { state: 'hidden' });
          await eventually(
            async () => (await listedStatus(page)) === 'available',
            'the recording available',
          );
        }
        expect(await host.textContent('#record')).toBe('Start recording');
        await shot(guest, 'recording-3-stopped-with-list');

        // The link is the file the media router recorded: a WebM, not the placeholder.
        const href = await guest.getAttribute('#recording-list li a.download', 'href');
        expect(href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v2\/archive-media\//);
        const media = await fetch(href!);
        expect(media.status).toBe(200);
        expect(media.headers.get('content-type')).toBe('video/webm');
        expect(media.headers.get('x-emulator-placeholder')).toBeNull();
        const bytes = new Uint8Array(await media.arrayBuffer());
        expect([...bytes.subarray(0, 4)]).toEqual([0x1a, 0x45, 0xdf, 0xa3]); // EBML
        expect(bytes.length).toBeGreaterThan(10_000);
        const listed = (await guest.textContent('#recording-list')) ?? '';
        expect(listed).toContain(`${room} recording`);
        expect(listed).toMatch(/available · \d+ s · \d+ KB/);
      });

      afterAll(async () => {
        await host?.context().close();
        await guest?.context().close();
      });
    });

    it('a wrong host code is refused at the door with a message', async () => {
      const page = await join('Mallory', `rec-door-${Date.now()}`, 'guess');
      try {
        await eventually(
          async () => /host code is wrong/.test((await page.textContent('#banner')) ?? ''),
          'the wrong-code banner',
        );
        expect(await page.isVisible('#lobby')).toBe(true);
        await shot(page, 'recording-4-wrong-host-code');
      } finally {
        await page.context().close();
      }
    });
  },
);
