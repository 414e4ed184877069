import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';

/** Debian's Chromium, or the one named by `CHROMIUM_PATH`. Never downloaded. */
export const CHROMIUM_PATH: string = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether browser tests can run here. */
export const hasChromium: boolean = existsSync(CHROMIUM_PATH);

/**
 * Browser tests skip (with a message) when Chromium is absent on a developer machine, and fail
 * on CI, where a missing browser is a broken setup.
 */
export const skipBrowserTests: boolean = !hasChromium && process.env.CI === undefined;

if (skipBrowserTests) {
  console.warn(
    `[e2e] SKIPPED: no Chromium at ${CHROMIUM_PATH}. Install Debian's chromium (apt) or set CHROMIUM_PATH.`,
  );
}

/** Chromium flags: fake camera and microphone, WebRTC over loopback, autoplay. */
const ARGS = [
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Launches Chromium headless.
 *
 * @returns The browser.
 * @throws Error when Chromium is missing (on CI).
 */
export async function launchChromium(): Promise<Browser> {
  if (!hasChromium) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: CI must install Debian's chromium package.`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
}

/**
 * A fresh context with camera and microphone granted (needed for ICE candidates on loopback).
 *
 * @param browser - The browser.
 * @returns The context.
 */
export function newMediaContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ permissions: ['camera', 'microphone'] });
}
