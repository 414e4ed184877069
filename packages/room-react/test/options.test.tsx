// @vitest-environment jsdom
// `<Room>` options given as `undefined` are the same as leaving them out, as React props are:
// `OT={undefined}` gives room-client no `OT` key (it then imports `@opentok/client`, as with no
// `OT`), never `OT: undefined` (which room-client's createRoomClient fails with sdk_load_failed).
// The package is type-checked with exactOptionalPropertyTypes, under which these props compile.
import { createRoomClient, type RoomClientOptions } from '@opentok-rooms/room-client';
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Room, type RoomOptions } from '../src/index.js';
import { credentialsFor, fakeOT } from './helpers.js';

afterEach(cleanup);

/** The options `<Room>` creates its client with, for these props (without joining). */
function clientOptions(props: Omit<RoomOptions, 'room' | 'createClient'>): RoomClientOptions {
  const seen: RoomClientOptions[] = [];
  render(
    <Room
      room="s1"
      connect={false}
      createClient={(options) => {
        seen.push(options);
        return createRoomClient(options);
      }}
      {...props}
    />,
  );
  expect(seen.length).toBeGreaterThan(0);
  return seen[0]!;
}

describe('<Room> options given as undefined', () => {
  it('OT={undefined} is the same as no OT: no OT key reaches room-client', () => {
    const omitted = clientOptions({ credentials: credentialsFor('s1') });
    cleanup();
    const undefinedOT = clientOptions({ credentials: credentialsFor('s1'), OT: undefined });
    expect('OT' in omitted).toBe(false);
    expect('OT' in undefinedOT).toBe(false);
    expect(Object.keys(undefinedOT).sort()).toEqual(Object.keys(omitted).sort());
  });

  it('an OT given is passed on', () => {
    const OT = fakeOT();
    expect(clientOptions({ credentials: credentialsFor('s1'), OT }).OT).toBe(OT);
  });

  it('every other option given as undefined is the same as leaving it out', () => {
    const omitted = clientOptions({ credentials: credentialsFor('s1') });
    cleanup();
    const allUndefined = clientOptions({
      credentials: credentialsFor('s1'),
      joinUrl: undefined,
      joinData: undefined,
      OT: undefined,
      publisher: undefined,
      subscriber: undefined,
      autoSubscribe: undefined,
      activeSpeaker: undefined,
      mediaDevices: undefined,
      timeouts: undefined,
      onError: undefined,
    });
    expect(Object.keys(allUndefined).sort()).toEqual(Object.keys(omitted).sort());
  });
});

describe('room-client options under exactOptionalPropertyTypes', () => {
  it('createRoomClient takes OT: window.OT (OTLike | undefined) and fails that join with sdk_load_failed when it is undefined', async () => {
    const fromScript: { OT?: RoomClientOptions['OT'] } = {};
    // Compiles only because room-client types OT as `OTLike | undefined` (TS2379 before).
    const client = createRoomClient({ credentials: credentialsFor('s1'), OT: fromScript.OT });
    await expect(client.join()).rejects.toMatchObject({ code: 'sdk_load_failed' });
  });
});
