import { afterEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import type { ServerMessage } from '../src/protocol.js';
import { createSessionViaSdk, sdkFor } from './helpers/sdk.js';
import { connectRawClient, type RawClient } from './helpers/ws-client.js';

const STREAM = {
  type: 'publish',
  name: 'cam',
  hasAudio: true,
  hasVideo: true,
  videoType: 'camera',
  videoDimensions: { width: 640, height: 480 },
};

describe('the media router seen from the signalling protocol', { timeout: 60_000 }, () => {
  let emulator: Emulator | undefined;
  const clients: RawClient[] = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await emulator?.close();
    emulator = undefined;
  });

  const session = async (running: Emulator, mediaMode: 'routed' | 'relayed'): Promise<string> =>
    (await createSessionViaSdk(sdkFor(running), { mediaMode })).sessionId!;
  const connect = async (running: Emulator, sessionId: string) => {
    const token = sdkFor(running).generateToken(sessionId, { role: 'publisher' });
    const connected = await connectRawClient(running, sessionId, token);
    clients.push(connected.client);
    return connected;
  };

  it('tells each client its session’s media mode at connect', async () => {
    emulator = await startEmulator();
    const routed = await connect(emulator, await session(emulator, 'routed'));
    const relayed = await connect(emulator, await session(emulator, 'relayed'));
    expect(routed.result.mediaMode).toBe('routed');
    expect(relayed.result.mediaMode).toBe('relayed');
  });

  it('routes a subscribe in a routed session to the router, which offers from loopback only', async () => {
    emulator = await startEmulator();
    const sessionId = await session(emulator, 'routed');
    const publisher = await connect(emulator, sessionId);
    const subscriber = await connect(emulator, sessionId);
    const published = await publisher.client.request(STREAM);
    const { streamId } = published.result as { streamId: string };
    const reply = await subscriber.client.request({
      type: 'subscribe',
      streamId,
      subscriberId: 'sub-1',
    });
    expect(reply.error).toBeUndefined();
    const offer = (await subscriber.client.waitFor(
      (message) => message.type === 'rtc' && message.payload.kind === 'description',
      // werift loads and makes its DTLS certificate on the first routed stream: slow on a busy machine.
      45_000,
    )) as Extract<ServerMessage, { type: 'rtc' }>;
    expect(offer.from).toBe('media-router');
    expect(offer.subscriberId).toBe('sub-1');
    const description = offer.payload as { description: { type: string; sdp: string } };
    expect(description.description.type).toBe('offer');
    const candidates = description.description.sdp
      .split('\r\n')
      .filter((line) => line.startsWith('a=candidate:'));
    expect(candidates.length).toBeGreaterThan(0);
    for (const line of candidates) expect(line.split(' ')[4]).toBe('127.0.0.1');
    // ICE-lite: the browser runs connectivity and consent checks. A full werift agent expires
    // consent when its STUN replies are read late (a busy event loop) and then sends nothing.
    expect(description.description.sdp).toContain('a=ice-lite');
    // The router is the DTLS client (werift's DTLS server lost handshakes under load).
    const setups = description.description.sdp
      .split('\r\n')
      .filter((l) => l.startsWith('a=setup:'));
    expect(setups.length).toBeGreaterThan(0);
    expect(new Set(setups)).toEqual(new Set(['a=setup:active']));
    expect(emulator.media.forwardedStreams(sessionId)).toBe(1);
    const [stats] = emulator.media.stats(sessionId);
    expect(stats?.upstreams.map((upstream) => upstream.streamId)).toEqual([streamId]);
    expect(stats?.downstreams).toEqual([
      expect.objectContaining({
        subscriberId: 'sub-1',
        streamId,
        forwarded: { audio: { packets: 0, bytes: 0 }, video: { packets: 0, bytes: 0 } },
        keyframesForwarded: 0,
        pliReceived: 0,
        enabled: { audio: true, video: true },
      }),
    ]);
    expect(stats?.downstreams[0]?.state.dtls).toBe('new');
    // The publisher is never asked for a peer connection of its own.
    expect(publisher.client.messages.some((message) => message.type === 'subscribe')).toBe(false);

    subscriber.client.send({ type: 'unsubscribe', streamId, subscriberId: 'sub-1' });
    await expect
      .poll(() => emulator!.media.forwardedStreams(sessionId), { timeout: 5_000 })
      .toBe(0);
  });

  it('relays a subscribe in a relayed session to the publisher, as before', async () => {
    emulator = await startEmulator();
    const sessionId = await session(emulator, 'relayed');
    const publisher = await connect(emulator, sessionId);
    const subscriber = await connect(emulator, sessionId);
    const { streamId } = (await publisher.client.request(STREAM)).result as { streamId: string };
    await subscriber.client.request({ type: 'subscribe', streamId, subscriberId: 'sub-1' });
    await publisher.client.waitFor((message) => message.type === 'subscribe');
    expect(emulator.media.forwardedStreams()).toBe(0);
  });

  it('refuses a stream over maxStreams and a session over maxSessions, naming the option', async () => {
    emulator = await startEmulator({ media: { maxStreams: 2, maxSessions: 1 } });
    const first = await session(emulator, 'routed');
    const a = await connect(emulator, first);
    const b = await connect(emulator, first);
    const c = await connect(emulator, first);
    const firstStream = await a.client.request(STREAM);
    expect(firstStream.error).toBeUndefined();
    // A second routed session may not carry media while the first one does.
    const other = await connect(emulator, await session(emulator, 'routed'));
    const refusedSession = await other.client.request(STREAM);
    expect(refusedSession.error).toMatchObject({ name: 'OT_STREAM_LIMIT_EXCEEDED', code: 1605 });
    expect(refusedSession.error?.message).toMatch(/media\.maxSessions/);
    expect((await b.client.request(STREAM)).error).toBeUndefined();
    const refusedStream = await c.client.request(STREAM);
    expect(refusedStream.error).toMatchObject({ name: 'OT_STREAM_LIMIT_EXCEEDED', code: 1605 });
    expect(refusedStream.error?.message).toMatch(/media\.maxStreams/);
    // Relayed sessions do not go through the router: no cap applies.
    const relayed = await connect(emulator, await session(emulator, 'relayed'));
    expect((await relayed.client.request(STREAM)).error).toBeUndefined();
    // A stream that goes away frees its place.
    const { streamId } = firstStream.result as { streamId: string };
    await a.client.request({ type: 'unpublish', streamId });
    expect((await c.client.request(STREAM)).error).toBeUndefined();
  });

  it('checks its options when the emulator starts', async () => {
    await expect(startEmulator({ media: { host: 'localhost' } })).rejects.toThrow(/media\.host/);
    await expect(startEmulator({ media: { maxStreams: 0 } })).rejects.toThrow(/media\.maxStreams/);
    await expect(startEmulator({ media: { portRange: [5000, 4000] } })).rejects.toThrow(
      /media\.portRange/,
    );
  });
});
