// Recording in the example, as people use it: the host (who joined with the host code) starts and
// stops a recording, both pages show the indicator, a guest's start is refused with a message, and
// the room's recordings list links to the real file the emulator's media router recorded.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchChromium, skipWithoutChromium } from '@opentok-rooms/browser-testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

    const began = Date.now();
    const shot = (page: Page, name: string) => {
      console.log(`${name} at ${((Date.now() - began) / 1000).toFixed(1)} s`);
      return page.screenshot({ path: here(`../test-results/${name}.png`), animations: 'disabled' });
    };
    const startRequests = () =>
      example.emulator!.countRequests({ method: 'POST', path: /\/archive$/ });

    it('the host records, everyone sees it, a guest cannot start, the list links the file', async () => {
      const room = `rec-${Date.now()}`;
      const host = await join('Ada', room, 'open-sesame');
      const guest = await join('Grace', room);
      for (const page of [host, guest]) {
        await page.waitForSelector('#room-view:not([hidden])');
        await eventually(async () => (await page.textContent('#count')) === '1', 'a count of 1');
        // Both cameras reach the media router before anything is recorded.
        await eventually(
          async () =>
            page.evaluate(() =>
              [...document.querySelectorAll<HTMLVideoElement>('#grid video')].some(
                (video) => video.videoWidth > 0,
              ),
            ),
          'the other camera playing',
        );
        await eventually(
          async () => /No recordings/.test((await page.textContent('#recording-list')) ?? ''),
          'the empty recordings list',
        );
        expect(await page.isHidden('#rec-indicator')).toBe(true);
        expect(await page.textContent('#record')).toBe('Start recording');
      }
      await shot(guest, 'recording-0-not-recording');

      // A guest's start: refused by the server's policy, with a message that says why.
      await guest.click('#record');
      await eventually(
        async () => /Only the host can start/.test((await guest.textContent('#banner')) ?? ''),
        'the refused-start banner',
      );
      expect(await guest.getAttribute('#banner', 'class')).toContain('error');
      expect(await guest.isHidden('#rec-indicator')).toBe(true);
      expect(startRequests()).toBe(0);
      await shot(guest, 'recording-1-guest-refused');

      // The host starts: the indicator shows on both pages.
      await host.click('#record');
      for (const page of [host, guest]) {
        await page.waitForSelector('#rec-indicator:not([hidden])');
        await eventually(
          async () => (await page.getAttribute('#recording-list li', 'data-status')) === 'started',
          'the recording listed as started',
        );
      }
      expect(await host.textContent('#record')).toBe('Stop recording');
      expect(startRequests()).toBe(1);
      await shot(host, 'recording-2-recording-host');
      await shot(guest, 'recording-2-recording-guest');

      // A guest cannot stop it either.
      await guest.click('#record');
      await eventually(
        async () => /Only the host can stop/.test((await guest.textContent('#banner')) ?? ''),
        'the refused-stop banner',
      );
      expect(await guest.isVisible('#rec-indicator')).toBe(true);

      // Let the router record a couple of seconds of both cameras, then the host stops.
      await new Promise((resolve) => setTimeout(resolve, 2500));
      await host.click('#record');
      for (const page of [host, guest]) {
        await page.waitForSelector('#rec-indicator', { state: 'hidden' });
        await eventually(
          async () =>
            (await page.getAttribute('#recording-list li', 'data-status')) === 'available',
          'the recording available',
        );
      }
      expect(await host.textContent('#record')).toBe('Start recording');
      await shot(guest, 'recording-3-stopped-with-list');

      // The list's link is the real recording: a WebM from the media router, not a placeholder.
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

    it('a wrong host code is refused at the door with a message', async () => {
      const page = await join('Mallory', `rec-door-${Date.now()}`, 'guess');
      await eventually(
        async () => /host code is wrong/.test((await page.textContent('#banner')) ?? ''),
        'the wrong-code banner',
      );
      expect(await page.isVisible('#lobby')).toBe(true);
      await shot(page, 'recording-4-wrong-host-code');
    });
  },
);
