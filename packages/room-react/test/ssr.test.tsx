// Server rendering in plain Node with every browser global trapped: importing the package and
// rendering its components touches none of them, and the HTML is a stable placeholder.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BROWSER_GLOBALS = [
  'window',
  'document',
  'navigator',
  'location',
  'localStorage',
  'sessionStorage',
  'HTMLElement',
  'HTMLVideoElement',
  'MediaStream',
  'RTCPeerConnection',
  'requestAnimationFrame',
  'ResizeObserver',
];
const touched: string[] = [];
const saved = new Map<string, PropertyDescriptor | undefined>();

beforeAll(() => {
  for (const name of BROWSER_GLOBALS) {
    saved.set(name, Object.getOwnPropertyDescriptor(globalThis, name));
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        touched.push(name);
        throw new Error(`a browser global was touched during SSR: ${name}`);
      },
    });
  }
});

afterAll(() => {
  for (const [name, descriptor] of saved) {
    if (descriptor) Object.defineProperty(globalThis, name, descriptor);
    else delete (globalThis as Record<string, unknown>)[name];
  }
});

// Loaded after the traps are set (see beforeAll), so the import itself is checked too.
let lib: typeof import('../src/index.js');
let server: typeof import('react-dom/server');

function Status() {
  const { state } = lib.useRoomState();
  const { others } = lib.useRoomCounts();
  const listed = lib.useParticipants().length;
  return <p>{`${state} · ${others} others · ${listed} listed`}</p>;
}

async function serverRender(): Promise<string> {
  server ??= await import('react-dom/server');
  lib ??= await import('../src/index.js');
  const { Room, VideoGrid, VideoTile } = lib;
  return server.renderToString(
    <Room room="standup" joinUrl="/api/rooms/standup/join" joinData='{"name":"Ada"}'>
      <Status />
      <VideoGrid localName="Ada" />
      <VideoTile local="screen" />
    </Room>,
  );
}

describe('server rendering', () => {
  it('imports and renders with no browser global touched, the same HTML every time', async () => {
    const html = await serverRender();
    expect(touched).toEqual([]);
    expect(html).toContain('idle · 0 others · 0 listed');
    expect(html).toContain('class="otr-grid"');
    expect(html).toContain('data-layout="grid"');
    expect(html).toMatch(/class="otr-tile"[^>]*data-source="camera"[^>]*data-local="true"/);
    expect(html).toContain('<span class="otr-tile-avatar" aria-hidden="true">A</span>');
    expect(html).toContain('Your screen');
    expect(html).not.toContain('<video');
    expect(await serverRender()).toBe(html);
  });

  it('the published CommonJS and ESM builds load under the same traps', async () => {
    const require = createRequire(import.meta.url);
    const cjs = require('../dist/index.cjs') as Record<string, unknown>;
    const esm = (await import('../dist/index.js')) as Record<string, unknown>;
    expect(Object.keys(cjs).sort()).toEqual(Object.keys(esm).sort());
    expect(typeof esm.VideoGrid).toBe('function');
    expect(touched).toEqual([]);
  });
});
