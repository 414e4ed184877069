// The call's media controls as a person uses them, in Chromium with fake devices: cameras and
// microphones chosen in the lobby and switched in the call (the other page keeps receiving), mute
// shown on the remote tile, the active speaker outlined when only one page sends audio, and a
// screen shared, stopped with the button and with the browser's own stop (the shared tab closes).
// Screenshots of every state go to test-results/media-*.png.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchChromium, skipWithoutChromium } from '@opentok-rooms/browser-testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBasicExample } from '../server.mjs';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

describe.skipIf(skipWithoutChromium('examples/basic media'))(
  'examples/basic media controls in Chromium',
  () => {
    let example: Awaited<ReturnType<typeof startBasicExample>>;
    let browser: Browser;

    beforeAll(async () => {
      if (!existsSync(here('../dist/index.html'))) {
        execFileSync('pnpm', ['exec', 'vite', 'build'], { cwd: here('..'), stdio: 'inherit' });
      }
      mkdirSync(here('../test-results'), { recursive: true });
      example = await startBasicExample({ port: 0, env: {} });
      // Three fake cameras (fake_device_1 is a depth camera WebRTC does not encode: the test uses 0
      // and 2). The screen picker picks the tab titled "slides"; closing it ends the capture.
      browser = await launchChromium({ captureTabTitled: 'slides', cameras: 3 });
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

    async function open(): Promise<Page> {
      const context = await browser.newContext({
        permissions: ['camera', 'microphone'],
        viewport: { width: 1100, height: 760 },
      });
      context.setDefaultTimeout(60_000);
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(example.url);
      return page;
    }

    async function join(page: Page, name: string, room: string): Promise<void> {
      await page.fill('#name', name);
      await page.fill('#room', room);
      await page.click('button[type=submit]');
      await page.waitForSelector('#room-view:not([hidden])');
    }

    const shot = (page: Page, name: string) =>
      page.screenshot({ path: here(`../test-results/media-${name}.png`) });

    async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
      const deadline = Date.now() + 60_000;
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }

    /** Remote videos under `selector` that play: a size, and time moving on. */
    function playing(page: Page, selector: string): Promise<number> {
      return page.evaluate(async (selector) => {
        const videos = [...document.querySelectorAll<HTMLVideoElement>(`${selector} video`)];
        const before = videos.map((v) => v.currentTime);
        await new Promise((resolve) => setTimeout(resolve, 400));
        return videos.filter((v, i) => v.videoWidth > 0 && v.currentTime > (before[i] ?? 0)).length;
      }, selector);
    }

    /** The camera the page sends: the label of its own video's track. */
    const sendingCamera = (page: Page) =>
      page.evaluate(
        () =>
          (
            document.querySelector<HTMLVideoElement>('#me video')?.srcObject as MediaStream | null
          )?.getVideoTracks()[0]?.label,
      );

    const optionValue = (page: Page, select: string, label: string) =>
      page.$eval(
        select,
        (el, label) =>
          [...(el as HTMLSelectElement).options].find((o) => o.textContent === label)?.value ?? '',
        label,
      );

    /** The tile of the other person's camera on `page` (there is one other person). */
    const cameraTile = '#grid .tile[data-source=camera]';

    const room = `media-${Date.now()}`;
    let ada: Page;
    let grace: Page;

    it('the lobby lists the fake cameras; the one chosen there is the one the call sends', async () => {
      ada = await open();
      await eventually(
        async () => (await optionValue(ada, '#lobby-camera', 'fake_device_2')) !== '',
        'the lobby camera picker listing fake_device_2',
      );
      expect(await ada.$$eval('#lobby-microphone option', (o) => o.length)).toBeGreaterThan(0);
      await ada.selectOption(
        '#lobby-camera',
        await optionValue(ada, '#lobby-camera', 'fake_device_2'),
      );
      await ada.fill('#name', 'Ada');
      await shot(ada, 'lobby-pickers');

      await join(ada, 'Ada', room);
      grace = await open();
      await join(grace, 'Grace', room);
      for (const page of [ada, grace]) {
        await eventually(async () => (await playing(page, cameraTile)) === 1, 'the other camera');
      }
      expect(await sendingCamera(ada)).toBe('fake_device_2');
      expect(
        await ada.$eval(
          '#call-camera',
          (el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent,
        ),
      ).toBe('fake_device_2');
      expect(await grace.locator('#grid .tile .tile-name').allTextContents()).toEqual(['Ada']);
    });

    it('switching camera in the call: the other page keeps receiving the same stream', async () => {
      const streamId = await grace.getAttribute(cameraTile, 'data-stream-id');
      await ada.selectOption(
        '#call-camera',
        await optionValue(ada, '#call-camera', 'fake_device_0'),
      );
      await eventually(
        async () => (await sendingCamera(ada)) === 'fake_device_0',
        'fake_device_0 sent',
      );
      await eventually(async () => (await playing(grace, cameraTile)) === 1, 'Ada still playing');
      expect(await grace.getAttribute(cameraTile, 'data-stream-id')).toBe(streamId);
      expect(await grace.locator('#grid .tile').count()).toBe(1);
      expect(await ada.isHidden('#media-message')).toBe(true);
      await shot(ada, 'switched-camera-ada');
      await shot(grace, 'switched-camera-grace');
    });

    it('mute and camera off show on the button and on the remote tile', async () => {
      const badge = (page: Page, which: string) => page.isVisible(`${cameraTile} .${which}`);
      expect(await badge(grace, 'muted-mic')).toBe(false);
      await ada.click('#mic');
      expect(await ada.textContent('#mic')).toBe('Unmute mic');
      expect(await ada.getAttribute('#mic', 'aria-pressed')).toBe('true');
      await eventually(() => badge(grace, 'muted-mic'), 'the Muted badge on Ada’s tile');

      await ada.click('#camera');
      expect(await ada.textContent('#camera')).toBe('Start camera');
      await eventually(() => badge(grace, 'muted-cam'), 'the Camera off badge on Ada’s tile');
      await shot(ada, 'muted-ada');
      await shot(grace, 'muted-grace');

      await ada.click('#camera');
      await eventually(async () => !(await badge(grace, 'muted-cam')), 'Ada’s camera back');
      expect(await badge(grace, 'muted-mic')).toBe(true);
      expect(await ada.textContent('#camera')).toBe('Stop camera');
    });

    it('the active speaker is outlined: only Grace sends audio (Ada is muted)', async () => {
      // Chromium's fake microphone beeps; Ada's is muted, so Grace is the only one who speaks.
      await eventually(
        async () => (await grace.locator('#me[data-speaking]').count()) === 1,
        'Grace outlined on her own page',
      );
      await eventually(
        async () => (await ada.locator(`${cameraTile}[data-speaking]`).count()) === 1,
        'Grace outlined on Ada’s page',
      );
      expect(await ada.locator('#me[data-speaking]').count()).toBe(0);
      expect(await grace.locator('.tile[data-speaking]').count()).toBe(0);
      // The fake beep pauses, and the outline goes after 1.5 s of silence: shoot while it shows.
      await ada.waitForSelector(`${cameraTile}[data-speaking]`, { timeout: 30_000 });
      await shot(ada, 'speaker-ada');
      await grace.waitForSelector('#me[data-speaking]', { timeout: 30_000 });
      await shot(grace, 'speaker-grace');
      await ada.click('#mic');
      expect(await ada.textContent('#mic')).toBe('Mute mic');
    });

    it('a shared screen shows apart from the cameras, and stops with the button', async () => {
      const slides = await ada.context().newPage();
      slides.on('pageerror', (error) => pageErrors.push(`slides: ${error.message}`));
      await slides.setContent(
        '<title>slides</title><body style="margin:0;background:#1d4e89;color:#fff;font:bold 160px sans-serif;display:grid;place-items:center;height:100vh">Slides</body>',
      );
      await ada.bringToFront();
      await ada.click('#share-screen');
      await eventually(
        async () => (await ada.textContent('#share-screen')) === 'Stop sharing',
        'sharing',
      );
      await eventually(
        async () => (await playing(grace, '#screens .tile[data-source=screen]')) === 1,
        'Ada’s screen playing on Grace’s page',
      );
      expect(await grace.textContent('#screens .tile-name')).toBe('Ada (screen)');
      // The camera stays in the grid, the screen is not in it.
      expect(await grace.locator('#grid .tile').count()).toBe(1);
      expect(await grace.locator('#grid .tile[data-source=screen]').count()).toBe(0);
      expect(await ada.isVisible('#my-screen')).toBe(true);
      await shot(grace, 'screen-grace');
      await shot(ada, 'screen-ada');

      await ada.click('#share-screen');
      await eventually(
        async () => (await grace.locator('#screens .tile').count()) === 0,
        'the screen tile gone',
      );
      expect(await ada.textContent('#share-screen')).toBe('Share screen');
      expect(await ada.isHidden('#my-screen')).toBe(true);
      await shot(grace, 'screen-stopped-grace');

      // Shared again, then the browser ends it (the shared tab closes): the button follows.
      await ada.click('#share-screen');
      await eventually(
        async () => (await grace.locator('#screens .tile').count()) === 1,
        'shared again',
      );
      await slides.close();
      await eventually(
        async () => (await ada.textContent('#share-screen')) === 'Share screen',
        'the button back to Share screen',
      );
      expect(await ada.textContent('#media-message')).toBe('You stopped sharing from the browser.');
      await eventually(
        async () => (await grace.locator('#screens .tile').count()) === 0,
        'the screen tile gone again',
      );
      expect(await playing(grace, cameraTile)).toBe(1);
      await shot(ada, 'screen-ended-ada');
    });

    it('a cancelled screen picker is a message, not an error: nothing is shared', async () => {
      // Headless Chromium has no picker to cancel (an unanswered one hangs until room-client's
      // deadline): the page's getDisplayMedia answers as the browser does on Cancel.
      const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
      await context.addInitScript(() => {
        navigator.mediaDevices.getDisplayMedia = () =>
          Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
      });
      const linus = await context.newPage();
      const errors: string[] = [];
      linus.on('pageerror', (error) => errors.push(error.message));
      await linus.goto(example.url);
      await join(linus, 'Linus', room);
      await eventually(
        async () => (await linus.textContent('#state')) === 'connected',
        'connected',
      );
      await linus.click('#share-screen');
      await eventually(async () => await linus.isVisible('#media-message'), 'a message');
      expect(await linus.textContent('#media-message')).toBe(
        'Screen sharing cancelled: nothing is shared.',
      );
      expect(await linus.textContent('#share-screen')).toBe('Share screen');
      // Still sending the camera: the cancel is no "receive-only" banner.
      expect(await linus.isHidden('#banner')).toBe(true);
      expect(await linus.locator('#me video').count()).toBe(1);
      expect(errors).toEqual([]);
      expect(await grace.locator('#screens .tile').count()).toBe(0);
      await linus.screenshot({ path: here('../test-results/media-screen-cancelled.png') });
      await context.close();
    });
  },
);
