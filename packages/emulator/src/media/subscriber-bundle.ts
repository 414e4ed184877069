import type { RTCRtpSender, RTCRtpTransceiver } from 'werift';
import type { MediaFault } from '../faults.js';
import type { RtcPayload } from '../protocol.js';
import type { DownstreamPath } from './downstream-path.js';
import type { ResolvedMediaOptions } from './media-options.js';
import type { RebuildReason, RouterPeerState } from './media-stats.js';
import { RouterPeer, type Werift } from './router-peer.js';
import type { MediaKind } from './upstream.js';

/**
 * werift writes an inactive m-section as rejected (port 0) but leaves it in the BUNDLE group,
 * and Chromium refuses an offer whose BUNDLE tag (its first mid: the first subscriber's audio)
 * is rejected while the others are not. An unsubscribed pair of transceivers is inactive, not
 * rejected: the port every bundled m-section has (9) keeps it in the group.
 */
function inactiveNotRejected(sdp: string): string {
  return sdp.replace(/^m=(audio|video) 0 /gm, 'm=$1 9 ');
}

/**
 * One client's single peer connection with the router (OpenTok's `singlePeerConnection` session
 * option): it carries every subscriber of that client, each as a pair of sendonly transceivers
 * (audio, video) whose stream id (`a=msid`) is the subscriber's id, so the page knows whose
 * tracks arrive. Adding or removing a subscriber renegotiates; the router always offers, one
 * offer at a time, and changes made while an offer waits for its answer go into the next one.
 * The page sees one ICE and DTLS handshake instead of one per subscriber.
 *
 * When it fails, or is not connected within the connect timeout (twice that with its DTLS
 * handshake under way), it closes and calls `onFailure` once: its `RecoveringBundle` decides
 * whether a new one (the next `generation`) takes its subscribers or they fail.
 *
 * @internal
 */
export class SubscriberBundle {
  /** The subscribing connection. */
  readonly connectionId: string;
  /** Which of this connection's single peer connections it is (0: the first). */
  readonly generation: number;
  /** The router's peer connection with the client. */
  readonly peer: RouterPeer;
  readonly #slots = new Map<string, BundleSlot>();
  /** The failure it plays, if any (see {@link MediaFault}). */
  readonly fault: MediaFault | undefined;
  readonly #onFailure: (reason: Exclude<RebuildReason, 'browserFailed'>) => void;
  /** An offer waits for its answer. */
  #offering = false;
  /** Slots changed while an offer was waiting: offer again once it is answered. */
  #changed = false;
  /** The slots the waiting offer carries. */
  #offered: BundleSlot[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #offers = 0;

