// Debian's Chromium, driven by playwright-core: one place for its path and the flags that make real
// WebRTC work between pages on one machine (see OPENTOK-FACTS.md, "Real browsers on these machines").
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { setPriority } from 'node:os';
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
  niceness = 0,
} = {}) {
  if (!Number.isInteger(niceness) || niceness < 0 || niceness > 19) {
    throw new RangeError(`niceness is an integer from 0 to 19, not ${niceness}`);
  }
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
  // Only this launch's processes: another browser of this process keeps its own priority.
  const before = new Set(niceness === 0 ? [] : (ownChromiumProcesses()?.keys() ?? []));
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args });
  if (niceness !== 0) {
    const launched = [...(ownChromiumProcesses()?.keys() ?? [])].filter((pid) => !before.has(pid));
    lowerPriority(launched, niceness);
  }
  return browser;
}

// Every live Chromium process descended from this one (playwright-core spawns the browser as our
// child, in a session of its own): pid to its /proc stat line; `undefined` without /proc.
export function ownChromiumProcesses() {
  let entries;
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  const stats = new Map();
  const children = new Map();
  for (const pid of entries) {
    if (!/^\d+$/.test(pid)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // it exited meanwhile
    }
    stats.set(pid, stat);
    const ppid = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const own = new Map();
  const queue = [String(process.pid)];
  while (queue.length > 0) {
    for (const child of children.get(queue.pop()) ?? []) {
      queue.push(child);
      const stat = stats.get(child);
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (name.includes('chrom')) own.set(child, stat);
    }
  }
  return own;
}

// A live process's thread ids (Linux); none once it has exited.
export function threadIds(pid) {
  try {
    return readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
}

// Linux schedules a session's processes as one group (autogroup) where enabled, so the group's
// nice value is what weighs against the emulator's; elsewhere each thread's own does, and a new
// thread or forked renderer inherits its creator's. Both are set; raising them needs no privilege.
function lowerPriority(pids, niceness) {
  for (const pid of pids) {
    try {
      writeFileSync(`/proc/${pid}/autogroup`, String(niceness));
    } catch {} // no autogroups here
    for (const tid of threadIds(pid)) {
      try {
        setPriority(Number(tid), niceness);
      } catch {} // it exited meanwhile
    }
  }
}

export function newMediaContext(browser, options = {}) {
  return browser.newContext({ permissions: ['camera', 'microphone'], ...options });
}
