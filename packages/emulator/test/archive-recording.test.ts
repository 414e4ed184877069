import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import {
  launchChromium,
  newMediaContext,
  skipWithoutChromium,
} from '@opentok-rooms/browser-testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { createSessionViaSdk, sdkFor } from './helpers/sdk.js';

const SCREENSHOTS = new URL('../test-results/archive-recording/', import.meta.url).pathname;
const skip = skipWithoutChromium('emulator archive recording');

/** A page that connects, publishes its fake camera and subscribes to every other stream. */
const publisherPage = (script: string): string => `<!doctype html><html lang="en"><head>
<script src="${script}"></script></head><body><div id="me"></div><div id="others"></div><script>
window.join = ({ apiKey, sessionId, token }) => new Promise((resolve, reject) => {
  const session = OT.initSession(apiKey, sessionId);
  window.session = session;
  session.on('streamCreated', (event) =>
    session.subscribe(event.stream, 'others', { insertMode: 'append', width: 160, height: 120 }));
  session.connect(token, (error) => {
    if (error) return reject(new Error(error.name));
    session.publish(OT.initPublisher('me', { insertMode: 'append', width: 160, height: 120 }),
      (publishError) => (publishError ? reject(new Error(publishError.name)) : resolve()));
  });
});
window.playing = () => [...document.querySelectorAll('#others video')]
  .filter((video) => video.videoWidth > 0 && video.currentTime > 0.5).length;
</script></body></html>`;

/** A page that plays a recorded file to its end, as fast as Chromium will. */
const playerPage = `<!doctype html><html lang="en"><body><video id="v" muted playsinline></video><script>
window.play = (src) => new Promise((resolve, reject) => {
  const video = document.getElementById('v');
  video.onerror = () => reject(new Error('cannot play ' + src + ': ' + (video.error && video.error.message)));
  video.onended = () => resolve({ duration: video.duration, ended: video.currentTime,
    width: video.videoWidth, height: video.videoHeight,
    frames: video.getVideoPlaybackQuality().totalVideoFrames });
  video.src = src;
  video.playbackRate = 4;
  video.play().catch(reject);
});
</script></body></html>`;

/** Reads a zip whose entries are stored (uncompressed), checking each entry's CRC. */
function readStoredZip(zip: Buffer): Map<string, Buffer> {
  const entries = new Map<string, Buffer>();
  let offset = 0;
  while (zip.readUInt32LE(offset) === 0x04034b50) {
    expect(zip.readUInt16LE(offset + 8)).toBe(0); // stored
    const crc = zip.readUInt32LE(offset + 14);
    const size = zip.readUInt32LE(offset + 18);
    const nameLength = zip.readUInt16LE(offset + 26);
    const extraLength = zip.readUInt16LE(offset + 28);
    const name = zip.toString('utf8', offset + 30, offset + 30 + nameLength);
    const start = offset + 30 + nameLength + extraLength;
    const data = zip.subarray(start, start + size);
    expect(crc32(data)).toBe(crc);
    entries.set(name, data);
    offset = start + size;
  }
  expect(zip.readUInt32LE(offset)).toBe(0x02014b50); // the central directory follows
  return entries;
}

