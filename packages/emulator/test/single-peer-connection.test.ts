import { afterEach, describe, expect, it } from 'vitest';
import { RTCPeerConnection } from 'werift';
import { type Emulator, startEmulator } from '../src/index.js';
import { type ServerMessage, SINGLE_PEER_CONNECTION_ID } from '../src/protocol.js';
import { createSessionViaSdk, sdkFor } from './helpers/sdk.js';
import { CAMERA_STREAM, connectRawClient, type RawClient } from './helpers/ws-client.js';

type Rtc = Extract<ServerMessage, { type: 'rtc' }>;
const isOffer = (message: ServerMessage): message is Rtc =>
  message.type === 'rtc' &&
  message.subscriberId === SINGLE_PEER_CONNECTION_ID &&
  message.payload.kind === 'description';
const sdpOf = (message: Rtc): string =>
  (message.payload as { description: { sdp: string } }).description.sdp;

/** The m-sections of an SDP: kind, port, direction and msid stream id. */
function sections(
  sdp: string,
): Array<{ kind: string; port: string; direction: string; stream?: string }> {
  return sdp
    .split('\r\nm=')
    .slice(1)
    .map((section) => {
      const lines = section.split('\r\n');
      const [kind = '', port = ''] = (lines[0] ?? '').split(' ');
      const direction =
        lines.find((line) => /^a=(sendonly|recvonly|sendrecv|inactive)$/.test(line))?.slice(2) ??
        '';
      const stream = lines
        .find((line) => line.startsWith('a=msid:'))
        ?.slice(7)
        .split(' ')[0];
      return { kind, port, direction, ...(stream === undefined ? {} : { stream }) };
    });
}

