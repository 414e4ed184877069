import type { RTCRtpSender } from 'werift';
import type { RtcPayload } from '../protocol.js';
import type { ResolvedMediaOptions } from './media-options.js';
import type { RouterPeerState } from './media-stats.js';
import { RouterPeer, type Werift } from './router-peer.js';
import type { MediaKind } from './upstream.js';

/**
 * How a {@link Downstream} reaches its subscriber: the two senders it forwards into, and the
 * peer connection they belong to. Either the subscriber's own peer connection
 * ({@link OwnPeerPath}) or its two transceivers in the client's single peer connection
 * (`SubscriberBundle`).
 *
 * @internal
 */
export interface DownstreamPath {
  /** The senders the downstream forwards audio and video into. */
  readonly senders: Record<MediaKind, RTCRtpSender>;
  /** Whether it was closed. */
  readonly closed: boolean;
  /** Calls `listener` each time media can start flowing (connected, and these senders negotiated). */
  onReady(listener: () => void): void;
  /** Calls `listener` when the peer connection is connected (ICE and DTLS) or failed. */
  onConnection(listener: (state: 'connected' | 'failed') => void): void;
  /** Whether the DTLS handshake runs (ICE is connected, DTLS not yet). */
  handshaking(): boolean;
  /** Applies a message from the subscriber meant for this path. */
  receive(payload: RtcPayload): void;
  /** Its peer connection's states. */
  state(): RouterPeerState;
  /** Fails its peer connection as a network drop would (the `dropped` media fault). */
  fail(): void;
  /** Stops sending (and closes the peer connection when it is its own). */
  close(): void;
}

/**
 * A subscriber's own peer connection with the router (the router offers): one audio and one
 * video transceiver, both sendonly.
 *
 * @internal
 */
export class OwnPeerPath implements DownstreamPath {
  /** The router's peer connection with the subscriber. */
  readonly peer: RouterPeer;
  readonly senders: Record<MediaKind, RTCRtpSender>;
  readonly #failListeners: Array<() => void> = [];

  /**
   * @param werift - The loaded werift module.
   * @param options - Where media binds.
   * @param send - Sends a payload to the subscriber.
   */
  constructor(werift: Werift, options: ResolvedMediaOptions, send: (payload: RtcPayload) => void) {
    this.peer = new RouterPeer(werift, options, send);
    const { pc } = this.peer;
    this.senders = {
      audio: pc.addTransceiver('audio', { direction: 'sendonly' }).sender,
      video: pc.addTransceiver('video', { direction: 'sendonly' }).sender,
    };
    this.peer.offer();
  }

  get closed(): boolean {
    return this.peer.closed;
  }

  onReady(listener: () => void): void {
    this.peer.pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected' && !this.peer.closed) listener();
    });
  }

  onConnection(listener: (state: 'connected' | 'failed') => void): void {
    // werift's connection state is `failed` when its ICE or DTLS transport fails.
    this.peer.pc.connectionStateChange.subscribe((state) => {
      if (this.peer.closed) return;
      if (state === 'connected' || state === 'failed') listener(state);
    });
    this.#failListeners.push(() => listener('failed'));
  }

  fail(): void {
    if (this.peer.closed) return;
    for (const listener of this.#failListeners) listener();
  }

  handshaking(): boolean {
    return this.peer.pc.dtlsTransports.some((transport) => transport.state === 'connecting');
  }

  receive(payload: RtcPayload): void {
    this.peer.receive(payload);
  }

  state(): RouterPeerState {
    return this.peer.state();
  }

  close(): void {
    this.peer.close();
  }
}
