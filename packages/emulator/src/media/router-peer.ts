import { isIP } from 'node:net';
import type { RTCPeerConnection, RTCPeerConnectionConfig } from 'werift';
import type { RtcPayload } from '../protocol.js';
import { nominateOnFirstCheck, withSessionIceLite } from './ice-lite.js';
import type { ResolvedMediaOptions } from './media-options.js';
import type { RouterPeerState } from './media-stats.js';

/** The werift module, loaded on the first routed session (starting an emulator stays cheap). */
export type Werift = typeof import('werift');

let loading: Promise<Werift> | undefined;

/**
 * Loads werift once (on a routed session's first connect), with its DTLS certificate: werift makes
 * one per process on the first offer or answer, and every peer connection made meanwhile waited
 * for it (2 s while 6 pages started their cameras). Loading on session creation instead delayed
 * those pages' connects by as much, the import's compile running while they connected.
 *
 * @returns The module.
 * @internal
 */
export function loadWerift(): Promise<Werift> {
  loading ??= import('werift').then((werift) =>
    // A failure here is retried, and reported, by the first offer or answer.
    werift.RTCDtlsTransport.SetupCertificate().then(
      () => werift,
      () => werift,
    ),
  );
  return loading;
}

/** VP8 and Opus only: every Chromium offers them, and the router forwards without transcoding. */
function peerConfig(werift: Werift, options: ResolvedMediaOptions): RTCPeerConnectionConfig {
  const { RTCRtpCodecParameters } = werift;
  const family = isIP(options.host) === 6 ? 'udp6' : 'udp4';
  return {
    // No STUN server (werift's default is a public one): loopback media needs none.
    iceServers: [],
    // ICE-lite, as media servers are: the browser runs the checks and consent freshness, the
    // router only answers them. A full werift agent expires consent when one 0.5–1 s STUN reply
    // is late for 30 s, which a loaded event loop (36 peer connections for 6 pages) makes
    // routine, and then silently stops sending DTLS and RTP on a connection the browser still
    // calls connected. See ice-lite.ts for how Chromium is told and when a pair is selected.
    iceLite: true,
    // Gather on the configured address only, and bind every socket to it.
    iceUseIpv4: false,
    iceUseIpv6: false,
    iceAdditionalHostAddresses: [options.host],
    iceInterfaceAddresses: { [family]: options.host },
    ...(options.portRange === undefined
      ? {}
      : { icePortRange: [options.portRange[0], options.portRange[1]] as [number, number] }),
    bundlePolicy: 'max-bundle',
    codecs: {
      audio: [
        new RTCRtpCodecParameters({
          mimeType: 'audio/opus',
          clockRate: 48000,
          channels: 2,
          payloadType: 111,
        }),
      ],
      video: [
        new RTCRtpCodecParameters({
          mimeType: 'video/VP8',
          clockRate: 90000,
          payloadType: 96,
          rtcpFeedback: [
            { type: 'nack' },
            { type: 'nack', parameter: 'pli' },
            { type: 'ccm', parameter: 'fir' },
          ],
        }),
      ],
    },
    headerExtensions: { audio: [], video: [] },
  };
}

const LOOPBACK = /^(127\.|::1$)/;

/**
 * Whether a browser's ICE candidate is worth trying: never mDNS names (resolving them would send
 * multicast queries on the network), and only loopback addresses while media is bound to loopback.
 */
function usableCandidate(candidate: string, host: string): boolean {
  const address = candidate.split(' ')[4] ?? '';
  if (address.endsWith('.local')) return false;
  if (LOOPBACK.test(host)) return LOOPBACK.test(address);
  return true;
}

function filterSdp(sdp: string, host: string): string {
  return sdp
    .split('\r\n')
    .filter((line) => !line.startsWith('a=candidate:') || usableCandidate(line.slice(2), host))
    .join('\r\n');
}

/**
 * Makes the router the DTLS client of a connection it offers, as it already is on every
 * upstream (werift answers as the client). werift's DTLS server loses handshakes when records
 * come late or twice (a repeated ClientHello restarts its state): with 6 routed pages on 2
 * loaded cores, 5 or 6 of 30 downstreams stayed `connecting` or went `failed` while ICE was
 * connected, and no upstream ever did. As the client it retransmits its flights on a timer, and
 * the browser's DTLS server copes with duplicates. RFC 5763 asks an offerer for `actpass`;
 * browsers accept `active` (RFC 4145 allows it) and answer `passive`.
 */
