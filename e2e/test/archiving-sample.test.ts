// A page written against the plain `OT` API like OpenTok's "Archiving" web sample, with its own
// code and the sample-server archive routes served by room-server: one page starts and stops a
// recording, both pages see archiveStarted / archiveStopped and the indicator.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Emulator, startEmulator } from '@opentok-rooms/emulator';
import { createRoomServer } from '@opentok-rooms/room-server';
import { createRoomHandler, toNodeListener } from '@opentok-rooms/room-server/http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newMediaContext, skipBrowserTests } from './helpers/chromium.js';

const SHOTS = new URL('../test-results/', import.meta.url).pathname;

describe.skipIf(skipBrowserTests)('OpenTok Archiving sample page against the emulator', () => {
  let emulator: Emulator;
  let server: Server;
  let url: string;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    emulator = await startEmulator();
    const rooms = createRoomServer({
      apiKey: emulator.apiKey,
      apiSecret: emulator.apiSecret,
      apiUrl: emulator.url,
    });
    // A sample deployment: everyone may join and record (the policy a real app tightens).
    const api = toNodeListener(createRoomHandler({ rooms, authorize: () => true }));
    const page = (
      await readFile(new URL('../fixtures/archiving.html', import.meta.url), 'utf8')
    ).replace('%OT_SCRIPT%', emulator.scriptUrl);
    server = createServer((request, response) => {
      if (request.url === '/archiving.html') {
        response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page);
        return;
      }
      api(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await emulator?.close();
  });

  async function open(name: string): Promise<Page> {
    const context = await newMediaContext(browser);
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(`${name}: ${error.message}`));
    await page.goto(`${url}/archiving.html`, { timeout: 20_000 });
    await page.waitForFunction(() =>
      (window as unknown as { events: { type: string }[] }).events.some(
        (e) => e.type === 'connected',
      ),
    );
    return page;
  }
  const eventsOf = (page: Page) =>
    page.evaluate(() => (window as unknown as { events: { type: string; id?: string }[] }).events);
  const waitForEvent = async (page: Page, type: string): Promise<void> => {
    try {
      await page.waitForFunction(
        (wanted) =>
          (window as unknown as { events: { type: string }[] }).events.some(
            (e) => e.type === wanted,
          ),
        type,
        { timeout: 20_000 },
      );
    } catch (error) {
      throw new Error(`no ${type}; events: ${JSON.stringify(await eventsOf(page))}`, {
        cause: error,
      });
    }
  };

  it('one page starts and stops; both see the events and the indicator; view serves the file', {
    timeout: 180_000,
  }, async () => {
    const host = await open('host');
    const guest = await open('guest');
    await host.screenshot({ path: `${SHOTS}archiving-1-connected.png` });

    // The sample's buttons, clicked as a user would once enabled (no actionability wait on a busy page).
    await host.waitForSelector('#start:not([disabled])');
    await host.evaluate(() => document.getElementById('start')?.click());
    await Promise.all([
      waitForEvent(host, 'archiveStarted'),
      waitForEvent(guest, 'archiveStarted'),
    ]);
    expect(await host.isVisible('#indicator')).toBe(true);
    expect(await guest.isVisible('#indicator')).toBe(true);
    await host.screenshot({ path: `${SHOTS}archiving-2-host-recording.png` });
    await guest.screenshot({ path: `${SHOTS}archiving-3-guest-recording.png` });

    await host.waitForSelector('#stop:not([disabled])');
    await host.evaluate(() => document.getElementById('stop')?.click());
    await Promise.all([host, guest].map((page) => waitForEvent(page, 'archiveStopped')));
    expect(await guest.isVisible('#indicator')).toBe(false);
    await guest.screenshot({ path: `${SHOTS}archiving-4-guest-stopped.png` });

    const hostEvents = await eventsOf(host);
    const started = hostEvents.find((e) => e.type === 'archiveStarted');
    const stopped = hostEvents.find((e) => e.type === 'archiveStopped');
    expect(stopped?.id).toBe(started?.id);
    expect(hostEvents.filter((e) => e.type === 'startAnswered')).toEqual([
      { type: 'startAnswered', status: 200 },
    ]);
    expect((await eventsOf(guest)).map((e) => e.type)).toEqual([
      'connected',
      'archiveStarted',
      'archiveStopped',
    ]);

    await emulator.callbacksSettled();
    const view = await fetch(`${url}/archive/${started?.id}/view`);
    expect(view.status).toBe(200);
    // Both pages publish through the emulator's media router, so the recording is normally its
    // WebM of the first stream. This recording lasts a moment: when werift has not finished that
    // stream's file by the stop (no keyframe yet), the archive gets the flagged placeholder instead
    // (recording files are checked in the emulator's archive-recording test).
    const type = view.headers.get('content-type');
    const placeholder = view.headers.get('x-emulator-placeholder');
    expect([type, placeholder]).toSatisfy(
      ([t, p]: (string | null)[]) =>
        (t === 'video/webm' && p === null) || (t === 'audio/wav' && p === 'true'),
    );
    expect((await view.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    expect(errors).toEqual([]);
  });
});
