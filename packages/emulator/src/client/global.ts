// The script build served at `{emulator url}/ot.js`: defines `window.OT`, pointed at the
// emulator the script was loaded from, so a page written for `@opentok/client` only swaps its
// script tag.
import { createOT } from './ot.js';

function ownOrigin(): string | undefined {
  const script = document.currentScript;
  if (!(script instanceof HTMLScriptElement) || script.src === '') return undefined;
  const url = new URL(script.src);
  const base = url.pathname.replace(/\/ot(\.global)?\.js$/, '');
  return `${url.origin}${base}`.replace(/\/+$/, '');
}

(globalThis as { OT?: unknown }).OT = createOT(ownOrigin());
