import type { OTLike } from '@opentok-rooms/room-client';

/** What the server tells the app (see examples/basic/server.mjs). */
export interface AppConfig {
  mode: 'emulator' | 'opentok';
  otScriptUrl: string | null;
}

/** The app's config and, with the emulator, its `OT` (real OpenTok: room-client loads the SDK). */
export interface Backend {
  config: AppConfig;
  OT: OTLike | undefined;
}

function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(script);
  });
}

export async function loadBackend(): Promise<Backend> {
  const response = await fetch('/api/config');
  if (!response.ok) throw new Error(`The server did not answer /api/config (${response.status}).`);
  const config = (await response.json()) as AppConfig;
  if (config.mode !== 'emulator' || !config.otScriptUrl) return { config, OT: undefined };
  await loadScript(config.otScriptUrl);
  return { config, OT: (window as unknown as { OT: OTLike }).OT };
}

/** The display name in a connection's data (`{"name": "…"}`, set by the server's policy). */
export function nameFromData(data: string): string {
  try {
    const { name } = JSON.parse(data) as { name?: unknown };
    return typeof name === 'string' && name.trim() ? name : 'Guest';
  } catch {
    return 'Guest';
  }
}

/** The room in the address (`/r/<room>`), if any. */
export function roomFromPath(pathname: string): string | undefined {
  const match = /^\/r\/([^/]+)$/.exec(pathname);
  return match ? decodeURIComponent(match[1]!) : undefined;
}

export const ROOM_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