describe.skipIf(skip)('archive recording of a routed session with two Chromium publishers', () => {
  let emulator: Emulator;
  let browser: Browser;
  let server: Server;
  let site: string;
  let sessionId: string;
  const files = new Map<string, Buffer>();
  const publishers: Page[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    emulator = await startEmulator();
    const opentok = sdkFor(emulator);
    const created = await createSessionViaSdk(opentok, { mediaMode: 'routed' });
    sessionId = created.sessionId!;
    server = createServer((request, response) => {
      const path = (request.url ?? '/').split('?')[0]!;
      if (path === '/publisher.html') {
        response
          .writeHead(200, { 'Content-Type': 'text/html' })
          .end(publisherPage(emulator.scriptUrl));
      } else if (path === '/player.html') {
        response.writeHead(200, { 'Content-Type': 'text/html' }).end(playerPage);
      } else if (files.has(path)) {
        response.writeHead(200, { 'Content-Type': 'video/webm' }).end(files.get(path));
      } else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    site = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    for (let index = 0; index < 2; index += 1) {
      const page = await (await newMediaContext(browser)).newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(`${site}/publisher.html`);
      const token = opentok.generateToken(sessionId, { role: 'publisher' });
      await page.evaluate(
        (input) => (window as never as { join(i: unknown): Promise<void> }).join(input),
        {
          apiKey: emulator.apiKey,
          sessionId,
          token,
        },
      );
      publishers.push(page);
    }
    // Both upstreams carry media once each page plays the other's video through the router.
    for (const page of publishers) {
      await page.waitForFunction(
        () => (window as never as { playing(): number }).playing() >= 1,
        null,
        {
          timeout: 90_000,
          polling: 250,
        },
      );
    }
    await mkdir(SCREENSHOTS, { recursive: true });
  }, 180_000);

  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    server?.close();
    await emulator?.close();
  });

  const play = async (
    name: string,
    data: Buffer,
  ): Promise<{ duration: number; ended: number; width: number; frames: number }> => {
    files.set(`/${name}`, data);
    const page = await browser.newPage();
    try {
      await page.goto(`${site}/player.html`);
      const result = await page.evaluate(
        (src) => (window as never as { play(s: string): Promise<never> }).play(src),
        `/${name}`,
      );
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
      return result;
    } finally {
      await page.close();
    }
  };

  it('individual: one WebM per stream in a zip with a manifest; Chromium plays each to its end', async () => {
    const recording = emulator.media.recorder.start({
      sessionId,
      archiveId: 'individual-archive',
      outputMode: 'individual',
      hasAudio: true,
      hasVideo: true,
      streamMode: 'auto',
    });
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const file = await recording.stop();
    if (file === undefined) throw new Error('the recorder recorded no media');
    expect(file.contentType).toBe('application/zip');
    expect(existsSync(file.path)).toBe(true);
    const zip = await readFile(file.path);
    expect(file.size).toBe(zip.length);
    await writeFile(join(SCREENSHOTS, 'individual-archive.zip'), zip); // kept to inspect
    expect(file.duration).toBeGreaterThan(3.9);
    expect(file.duration).toBeLessThan(8);

    const entries = readStoredZip(zip);
    const manifest = JSON.parse(entries.get('individual-archive.json')!.toString('utf8')) as {
      sessionId: string;
      files: Array<{
        filename: string;
        streamId: string;
        size: number;
        startTimeOffset: number;
        stopTimeOffset: number;
      }>;
    };
    expect(manifest.sessionId).toBe(sessionId);
    expect(manifest.files).toHaveLength(2);
    for (const entry of manifest.files) {
      const webm = entries.get(entry.filename)!;
      expect(webm.length).toBe(entry.size);
      const played = await play(entry.filename, webm);
      const recorded = (entry.stopTimeOffset - entry.startTimeOffset) / 1000;
      expect(played.width).toBeGreaterThan(0);
      expect(played.frames).toBeGreaterThan(10);
      expect(Number.isFinite(played.duration)).toBe(true);
      expect(Math.abs(played.duration - recorded)).toBeLessThan(1);
      expect(Math.abs(played.ended - played.duration)).toBeLessThan(0.1);
    }
  }, 120_000);

  it('composed: one WebM of the session that Chromium plays to its end, its duration the real one', async () => {
    const recording = emulator.media.recorder.start({
      sessionId,
      archiveId: 'composed-archive',
      outputMode: 'composed',
      hasAudio: true,
      hasVideo: true,
      streamMode: 'auto',
    });
    const startedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const file = await recording.stop();
    if (file === undefined) throw new Error('the recorder recorded no media');
    const wallSeconds = (Date.now() - startedAt) / 1000;
    expect(file.contentType).toBe('video/webm');
    const data = await readFile(file.path);
    expect(file.size).toBe(data.length);
    const played = await play('composed.webm', data);
    expect(played.width).toBeGreaterThan(0);
    expect(Math.abs(played.duration - file.duration)).toBeLessThan(1);
    expect(Math.abs(played.duration - wallSeconds)).toBeLessThan(1);
  }, 120_000);

  it('removes its temporary directory on close', async () => {
    const own = await startEmulator();
    const opentok = sdkFor(own);
    const { sessionId: routedId } = await createSessionViaSdk(opentok, { mediaMode: 'routed' });
    const recording = own.media.recorder.start({
      sessionId: routedId!,
      archiveId: 'empty',
      outputMode: 'individual',
      hasAudio: true,
      hasVideo: true,
      streamMode: 'auto',
    });
    const file = await recording.stop();
    if (file === undefined) throw new Error('the recorder recorded no media');
    // Nobody published: the zip holds only the manifest.
    expect(readStoredZip(await readFile(file.path)).size).toBe(1);
    await own.close();
    expect(existsSync(dirname(file.path))).toBe(false);
    expect(() =>
      own.media.recorder.start({
        sessionId: routedId!,
        archiveId: '../escape',
        outputMode: 'individual',
        hasAudio: true,
        hasVideo: true,
        streamMode: 'auto',
      }),
    ).toThrow(/archiveId/);
  });
});
