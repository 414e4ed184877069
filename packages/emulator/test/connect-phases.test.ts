// The server side of the SDK's connect phases: client-made connection ids (reused after a connect
// cancelled while its acknowledgement was pending), connects held at the socket or the
// acknowledgement, and a moderator's forceUnpublish.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type Emulator, startEmulator } from '../src/index.js';
import { createSessionViaSdk, sdkFor } from './helpers/sdk.js';
import {
  connectRawClient,
  openRawClient,
  type RawClient,
  CAMERA_STREAM as STREAM,
} from './helpers/ws-client.js';

describe('connect phases and forceUnpublish on the signalling server', () => {
  let emulator: Emulator;
  let sessionId: string;
  const clients: RawClient[] = [];
  const token = (role = 'publisher'): string => sdkFor(emulator).generateToken(sessionId, { role });
  const open = async (): Promise<RawClient> => {
    const client = await openRawClient(emulator);
    clients.push(client);
    return client;
  };
  const connectMessage = (connectionId?: string, role = 'publisher') => ({
    type: 'connect',
    apiKey: emulator.apiKey,
    sessionId,
    token: token(role),
    ...(connectionId === undefined ? {} : { connectionId }),
  });

  beforeEach(async () => {
    emulator = await startEmulator({ reconnectWindowMs: 200 });
    sessionId = (await createSessionViaSdk(sdkFor(emulator))).sessionId!;
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await emulator.close();
  });

  it('takes the connection id the client made, refuses one that is live, takes it again once gone', async () => {
    const id = '6f1c2d3e-0000-4000-8000-00000000abcd';
    const observer = await connectRawClient(emulator, sessionId, token());
    clients.push(observer.client);
    const first = await open();
    expect(
      ((await first.request(connectMessage(id))).result as { connection: { connectionId: string } })
        .connection.connectionId,
    ).toBe(id);
    const twin = await open();
    expect((await twin.request(connectMessage(id))).error).toMatchObject({
      name: 'OT_CONNECT_FAILED',
    });
    expect((await (await open()).request(connectMessage('bad id!'))).error).toMatchObject({
      name: 'OT_CONNECT_FAILED',
    });
    first.send({ type: 'disconnect' });
    await first.closed;
    const again = await open();
    expect((await again.request(connectMessage(id))).error).toBeUndefined();
    await observer.client.waitFor(
      (m) =>
        m.type === 'connectionCreated' &&
        observer.client.messages.filter((x) => x.type === 'connectionCreated').length === 2,
    );
    expect(
      observer.client.messages.map((m) =>
        m.type === 'connectionCreated'
          ? `+${m.connection.connectionId}`
          : m.type === 'connectionDestroyed'
            ? `-${m.connectionId}`
            : m.type,
      ),
    ).toEqual([`+${id}`, `-${id}`, `+${id}`]);
  });

  it('an acknowledgement stall admits the connection at once but holds its answer', async () => {
    const observer = await connectRawClient(emulator, sessionId, token());
    clients.push(observer.client);
    emulator.connectStalls.next({ at: 'acknowledgement', ms: 1000 });
    const client = await open();
    const started = performance.now();
    const order: string[] = [];
    const answered = client
      .request(connectMessage('aaaaaaaa-1111-4111-8111-111111111111'))
      .then((reply) => {
        order.push('answered');
        return reply;
      });
    await observer.client.waitFor((m) => m.type === 'connectionCreated');
    order.push('others saw it');
    expect((await answered).error).toBeUndefined();
    expect(order).toEqual(['others saw it', 'answered']);
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    // One connect only: the next one is answered without the stall.
    const next = await open();
    const reply = await Promise.race([
      next.request(connectMessage()),
      new Promise<'held'>((resolve) => setTimeout(() => resolve('held'), 5000)),
    ]);
    expect(reply).not.toBe('held');
  });

  it('a socket stall holds the upgrade; a client that gives up leaves nothing behind', async () => {
    emulator.connectStalls.next({ at: 'socket' });
    const ws = new WebSocket(emulator.signallingUrl);
    const opened = new Promise((resolve) => ws.once('open', () => resolve('open')));
    const outcome = await Promise.race([
      opened,
      new Promise((resolve) => setTimeout(() => resolve('still opening'), 500)),
    ]);
    expect(outcome).toBe('still opening');
    ws.on('error', () => {});
    ws.terminate();
    expect(emulator.connections(sessionId)).toEqual([]);
    // The stall was used up: the next socket opens.
    const client = await open();
    expect((await client.request(connectMessage())).error).toBeUndefined();
  });

  it('rejects bad stalls', () => {
    expect(() => emulator.connectStalls.next({ at: 'later' as 'socket' })).toThrow(RangeError);
    expect(() => emulator.connectStalls.next({ at: 'socket', ms: -1 })).toThrow(RangeError);
    expect(() => emulator.connectStalls.next({ at: 'socket', times: 0 })).toThrow(RangeError);
  });

  it('forceUnpublish: moderators only; the publisher is told, the others see forceUnpublished', async () => {
    const publisher = await connectRawClient(emulator, sessionId, token());
    const other = await connectRawClient(emulator, sessionId, token());
    const moderator = await connectRawClient(emulator, sessionId, token('moderator'));
    clients.push(publisher.client, other.client, moderator.client);
    const { streamId } = (await publisher.client.request(STREAM)).result as { streamId: string };
    expect((await other.client.request({ type: 'forceUnpublish', streamId })).error).toMatchObject({
      name: 'OT_PERMISSION_DENIED',
      code: 1530,
    });
    expect(
      (await moderator.client.request({ type: 'forceUnpublish', streamId: 'nope' })).error,
    ).toMatchObject({ name: 'OT_NOT_FOUND' });
    expect(
      (await moderator.client.request({ type: 'forceUnpublish', streamId })).error,
    ).toBeUndefined();
    expect(await publisher.client.waitFor((m) => m.type === 'unpublishForced')).toEqual({
      type: 'unpublishForced',
      streamId,
    });
    expect(
      await other.client.waitFor((m) => m.type === 'streamDestroyed' && m.streamId === streamId),
    ).toEqual({ type: 'streamDestroyed', streamId, reason: 'forceUnpublished' });
    // The publisher stays connected and may publish again.
    expect((await publisher.client.request(STREAM)).error).toBeUndefined();
  });
});
