import { readFile } from 'node:fs/promises';

/** The file name of the script build of the browser SDK, next to the package's `index.js`. */
const SCRIPT_FILE = 'ot.global.js';

let cached: Promise<string | undefined> | undefined;

async function firstReadable(candidates: readonly URL[]): Promise<string | undefined> {
  for (const candidate of candidates) {
    try {
      return await readFile(candidate, 'utf8');
    } catch {
      // try the next place
    }
  }
  return undefined;
}

/**
 * Reads the script build of the browser SDK (`dist/ot.global.js`) once: next to this module when
 * it runs from `dist`, or in `../dist` when it runs from source (tests).
 *
 * @returns The script text, or `undefined` when the package was not built.
 * @internal
 */
export function loadClientScript(): Promise<string | undefined> {
  cached ??= firstReadable([
    new URL(`./${SCRIPT_FILE}`, import.meta.url),
    new URL(`../dist/${SCRIPT_FILE}`, import.meta.url),
  ]).then((text) => {
    if (text === undefined) cached = undefined; // built later: look again next time
    return text;
  });
  return cached;
}
