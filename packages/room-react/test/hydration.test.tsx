// @vitest-environment jsdom
// Server HTML hydrates with no mismatch, then the room joins in the browser only.
import { act } from '@testing-library/react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { Room, useRoomCounts, useRoomState, VideoGrid } from '../src/index.js';
import { credentialsFor, fakeOT, until } from './helpers.js';

function Status() {
  const { state } = useRoomState();
  return (
    <p id="status">
      {state} · {useRoomCounts().others} others
    </p>
  );
}

describe('hydration', () => {
  it('hydrates the server placeholder without a mismatch and joins afterwards', async () => {
    const OT = fakeOT();
    const remote = OT.room('s1');
    remote.publish(remote.join({ data: 'Alice' }), { name: 'Alice' });
    const app = (
      <Room room="s1" OT={OT} credentials={credentialsFor('s1')}>
        <Status />
        <VideoGrid localName="Ada" />
      </Room>
    );
    const html = renderToString(app);
    // Rendering on the server joined nothing.
    expect(remote.session.connection).toBeNull();
    const container = document.createElement('div');
    container.innerHTML = html;
    document.body.append(container);

    const errors = vi.spyOn(console, 'error');
    const recoverable: unknown[] = [];
    let root: ReturnType<typeof hydrateRoot> | undefined;
    await act(async () => {
      root = hydrateRoot(container, app, { onRecoverableError: (e) => recoverable.push(e) });
    });
    await until(
      () => container.querySelector('#status')?.textContent === 'connected · 1 others',
      'joined',
    );
    await until(() => container.querySelectorAll('video').length === 2, 'both videos');
    expect(recoverable).toEqual([]);
    expect(errors).not.toHaveBeenCalled();
    await act(async () => root!.unmount());
    errors.mockRestore();
  });
});
