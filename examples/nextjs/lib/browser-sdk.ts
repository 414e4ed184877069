// Which browser SDK the pages use, decided on the server from the variables room-server reads, so
// the page and the Route Handler agree on "emulator" or "real account" with no second switch (the
// same rule as the emulator's Vite plugin): OPENTOK_EMULATOR_URL, or an API URL on loopback (what
// the emulator prints), means the emulator's SDK; anything else, the real one.

/** The emulator's script build (defines a global `OT`), or undefined for the real SDK. */
export function emulatorScriptUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const url =
    env.OPENTOK_EMULATOR_URL || loopback(env.OPENTOK_API_URL) || loopback(env.VONAGE_VIDEO_API_URL);
  return url ? `${url.replace(/\/+$/, '')}/ot.js` : undefined;
}

function loopback(text: string | undefined): string | undefined {
  if (!text) return undefined;
  try {
    const { hostname } = new URL(text);
    return ['127.0.0.1', 'localhost', '[::1]'].includes(hostname) ? text : undefined;
  } catch {
    return undefined;
  }
}
