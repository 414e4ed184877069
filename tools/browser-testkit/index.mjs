// Debian's Chromium, driven by playwright-core: one place for its path and the flags that make real
// WebRTC work between pages on one machine (see OPENTOK-FACTS.md, "Real browsers on these machines").
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM_PATH);

// Keep Chromium off the closed network, and quiet.
const BASE_ARGS = [
  '--no-sandbox',
  '--use-fake-device-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const CHROMIUM_ARGS = [...BASE_ARGS, '--use-fake-ui-for-media-stream'];

export function skipWithoutChromium(label) {
  if (hasChromium || process.env.CI) return false;
  console.warn(
    `[${label}] SKIPPED: no Chromium at ${CHROMIUM_PATH}. Install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH.`,
  );
  return true;
}

// `cameras`: how many fake cameras Chromium lists (device switching). `captureTabTitled`: the
// screen picker picks the tab with this title, and closing that tab ends the capture for real
// (as the browser's "Stop sharing" does); the fake media UI is left out then, since it would
// pick the whole screen instead, and the context's granted permissions answer the camera.
function mediaArgs(base, { cameras, captureTabTitled }) {
  let args = base;
  if (cameras !== undefined) {
    args = args.map((arg) =>
      arg === '--use-fake-device-for-media-stream'
        ? `--use-fake-device-for-media-stream=device-count=${cameras}`
        : arg,
    );
  }
  if (captureTabTitled !== undefined) {
    args = args
      .filter((arg) => arg !== '--use-fake-ui-for-media-stream')
      .concat(`--auto-select-tab-capture-source-by-title=${captureTabTitled}`);
  }
  return args;
}

export async function launchChromium({
  mediaPrompt = 'accept',
  cameras,
  captureTabTitled,
  extraArgs = [],
} = {}) {
  if (!hasChromium) {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}: CI must install Debian's chromium package (apt-get install chromium).`,
    );
  }
  // 'block' answers every permission prompt with "Block", as a person refusing the camera would.
  const args = mediaArgs(
    mediaPrompt === 'accept' ? CHROMIUM_ARGS : [...BASE_ARGS, '--deny-permission-prompts'],
    { cameras, captureTabTitled },
  ).concat(extraArgs);
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args });
}

export function newMediaContext(browser, options = {}) {
  return browser.newContext({ permissions: ['camera', 'microphone'], ...options });
}
