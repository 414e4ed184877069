import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { roomSnapshot } from '../src/index.js';
import { join, settle, setup } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('recording state', () => {
  it('recordingStarted/Stopped and the recording slice follow archiveStarted/archiveStopped', async () => {
    const { client, room } = setup();
    const events: string[] = [];
    client.on('recordingStarted', ({ archiveId, name, startedAt }) =>
      events.push(`started:${archiveId}:${name}:${typeof startedAt}`),
    );
    client.on('recordingStopped', ({ archiveId }) => events.push(`stopped:${archiveId}`));
    await join(client);
    const before = roomSnapshot(client).getSnapshot();
    expect(before.recording).toEqual({
      active: false,
      archiveId: undefined,
      name: undefined,
      startedAt: undefined,
    });
    room.startArchive({ id: 'a1', name: 'Weekly' });
    const during = roomSnapshot(client).getSnapshot();
    expect(during.recording).toMatchObject({ active: true, archiveId: 'a1', name: 'Weekly' });
    expect(during.recording.startedAt).toBe(Date.now());
    // Only the recording slice changed: the others keep their identity.
    expect(during.participants).toBe(before.participants);
    expect(during.local).toBe(before.local);
    room.stopArchive('a1');
    expect(roomSnapshot(client).getSnapshot().recording.active).toBe(false);
    room.stopArchive('a1');
    expect(events).toEqual(['started:a1:Weekly:number', 'stopped:a1']);
  });

  it('someone joining mid-recording is told after the initial burst, with no start time', async () => {
    const { client, room } = setup();
    const alice = room.join({ data: 'name=Alice' });
    room.publish(alice, { name: 'cam' });
    room.startArchive({ id: 'a1' });
    const order: string[] = [];
    client.on('participantJoined', () => order.push('participant'));
    client.on('streamAdded', () => order.push('stream'));
    client.on('recordingStarted', (recording) => order.push(`recording:${recording.startedAt}`));
    let notified = 0;
    roomSnapshot(client).subscribe(() => {
      notified += 1;
    });
    await join(client);
    expect(order).toEqual(['participant', 'stream', 'recording:undefined']);
    expect(roomSnapshot(client).getSnapshot().recording).toEqual({
      active: true,
      archiveId: 'a1',
      name: undefined,
      startedAt: undefined,
    });
    expect(notified).toBeGreaterThan(0);
  });

  it('leaving forgets the recording; a rejoin hears of it again', async () => {
    const { client, room } = setup();
    room.startArchive({ id: 'a1', name: 'x' });
    await join(client);
    expect(roomSnapshot(client).getSnapshot().recording.active).toBe(true);
    const left = client.leave();
    await settle();
    await left;
    expect(roomSnapshot(client).getSnapshot().recording.active).toBe(false);
    await join(client);
    expect(roomSnapshot(client).getSnapshot().recording).toMatchObject({
      active: true,
      archiveId: 'a1',
    });
  });
  it('two recordings at once: the snapshot shows the first started still recording', async () => {
    // room-server's multiArchiveTag lets a room record twice at once (e.g. composed and individual).
    const { client, room } = setup();
    const events: string[] = [];
    client.on('recordingStarted', ({ archiveId }) => events.push(`started:${archiveId}`));
    client.on('recordingStopped', ({ archiveId }) => events.push(`stopped:${archiveId}`));
    await join(client);
    room.startArchive({ id: 'a1', name: 'composed' });
    const first = roomSnapshot(client).getSnapshot().recording;
    vi.advanceTimersByTime(1000);
    room.startArchive({ id: 'a2', name: 'individual' });
    // The second start changes nothing in the snapshot: it keeps showing a1, same object.
    expect(roomSnapshot(client).getSnapshot().recording).toBe(first);
    // Stopping the newer one: still recording, still a1.
    room.stopArchive('a2');
    expect(roomSnapshot(client).getSnapshot().recording).toBe(first);
    // Stopping the older one while the newer records: the snapshot moves on to it.
    room.startArchive({ id: 'a3', name: 'again' });
    room.stopArchive('a1');
    expect(roomSnapshot(client).getSnapshot().recording).toEqual({
      active: true,
      archiveId: 'a3',
      name: 'again',
      startedAt: Date.now(),
    });
    room.stopArchive('a3');
    expect(roomSnapshot(client).getSnapshot().recording.active).toBe(false);
    expect(events).toEqual([
      'started:a1',
      'started:a2',
      'stopped:a2',
      'started:a3',
      'stopped:a1',
      'stopped:a3',
    ]);
  });

  it('joining while two record: it shows the first reported, and one stop leaves it recording', async () => {
    const { client, room } = setup();
    room.startArchive({ id: 'a1' });
    room.startArchive({ id: 'a2', name: 'second' });
    const stops: string[] = [];
    client.on('recordingStopped', ({ archiveId }) => stops.push(archiveId));
    roomSnapshot(client).subscribe(() =>
      stops.push(`snapshot:${roomSnapshot(client).getSnapshot().recording.archiveId}`),
    );
    await join(client);
    expect(roomSnapshot(client).getSnapshot().recording).toMatchObject({
      active: true,
      archiveId: 'a1',
    });
    stops.length = 0;
    room.stopArchive('a1');
    // The event, then one snapshot change (never a "not recording" in between).
    expect(stops).toEqual(['a1', 'snapshot:a2']);
    expect(roomSnapshot(client).getSnapshot().recording).toEqual({
      active: true,
      archiveId: 'a2',
      name: 'second',
      startedAt: undefined,
    });
    room.stopArchive('a2');
    expect(roomSnapshot(client).getSnapshot().recording.active).toBe(false);
  });
});
