import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';

/** Debian's Chromium, or the one named by `CHROMIUM_PATH`. Never downloaded. */
export declare const CHROMIUM_PATH: string;
/** Whether that Chromium exists here. */
export declare const hasChromium: boolean;
/** Flags for real WebRTC between local pages: fake camera (auto-accepted), loopback ICE, autoplay. */
export declare const CHROMIUM_ARGS: readonly string[];

/**
 * Whether browser tests should skip: only when Chromium is missing outside CI (with a message);
 * in CI a missing browser fails at launch instead.
 *
 * @param label - who is skipping, for the message
 */
export declare function skipWithoutChromium(label: string): boolean;

/**
 * Launches headless Chromium with the WebRTC flags.
 *
 * @param options - `mediaPrompt: 'block'` answers camera prompts with "Block" instead of accepting
 *   them; `cameras` sets how many fake cameras are listed (default 1); `captureTabTitled` makes the
 *   screen picker choose the tab with that title (closing it ends the capture, like "Stop sharing";
 *   camera access then comes from the context's permissions, see `newMediaContext`); `extraArgs`: more
 *   Chromium flags, after the others; `niceness` (Linux, 0 to 19, default 0): runs
 *   every process of this browser at that nice value (its autogroup's and each thread's), so that a
 *   process sharing the machine with it, such as the emulator, is not starved by the pages
 * @throws Error when Chromium is missing; RangeError for a niceness outside 0 to 19
 */
export declare function launchChromium(options?: {
  mediaPrompt?: 'accept' | 'block';
  cameras?: number;
  captureTabTitled?: string;
  extraArgs?: readonly string[];
  niceness?: number;
}): Promise<Browser>;

/**
 * A fresh context with camera and microphone granted (needed for ICE candidates on loopback).
 *
 * @param browser - the browser
 * @param options - more context options
 */
export declare function newMediaContext(
  browser: Browser,
  options?: BrowserContextOptions,
): Promise<BrowserContext>;

/**
 * Every live Chromium process descended from this one (Linux), as read from /proc.
 *
 * @returns pid to its /proc stat line, or `undefined` without /proc
 */
export declare function ownChromiumProcesses(): Map<string, string> | undefined;

/**
 * A live process's thread ids (Linux).
 *
 * @param pid - the process
 * @returns its threads' ids, none once it has exited
 */
export declare function threadIds(pid: string): string[];
