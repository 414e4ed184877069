import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  launchChromium,
  newMediaContext,
  skipWithoutChromium,
} from '@opentok-rooms/browser-testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';

const skip = skipWithoutChromium('emulator audio processing');

// The microphone's settings after OT.initPublisher / OT.getUserMedia with the given options, or
// after applying them to a track captured first (a custom audioSource).
const page = (script: string): string => `<!doctype html><html lang="en"><head>
<script src="${script}"></script></head><body><script>
const processing = (track) => {
  const { echoCancellation, autoGainControl, noiseSuppression } = track.getSettings();
  return { echoCancellation, autoGainControl, noiseSuppression };
};
// Each capture is stopped after reading it: Chromium keeps an open microphone's processing for
// the next capture of the same device.
window.published = (options) => new Promise((resolve, reject) => {
  const publisher = OT.initPublisher(undefined, { insertDefaultUI: false, ...options }, (error) => {
    if (error) return reject(new Error(error.name));
    const settings = processing(publisher.getAudioSource());
    publisher.destroy();
    resolve(settings);
  });
});
window.viaGetUserMedia = async (options) => {
  const media = await OT.getUserMedia({ videoSource: null, ...options });
  const settings = processing(media.getAudioTracks()[0]);
  for (const track of media.getTracks()) track.stop();
  return settings;
};
// Chromium cannot change a live track's processing, so this records what was asked for.
window.customTrack = async (options) => {
  const [track] = (await navigator.mediaDevices.getUserMedia({ audio: true })).getAudioTracks();
  const asked = [];
  const apply = track.applyConstraints.bind(track);
  track.applyConstraints = (constraints) => (asked.push(constraints), apply(constraints));
  await window.published({ ...options, audioSource: track, videoSource: null });
  track.stop();
  return asked;
};
</script></body></html>`;

const ALL_ON = { echoCancellation: true, autoGainControl: true, noiseSuppression: true };
const ALL_OFF = { echoCancellation: false, autoGainControl: false, noiseSuppression: false };

describe.skipIf(skip)(
  "the publisher's audio processing options, in Chromium",
  { timeout: 30_000 },
  () => {
    let emulator: Emulator;
    let server: Server;
    let browser: Browser;
    let tab: Page;

    beforeAll(async () => {
      emulator = await startEmulator();
      const html = page(emulator.scriptUrl);
      server = createServer((_request, response) => {
        response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      browser = await launchChromium();
      tab = await (await newMediaContext(browser)).newPage();
      await tab.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      server?.close();
      await emulator?.close();
    }, 30_000);

    it('keeps echo cancellation, gain control and noise suppression on by default', async () => {
      expect(await tab.evaluate(() => window.published({}))).toEqual(ALL_ON);
    });

    it('disableAudioProcessing: true turns all three off, whatever the other three options say', async () => {
      expect(await tab.evaluate(() => window.published({ disableAudioProcessing: true }))).toEqual(
        ALL_OFF,
      );
      expect(
        await tab.evaluate(() =>
          window.published({ disableAudioProcessing: true, echoCancellation: true }),
        ),
      ).toEqual(ALL_OFF);
      expect(
        await tab.evaluate(() => window.viaGetUserMedia({ disableAudioProcessing: true })),
      ).toEqual(ALL_OFF);
    });

    it('echoCancellation, autoGainControl and noiseSuppression: false turn off only that one', async () => {
      expect(await tab.evaluate(() => window.published({ echoCancellation: false }))).toEqual({
        ...ALL_ON,
        echoCancellation: false,
      });
      expect(await tab.evaluate(() => window.viaGetUserMedia({ noiseSuppression: false }))).toEqual(
        { ...ALL_ON, noiseSuppression: false },
      );
    });

    it('asks a custom audio track for them, when they differ from its settings', async () => {
      expect(
        await tab.evaluate(() => window.customTrack({ disableAudioProcessing: true })),
      ).toEqual([ALL_OFF]);
      expect(await tab.evaluate(() => window.customTrack({}))).toEqual([]);
    });
  },
);

declare global {
  interface Window {
    published(options: object): Promise<Record<string, boolean>>;
    viaGetUserMedia(options: object): Promise<Record<string, boolean>>;
    customTrack(options: object): Promise<Record<string, boolean>[]>;
  }
}