function asDtlsClient(sdp: string): string {
  return sdp.replaceAll('a=setup:actpass', 'a=setup:active');
}

/**
 * One werift peer connection of the router with a browser, and its signalling: every incoming
 * message is applied after the previous one finished, candidates are sent only after the local
 * description, and the browser's unusable candidates are dropped.
 *
 * @internal
 */
export class RouterPeer {
  /** The werift peer connection. */
  readonly pc: RTCPeerConnection;
  readonly #send: (payload: RtcPayload) => void;
  readonly #onAnswer: () => void;
  readonly #host: string;
  #chain: Promise<void> = Promise.resolve();
  #descriptionSent = false;
  #outgoing: RtcPayload[] = [];
  #closed = false;

  /**
   * @param werift - The loaded werift module.
   * @param options - Where media binds.
   * @param send - Sends a payload to the browser through its signalling socket.
   * @param onAnswer - Called after each answer of the browser's is applied (renegotiation).
   */
  constructor(
    werift: Werift,
    options: ResolvedMediaOptions,
    send: (payload: RtcPayload) => void,
    onAnswer: () => void = () => undefined,
  ) {
    this.#send = send;
    this.#onAnswer = onAnswer;
    this.#host = options.host;
    this.pc = new werift.RTCPeerConnection(peerConfig(werift, options));
    this.pc.onIceCandidate.subscribe((candidate) => {
      if (candidate === undefined || this.#closed) return;
      const payload: RtcPayload = { kind: 'candidate', candidate: candidate.toJSON() };
      if (this.#descriptionSent) this.#send(payload);
      else this.#outgoing.push(payload);
    });
  }

  /** Whether {@link close} was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * The peer connection's states.
   *
   * @returns Connection, ICE and DTLS state.
   */
  state(): RouterPeerState {
    const { pc } = this;
    return {
      connection: pc.connectionState,
      ice: pc.iceConnectionState,
      dtls: pc.dtlsTransports[0]?.state ?? 'new',
    };
  }

  /**
   * Router side offers (towards a subscriber): call after adding or changing transceivers, and
   * only once the previous offer was answered.
   *
   * @param rewrite - Changes the offer's SDP as the browser gets it.
   */
  offer(rewrite: (sdp: string) => string = (sdp) => sdp): void {
    this.#enqueue(async () => {
      await this.pc.setLocalDescription(await this.pc.createOffer());
      this.#sendDescription((sdp) => rewrite(asDtlsClient(sdp)));
    });
  }

  /**
   * Applies a message from the browser, after every earlier one.
   *
   * @param payload - A description or an ICE candidate.
   */
  receive(payload: RtcPayload): void {
    this.#enqueue(async () => {
      if (payload.kind === 'description') {
        const { type, sdp = '' } = payload.description;
        await this.pc.setRemoteDescription({
          type: type as 'offer' | 'answer',
          sdp: filterSdp(sdp, this.#host),
        });
        if (type === 'offer') {
          await this.pc.setLocalDescription(await this.pc.createAnswer());
          this.#sendDescription();
        } else {
          this.#onAnswer();
        }
        return;
      }
      const candidate = payload.candidate as { candidate?: unknown } | null;
      if (candidate === null || typeof candidate.candidate !== 'string') return;
      if (candidate.candidate === '' || !usableCandidate(candidate.candidate, this.#host)) return;
      await this.pc.addIceCandidate(
        candidate as Parameters<RTCPeerConnection['addIceCandidate']>[0],
      );
    });
  }

  /** Closes the peer connection; later messages are ignored. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.pc.close().catch(() => undefined);
  }

  #sendDescription(rewrite: (sdp: string) => string = (sdp) => sdp): void {
    const description = this.pc.localDescription;
    if (description === null || this.#closed) return;
    nominateOnFirstCheck(this.pc);
    this.#send({
      kind: 'description',
      description: { type: description.type, sdp: rewrite(withSessionIceLite(description.sdp)) },
    });
    this.#descriptionSent = true;
    for (const payload of this.#outgoing.splice(0)) this.#send(payload);
  }

  #enqueue(step: () => Promise<void>): void {
    this.#chain = this.#chain.then(async () => {
      if (this.#closed) return;
      try {
        await step();
      } catch (error) {
        if (!this.#closed) console.warn('opentok-emulator: media router signalling failed:', error);
      }
    });
  }
}
