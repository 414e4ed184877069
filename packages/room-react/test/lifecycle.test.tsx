// @vitest-environment jsdom
// Joins and leaves as React drives them: StrictMode's mount/unmount/mount, unmount, fast room
// switches, and 1,000 mount/unmount cycles, against room-client on the fake OT.
import type { RoomClientOptions } from '@opentok-rooms/room-client';
import { cleanup, render } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { Room, useRoomState } from '../src/index.js';
import { clientLog, credentialsFor, fakeOT, until } from './helpers.js';

afterEach(cleanup);

const sessionOf = (options: RoomClientOptions) =>
  (options.credentials as () => { sessionId: string })().sessionId;

function State() {
  return <output data-testid="state">{useRoomState().state}</output>;
}

describe('<Room> lifecycle', () => {
  it('StrictMode mount/unmount/mount ends with one connection, one publisher, one subscription', async () => {
    const OT = fakeOT();
    const remote = OT.room('s1');
    const alice = remote.join({ data: 'Alice' });
    remote.publish(alice, { name: 'Alice' });
    const log = clientLog(sessionOf);
    const view = render(
      <StrictMode>
        <Room
          room="s1"
          OT={OT}
          credentials={() => credentialsFor('s1')}
          createClient={log.createClient}
        >
          <State />
        </Room>
      </StrictMode>,
    );
    await until(() => view.getByTestId('state').textContent === 'connected', 'connected');
    await until(() => log.events.includes('joined s1'), 'the join settled');
    // StrictMode rendered twice (a spare client may be created), but only one ever joined.
    expect(log.events).toEqual(['join s1', 'joined s1']);
    expect(remote.session.connection).not.toBeNull();
    expect([...remote.connections.values()].filter((c) => c.data !== 'Alice')).toHaveLength(1);
    expect(OT.objects.publishers.filter((p) => !p.destroyed)).toHaveLength(1);
    expect(OT.objects.publishers).toHaveLength(1);
    expect(OT.objects.subscribers).toHaveLength(1);
    expect(OT.objects.sessions).toHaveLength(1);

    view.unmount();
    await until(() => log.events.includes('left s1'), 'the leave');
    expect(remote.session.connection).toBeNull();
    expect(OT.listenerCount()).toBe(0);
    expect(log.snapshotListeners()).toBe(0);
  });

  it('an unmount and a mount in the same tick keep one connection (no leave, no second join)', async () => {
    const OT = fakeOT();
    const log = clientLog(sessionOf);
    const { rerender } = render(<div />);
    const tree = (shown: boolean) => (
      <div>
        {shown ? (
          <Room
            room="s1"
            OT={OT}
            credentials={() => credentialsFor('s1')}
            createClient={log.createClient}
          >
            <State />
          </Room>
        ) : null}
      </div>
    );
    rerender(tree(true));
    await until(() => log.events.includes('joined s1'), 'joined');
    rerender(tree(false));
    await until(() => log.events.includes('left s1'), 'left');
    rerender(tree(true));
    await until(() => log.events.filter((e) => e === 'joined s1').length === 2, 'joined again');
    expect(OT.room('s1').session.connection).not.toBeNull();
    expect(OT.objects.publishers.filter((p) => !p.destroyed)).toHaveLength(1);
  });

  it('a room switch leaves the old room before it joins the new one, even when switched fast', async () => {
    const OT = fakeOT();
    OT.configure({ connectDelayMs: 5, disconnectDelayMs: 10 });
    const log = clientLog(sessionOf);
    const room = (name: string) => (
      <StrictMode>
        <Room
          room={name}
          OT={OT}
          credentials={() => credentialsFor(name)}
          createClient={log.createClient}
        >
          <State />
        </Room>
      </StrictMode>
    );
    const view = render(room('a'));
    await until(() => log.events.includes('joined a'), 'joined a');
    view.rerender(room('b'));
    view.rerender(room('c')); // before b even started
    await until(() => log.events.includes('joined c'), 'joined c');
    expect(log.events.indexOf('left a')).toBeLessThan(log.events.indexOf('join c'));
    // b was released before its join began: it never connected.
    expect(log.events.some((e) => e.startsWith('join b'))).toBe(false);
    expect(OT.room('a').session.connection).toBeNull();
    expect(OT.room('c').session.connection).not.toBeNull();
    expect(view.getByTestId('state').textContent).toBe('connected');

    // A switch while the new room is still connecting cancels that join, then joins the next.
    view.rerender(room('d'));
    await until(() => log.events.includes('join d'), 'join d started');
    expect(OT.room('d').session.currentState).toBe('connecting');
    view.rerender(room('e'));
    await until(() => log.events.includes('joined e'), 'joined e');
    const order = log.events.slice(log.events.indexOf('joined c'));
    expect(order.indexOf('left c')).toBeLessThan(order.indexOf('join d'));
    expect(order).toContain('join d rejected cancelled');
    expect(order.indexOf('left d')).toBeLessThan(order.indexOf('join e'));
    for (const name of ['a', 'b', 'c', 'd']) expect(OT.room(name).session.connection).toBeNull();
    view.unmount();
    await until(() => log.events.includes('left e'), 'left e');
    expect(OT.listenerCount()).toBe(0);
    expect(log.snapshotListeners()).toBe(0);
  });

  it('1,000 mount/unmount cycles leave no connection, listener or publisher behind', async () => {
    const OT = fakeOT();
    const log = clientLog(sessionOf);
    for (let cycle = 0; cycle < 1000; cycle++) {
      const view = render(
        <StrictMode>
          <Room
            room="s1"
            OT={OT}
            credentials={() => credentialsFor('s1')}
            createClient={log.createClient}
          >
            <State />
          </Room>
        </StrictMode>,
      );
      // Every tenth cycle waits for the join; the others unmount at once (cancelling it).
      if (cycle % 10 === 0) {
        const joined = log.events.filter((e) => e === 'joined s1').length;
        await until(() => log.events.filter((e) => e === 'joined s1').length > joined, 'joined');
      }
      view.unmount();
    }
    await until(
      () => log.clients.every((client) => ['idle', 'disconnected'].includes(client.state)),
      'every client left',
    );
    expect(OT.room('s1').session.connection).toBeNull();
    expect(OT.listenerCount()).toBe(0);
    expect(log.snapshotListeners()).toBe(0);
    expect(OT.objects.publishers.filter((p) => !p.destroyed)).toHaveLength(0);
    expect(log.events.filter((e) => e === 'joined s1').length).toBe(100);
  }, 60_000);
});
