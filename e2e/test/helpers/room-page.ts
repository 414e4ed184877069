import type { Browser, BrowserContext, Page } from 'playwright-core';
import { newMediaContext } from './chromium.js';

/** An event the fixture page recorded. */
export interface PageEvent {
  type: string;
  [key: string]: unknown;
}

/** Credentials a page joins with. */
export interface JoinInput {
  apiKey: string;
  sessionId: string;
  token: string;
  publish?: boolean;
  /** Merged into the page's `OT.initPublisher` properties (e.g. `resolution`, `frameRate`). */
  publisherProperties?: Record<string, unknown>;
  /** The page's `OT.initSession` options (e.g. `singlePeerConnection`). */
  sessionOptions?: Record<string, unknown>;
}

/** A browser page running `fixtures/room.html`. */
export interface RoomPage {
  readonly page: Page;
  /** Joins the session; resolves after the connect callback. */
  join(input: JoinInput): Promise<{ connectionId?: string; error?: string; code?: number }>;
  /** Everything recorded so far. */
  events(): Promise<PageEvent[]>;
  /** Waits until `predicate` holds for the recorded events (polls). */
  waitForEvents(
    predicate: (events: PageEvent[]) => boolean,
    what: string,
    timeoutMs?: number,
  ): Promise<PageEvent[]>;
  /** Waits until every remote video plays: width > 0 and currentTime advancing. */
  waitForRemoteVideos(count: number, timeoutMs?: number): Promise<void>;
  /** Uncaught errors the page threw so far. */
  pageErrors(): string[];
  close(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Opens the room page in a fresh context (its own camera permission).
 *
 * @param browser - The browser.
 * @param url - The page URL.
 * @param initScript - Runs in the page before any of its scripts (e.g. to watch peer connections).
 * @returns The page helper.
 */
export async function openRoomPage(
  browser: Browser,
  url: string,
  initScript?: string,
): Promise<RoomPage> {
  const context: BrowserContext = await newMediaContext(browser);
  if (initScript !== undefined) await context.addInitScript(initScript);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  await page.waitForFunction(() => typeof (window as unknown as { OT?: unknown }).OT === 'object');

  const events = (): Promise<PageEvent[]> =>
    page.evaluate(() => (window as unknown as { events: PageEvent[] }).events.slice());

  const helper: RoomPage = {
    page,
    join: (input) =>
      page.evaluate(
        (args) =>
          (
            window as unknown as {
              join(a: unknown): Promise<{ connectionId?: string; error?: string }>;
            }
          ).join(args),
        input,
      ),
    events,
    async waitForEvents(predicate, what, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const recorded = await events();
        if (predicate(recorded)) return recorded;
        if (Date.now() > deadline) {
          throw new Error(
            `Timed out waiting for ${what}. Page errors: ${JSON.stringify(errors)}. Events: ${JSON.stringify(recorded.map(({ at: _at, ...rest }) => rest))}`,
          );
        }
        await sleep(100);
      }
    },
    async waitForRemoteVideos(count, timeoutMs = 45_000) {
      const deadline = Date.now() + timeoutMs;
      type Video = { width: number; time: number; paused: boolean };
      const read = (): Promise<Video[]> =>
        page.evaluate(() => (window as unknown as { remoteVideos(): Video[] }).remoteVideos());
      for (;;) {
        const first = await read();
        if (first.length >= count && first.every((video) => video.width > 0 && !video.paused)) {
          await sleep(700);
          const second = await read();
          const advancing = second.filter(
            (video, index) =>
              video.width > 0 && video.time > (first[index]?.time ?? Number.POSITIVE_INFINITY),
          );
          if (advancing.length >= count) return;
        }
        if (Date.now() > deadline) {
          throw new Error(
            `Remote videos not playing: ${JSON.stringify(first)}; page errors: ${JSON.stringify(errors)}`,
          );
        }
        await sleep(250);
      }
    },
    pageErrors: () => [...errors],
    close: () => context.close(),
  };
  return helper;
}

/**
 * Keeps only the event types the assertions are about, without timestamps.
 *
 * @param events - Recorded events.
 * @param types - Types to keep.
 * @returns The filtered events.
 */
export function only(events: PageEvent[], types: readonly string[]): PageEvent[] {
  return events.filter((event) => types.includes(event.type)).map(({ at: _at, ...rest }) => rest);
}

/**
 * Closes `pages` and returns the uncaught errors and unhandled rejections they reported (Playwright's
 * `pageerror` carries both): a test's `afterEach` asserts the list is empty.
 *
 * @param pages - The pages (taken out of the test's list).
 * @returns `pageerror` messages, in page order.
 */
export async function closePages(pages: RoomPage[]): Promise<string[]> {
  const errors = pages.flatMap((page) => page.pageErrors());
  await Promise.all(pages.map((page) => page.close()));
  return errors;
}