  /**
   * @param werift - The loaded werift module.
   * @param options - Where media binds.
   * @param init - The connection, generation, how to reach it, and what to do when it fails.
   */
  constructor(
    werift: Werift,
    options: ResolvedMediaOptions,
    init: {
      connectionId: string;
      generation: number;
      send: (payload: RtcPayload) => void;
      /** How long it may take to connect (twice that with its DTLS handshake under way). */
      connectTimeoutMs: number;
      /** It failed or did not connect in time (called once, after it closed). */
      onFailure: (reason: Exclude<RebuildReason, 'browserFailed'>) => void;
      /** A failure to play on this peer connection. */
      fault?: MediaFault;
    },
  ) {
    this.connectionId = init.connectionId;
    this.generation = init.generation;
    this.fault = init.fault;
    this.#onFailure = init.onFailure;
    this.peer = new RouterPeer(werift, options, init.send, () => this.#answered());
    this.peer.pc.connectionStateChange.subscribe((state) => {
      if (this.peer.closed) return;
      if (state === 'failed') this.#fail('failed');
      if (state !== 'connected') return;
      this.#stopTimer();
      for (const slot of this.#slots.values()) slot.ready();
    });
    let extended = false;
    const expire = (): void => {
      this.#timer = undefined;
      if (!extended && this.handshaking()) {
        // Slow, not stuck: the handshake is under way on a loaded event loop.
        extended = true;
        this.#timer = setTimeout(expire, init.connectTimeoutMs);
        return;
      }
      this.#fail('timeout');
    };
    this.#timer = setTimeout(expire, init.connectTimeoutMs);
  }

  /** How many offers it made so far (the first, then one per renegotiation). */
  get offers(): number {
    return this.#offers;
  }

  /** Whether it was closed or failed. */
  get closed(): boolean {
    return this.peer.closed;
  }

  /** Whether its peer connection is connected (ICE and DTLS). */
  get connected(): boolean {
    return this.peer.pc.connectionState === 'connected';
  }

  /**
   * Adds a subscriber's transceivers and renegotiates.
   *
   * @param subscriberId - The subscriber (its id becomes the tracks' stream id).
   * @returns Its path, for its Downstream.
   */
  add(subscriberId: string): BundleSlot {
    this.#slots.get(subscriberId)?.close();
    const streams = [{ id: subscriberId }] as never;
    const { pc } = this.peer;
    const transceivers: Record<MediaKind, RTCRtpTransceiver> = {
      audio: pc.addTransceiver('audio', { direction: 'sendonly', streams }),
      video: pc.addTransceiver('video', { direction: 'sendonly', streams }),
    };
    const slot = new BundleSlot(this, subscriberId, transceivers);
    this.#slots.set(subscriberId, slot);
    this.#negotiate();
    return slot;
  }

  /**
   * Makes a subscriber's transceivers inactive and renegotiates (its m-lines stay, unused).
   *
   * @param slot - The subscriber's slot.
   * @internal
   */
  remove(slot: BundleSlot): void {
    if (this.#slots.get(slot.subscriberId) !== slot) return;
    this.#slots.delete(slot.subscriberId);
    this.#offered = this.#offered.filter((offered) => offered !== slot);
    if (this.peer.closed) return;
    slot.deactivate();
    this.#negotiate();
  }

  /**
   * Applies a message from the client (none with an `unanswered` fault).
   *
   * @param payload - An answer or an ICE candidate.
   */
  receive(payload: RtcPayload): void {
    if (this.fault?.kind === 'unanswered') return;
    this.peer.receive(payload);
  }

  /**
   * Whether the DTLS handshake runs (ICE is connected, DTLS not yet).
   *
   * @returns `true` while DTLS is `connecting`.
   */
  handshaking(): boolean {
    return this.peer.pc.dtlsTransports.some((transport) => transport.state === 'connecting');
  }

  /** Fails as a network drop would (the `dropped` media fault). */
  fail(): void {
    this.#fail('failed');
  }

  /** Closes the peer connection; later messages are ignored. */
  close(): void {
    this.#stopTimer();
    this.#slots.clear();
    this.peer.close();
  }

  #negotiate(): void {
    if (this.peer.closed) return;
    if (this.#offering) {
      this.#changed = true;
      return;
    }
    this.#offering = true;
    this.#offered = [...this.#slots.values()];
    this.#offers += 1;
    this.peer.offer(inactiveNotRejected);
  }

  #answered(): void {
    this.#offering = false;
    for (const slot of this.#offered.splice(0)) {
      slot.negotiated();
      if (this.connected) slot.ready();
    }
    if (this.#changed) {
      this.#changed = false;
      this.#negotiate();
    }
  }

  #fail(reason: Exclude<RebuildReason, 'browserFailed'>): void {
    if (this.peer.closed) return;
    this.close();
    this.#onFailure(reason);
  }

  #stopTimer(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

/**
 * One subscriber's pair of transceivers in a {@link SubscriberBundle}: media can flow once an
 * answer covering them was applied and the bundle's peer connection is connected.
 *
 * @internal
 */
export class BundleSlot implements DownstreamPath {
  /** The subscriber. */
  readonly subscriberId: string;
  readonly senders: Record<MediaKind, RTCRtpSender>;
  readonly #bundle: SubscriberBundle;
  readonly #transceivers: Record<MediaKind, RTCRtpTransceiver>;
  readonly #readyListeners: Array<() => void> = [];
  #negotiated = false;
  #closed = false;

  /**
   * @param bundle - The single peer connection.
   * @param subscriberId - The subscriber.
   * @param transceivers - Its audio and video transceivers.
   */
  constructor(
    bundle: SubscriberBundle,
    subscriberId: string,
    transceivers: Record<MediaKind, RTCRtpTransceiver>,
  ) {
    this.#bundle = bundle;
    this.subscriberId = subscriberId;
    this.#transceivers = transceivers;
    this.senders = { audio: transceivers.audio.sender, video: transceivers.video.sender };
  }

  get closed(): boolean {
    return this.#closed || this.#bundle.closed;
  }

  onReady(listener: () => void): void {
    this.#readyListeners.push(listener);
  }

  onConnection(listener: (state: 'connected' | 'failed') => void): void {
    this.#bundle.peer.pc.connectionStateChange.subscribe((state) => {
      if (this.closed) return;
      if (state === 'connected' || state === 'failed') listener(state);
    });
  }

  handshaking(): boolean {
    return this.#bundle.handshaking();
  }

  /** The bundle's messages travel under its own id, not the subscriber's. */
  receive(): void {}

  state(): RouterPeerState {
    return this.#bundle.peer.state();
  }

  /** The whole single peer connection fails. */
  fail(): void {
    this.#bundle.fail();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#bundle.remove(this);
  }

  /** An answer covering these transceivers was applied. @internal */
  negotiated(): void {
    this.#negotiated = true;
  }

  /** The bundle connected, or an answer came while it is: media may flow. @internal */
  ready(): void {
    if (!this.#negotiated || this.closed) return;
    for (const listener of this.#readyListeners) listener();
  }

  /** Stops both transceivers being used (the next offer makes them inactive). @internal */
  deactivate(): void {
    this.#transceivers.audio.setDirection('inactive');
    this.#transceivers.video.setDirection('inactive');
  }
}