describe('the single peer connection seen from the signalling protocol', {
  timeout: 90_000,
}, () => {
  let emulator: Emulator | undefined;
  const clients: RawClient[] = [];
  const peers: RTCPeerConnection[] = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await Promise.all(peers.splice(0).map((pc) => pc.close()));
    await emulator?.close();
    emulator = undefined;
  });

  const connect = async (running: Emulator, sessionId: string) => {
    const token = sdkFor(running).generateToken(sessionId, { role: 'publisher' });
    const connected = await connectRawClient(running, sessionId, token);
    clients.push(connected.client);
    return connected.client;
  };

  /** Answers the router's offer as a browser would (werift stands in for it here). */
  const answer = async (client: RawClient, pc: RTCPeerConnection, offer: Rtc): Promise<void> => {
    await pc.setRemoteDescription({ type: 'offer', sdp: sdpOf(offer) });
    await pc.setLocalDescription(await pc.createAnswer());
    client.send({
      type: 'rtc',
      to: 'media-router',
      streamId: '',
      subscriberId: SINGLE_PEER_CONNECTION_ID,
      payload: {
        kind: 'description',
        description: { type: 'answer', sdp: pc.localDescription!.sdp },
      },
    });
  };

  it('offers one peer connection for all of a client’s subscribers, one offer at a time, and renegotiates', async () => {
    emulator = await startEmulator();
    const { sessionId } = await createSessionViaSdk(sdkFor(emulator), { mediaMode: 'routed' });
    const alice = await connect(emulator, sessionId!);
    const carol = await connect(emulator, sessionId!);
    const bob = await connect(emulator, sessionId!);
    const streamOf = async (client: RawClient) =>
      ((await client.request(CAMERA_STREAM)).result as { streamId: string }).streamId;
    const aliceStream = await streamOf(alice);
    const carolStream = await streamOf(carol);

    const subscribe = (streamId: string, subscriberId: string) =>
      bob.request({ type: 'subscribe', streamId, subscriberId, singlePeerConnection: true });
    expect((await subscribe(aliceStream, 'sub-alice')).error).toBeUndefined();
    expect((await subscribe(carolStream, 'sub-carol')).error).toBeUndefined();
    // werift loads and makes its DTLS certificate on the first routed stream: slow on a busy machine.
    const first = (await bob.waitFor(isOffer, 45_000)) as Rtc;
    expect(first.from).toBe('media-router');
    expect(first.streamId).toBe('');
    // No subscriber gets a peer connection of its own.
    expect(
      bob.messages.filter((m) => m.type === 'rtc' && m.subscriberId !== SINGLE_PEER_CONNECTION_ID),
    ).toEqual([]);
    // Carol's subscribe came while the first offer waited for its answer: not offered yet.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(bob.messages.filter(isOffer)).toHaveLength(1);
    expect(sections(sdpOf(first))).toEqual([
      { kind: 'audio', port: '9', direction: 'sendonly', stream: 'sub-alice' },
      { kind: 'video', port: '9', direction: 'sendonly', stream: 'sub-alice' },
    ]);

    const pc = new RTCPeerConnection({ iceServers: [] });
    peers.push(pc);
    await answer(bob, pc, first);
    const second = (await bob.waitFor((m) => isOffer(m) && m !== first, 10_000)) as Rtc;
    expect(sections(sdpOf(second)).map((section) => section.stream)).toEqual([
      'sub-alice',
      'sub-alice',
      'sub-carol',
      'sub-carol',
    ]);
    await answer(bob, pc, second);
    await expect.poll(() => emulator!.media.forwardedStreams(sessionId!)).toBe(2);
    const downstreams = emulator.media.stats(sessionId!)[0]?.downstreams ?? [];
    expect(downstreams.map((entry) => entry.singlePeerConnection)).toEqual([true, true]);

    // Unsubscribing Alice makes her pair inactive, not rejected: it stays in the BUNDLE group,
    // whose tag (mid 0) a browser refuses to see rejected while the others are not.
    bob.send({ type: 'unsubscribe', streamId: aliceStream, subscriberId: 'sub-alice' });
    const third = (await bob.waitFor(
      (m) => isOffer(m) && m !== first && m !== second,
      10_000,
    )) as Rtc;
    const thirdSdp = sdpOf(third);
    expect(sections(thirdSdp).map(({ port, direction }) => `${port} ${direction}`)).toEqual([
      '9 inactive',
      '9 inactive',
      '9 sendonly',
      '9 sendonly',
    ]);
    expect(thirdSdp).toMatch(/a=group:BUNDLE 0 1 2 3\r\n/);
    await answer(bob, pc, third);
    expect(emulator.media.forwardedStreams(sessionId!)).toBe(1);
  });

  it('rebuilds a failed single peer connection with its subscribers, and gives up after three rebuilds', async () => {
    emulator = await startEmulator({ media: {} });
    const { sessionId } = await createSessionViaSdk(sdkFor(emulator), { mediaMode: 'routed' });
    const alice = await connect(emulator, sessionId!);
    const bob = await connect(emulator, sessionId!);
    const { streamId } = (await alice.request(CAMERA_STREAM)).result as { streamId: string };
    await bob.request({
      type: 'subscribe',
      streamId,
      subscriberId: 'sub-1',
      singlePeerConnection: true,
    });
    await bob.waitFor(isOffer, 45_000);
    const failedOn = (restart: number) =>
      bob.send({
        type: 'downstreamFailed',
        streamId: '',
        subscriberId: SINGLE_PEER_CONNECTION_ID,
        ...(restart === 0 ? {} : { restart }),
      });
    const offerOf = (restart: number) =>
      bob.waitFor((m) => isOffer(m) && (m.restart ?? 0) === restart, 10_000) as Promise<Rtc>;
    // Bob's "browser" says its peer connection failed: a new one carries the same subscriber.
    failedOn(0);
    const rebuilt = await offerOf(1);
    expect(sections(sdpOf(rebuilt)).map((section) => section.stream)).toEqual(['sub-1', 'sub-1']);
    const [downstream] = emulator.media.stats(sessionId)[0]?.downstreams ?? [];
    expect(downstream).toMatchObject({
      subscriberId: 'sub-1',
      singlePeerConnection: true,
      rebuilds: 1,
      rebuildReasons: ['browserFailed'],
      offers: 1,
    });
    // A report about the replaced one changes nothing; the current one's is rebuilt again.
    failedOn(0);
    failedOn(1);
    await offerOf(2);
    failedOn(2);
    await offerOf(3);
    expect(emulator.media.stats(sessionId)[0]?.downstreams[0]?.rebuilds).toBe(3);
    expect(bob.messages.some((m) => m.type === 'downstreamFailed')).toBe(false);
    // The third rebuild failing too gives up: the subscriber fails, nothing is forwarded.
    failedOn(3);
    const failed = await bob.waitFor(
      (m) => m.type === 'downstreamFailed' && m.subscriberId === 'sub-1',
    );
    expect(failed).toMatchObject({ streamId });
    await bob.waitFor(
      (m) =>
        m.type === 'downstreamFailed' &&
        m.subscriberId === SINGLE_PEER_CONNECTION_ID &&
        m.restart === 3,
    );
    expect(emulator.media.forwardedStreams(sessionId!)).toBe(0);
    expect(emulator.media.stats(sessionId)[0]?.downstreams).toEqual([]);
    // The next subscriber gets a new one, its messages marked as the next generation.
    await bob.request({
      type: 'subscribe',
      streamId,
      subscriberId: 'sub-2',
      singlePeerConnection: true,
    });
    const next = await offerOf(4);
    expect(sections(sdpOf(next)).map((section) => section.stream)).toEqual(['sub-2', 'sub-2']);
  });
});
