import type { RTCRtpSender, RtpPacket } from 'werift';
import type { MediaFault } from '../faults.js';
import type { RtcPayload } from '../protocol.js';
import type { DownstreamPath } from './downstream-path.js';
import type { RecoverableDownstream } from './downstream-recovery.js';
import { type DownstreamStats, emptyCounts } from './media-stats.js';
import type { MediaKind, Upstream } from './upstream.js';
import { startsVp8Keyframe } from './vp8-keyframe.js';

/** Sequence-number state of one forwarded track: gaps we made on purpose are closed. */
interface SequenceState {
  offset: number;
  last: number | undefined;
  /** The next packet starts right after `last` (forwarding resumed after a pause). */
  resync: boolean;
}

/** RTCP payload-specific feedback (RFC 4585 PSFB, packet type 206). */
const PSFB_TYPE = 206;
/** RTCP payload-specific feedback format 4: Full Intra Request. */
const FIR_FORMAT = 4;
/** How often a subscriber still waiting for its first keyframe asks the publisher again. */
const KEYFRAME_RETRY_MS = 500;
/** With the `dropped` fault: how long after its first keyframe the peer connection fails. */
const DROP_AFTER_KEYFRAME_MS = 500;

/**
 * What the router sends one subscriber, on its own peer connection or in the client's single
 * peer connection (see {@link DownstreamPath}), fed from the publisher's upstream without
 * transcoding. Turning a kind off stops forwarding it; turning
 * it back on continues the sequence numbers and asks the publisher for a keyframe; video starts
 * at a keyframe (the packets before it could not be decoded anyway). A subscriber's
 * PLI or FIR becomes a keyframe request to the publisher; its NACKs are answered from the
 * sender's packet history (werift's).
 *
 * @internal
 */
export class Downstream implements RecoverableDownstream {
  /** The subscriber's id (chosen by the browser). */
  readonly subscriberId: string;
  /** The subscribing connection. */
  readonly connectionId: string;
  /** The upstream it is fed from. */
  readonly upstream: Upstream;
  /** How it reaches the subscriber. */
  readonly path: DownstreamPath;
  readonly #senders: Record<MediaKind, RTCRtpSender>;
  readonly #enabled: Record<MediaKind, boolean>;
  readonly #sequences: Record<MediaKind, SequenceState> = {
    audio: { offset: 0, last: undefined, resync: false },
    video: { offset: 0, last: undefined, resync: false },
  };
  readonly #removeSink: () => void;
  readonly #counts = {
    forwarded: emptyCounts(),
    keyframesForwarded: 0,
    droppedBeforeConnected: { audio: 0, video: 0 },
    skippedAwaitingKeyframe: 0,
    pliReceived: 0,
    firReceived: 0,
    nackReceived: 0,
  };
  readonly #singlePeerConnection: boolean;
  #awaitingKeyframe = true;
  #keyframeRetry: ReturnType<typeof setInterval> | undefined;
  #drop: ReturnType<typeof setTimeout> | undefined;
  readonly #fault: MediaFault | undefined;

  /**
   * @param init - Ids, the upstream, what to forward, and the path to the subscriber.
   */
  constructor(init: {
    subscriberId: string;
    connectionId: string;
    upstream: Upstream;
    audio: boolean;
    video: boolean;
    /** Its own peer connection, or its transceivers in the client's single peer connection. */
    path: DownstreamPath;
    /** Whether `path` is the client's single peer connection (reported in the stats). */
    singlePeerConnection?: boolean;
    /** A failure to play on this peer connection. */
    fault?: MediaFault;
  }) {
    this.#fault = init.fault;
    this.subscriberId = init.subscriberId;
    this.connectionId = init.connectionId;
    this.upstream = init.upstream;
    this.#singlePeerConnection = init.singlePeerConnection === true;
    this.#enabled = { audio: init.audio, video: init.video };
    this.path = init.path;
    this.#senders = init.path.senders;
    const video = this.#senders.video;
    video.onPictureLossIndication.subscribe(() => {
      this.#counts.pliReceived += 1;
      this.upstream.requestKeyframe();
    });
    video.onGenericNack.subscribe(() => {
      this.#counts.nackReceived += 1;
    });
    video.onRtcp.subscribe((packet) => {
      const feedback = (packet as { feedback?: { count?: number } }).feedback;
      // RTCP payload-specific feedback (type 206), format 4: a Full Intra Request.
      if (packet.type === PSFB_TYPE && feedback?.count === FIR_FORMAT) {
        this.#counts.firReceived += 1;
        this.upstream.requestKeyframe();
      }
    });
    this.path.onReady(() => this.#awaitKeyframe());
    this.#removeSink = this.upstream.addSink((kind, packet) => this.#forward(kind, packet));
  }

  /**
   * Applies a message from the subscriber (none with an `unanswered` fault).
   *
   * @param payload - A description or an ICE candidate.
   */
  receive(payload: RtcPayload): void {
    if (this.#fault?.kind === 'unanswered') return;
    this.path.receive(payload);
  }

  /**
   * Calls `listener` when the peer connection is connected (ICE and DTLS) or failed (either).
   *
   * @param listener - The listener.
   */
  onConnection(listener: (state: 'connected' | 'failed') => void): void {
    this.path.onConnection(listener);
  }

  /**
   * Whether the DTLS handshake runs (ICE is connected and the router sent its ClientHello).
   *
   * @returns `true` while DTLS is `connecting`.
   */
  handshaking(): boolean {
    return this.path.handshaking();
  }

  /**
   * Starts or stops forwarding one kind (`subscribeToAudio` / `subscribeToVideo`).
   *
   * @param kind - Audio or video.
   * @param enabled - Forward it or not.
   */
  setEnabled(kind: MediaKind, enabled: boolean): void {
    if (this.#enabled[kind] === enabled) return;
    this.#enabled[kind] = enabled;
    if (enabled) {
      this.#sequences[kind].resync = true;
      if (kind === 'video') {
        this.#awaitingKeyframe = true;
        this.#awaitKeyframe();
      }
    }
  }

  /**
   * Whether a kind is forwarded.
   *
   * @param kind - Audio or video.
   * @returns `true` when forwarded.
   */
  isEnabled(kind: MediaKind): boolean {
    return this.#enabled[kind];
  }

  /**
   * What this downstream forwarded so far.
   *
   * @returns Its counters and states.
   */
  stats(): DownstreamStats {
    const counts = this.#counts;
    return {
      subscriberId: this.subscriberId,
      connectionId: this.connectionId,
      streamId: this.upstream.streamId,
      state: this.path.state(),
      singlePeerConnection: this.#singlePeerConnection,
      forwarded: structuredClone(counts.forwarded),
      keyframesForwarded: counts.keyframesForwarded,
      droppedBeforeConnected: { ...counts.droppedBeforeConnected },
      skippedAwaitingKeyframe: counts.skippedAwaitingKeyframe,
      pliReceived: counts.pliReceived,
      firReceived: counts.firReceived,
      nackReceived: counts.nackReceived,
      enabled: { ...this.#enabled },
      rebuilds: 0,
      rebuildReasons: [],
    };
  }

  /** Stops forwarding and closes the peer connection. */
  close(): void {
    clearInterval(this.#keyframeRetry);
    clearTimeout(this.#drop);
    this.#removeSink();
    this.path.close();
  }

  /** Asks for a keyframe now and every 500 ms until one was forwarded. */
  #awaitKeyframe(): void {
    this.upstream.requestKeyframe();
    if (this.#keyframeRetry !== undefined) return;
    this.#keyframeRetry = setInterval(() => {
      if (this.#awaitingKeyframe && !this.path.closed) {
        this.upstream.requestKeyframe();
        return;
      }
      clearInterval(this.#keyframeRetry);
      this.#keyframeRetry = undefined;
    }, KEYFRAME_RETRY_MS);
  }

  #forward(kind: MediaKind, shared: RtpPacket): void {
    if (!this.#enabled[kind] || this.path.closed) return;
    // A shallow copy (the payload is shared, never written): werift's sender rewrites the header.
    // The header extensions were negotiated on the publisher's hop: this hop gets its own.
    const packet = shared.clone();
    packet.header.extension = false;
    packet.header.extensions = [];
    const sender = this.#senders[kind];
    // werift drops what it cannot send yet: a keyframe dropped here must not end the wait for one.
    if (sender.dtlsTransport?.state !== 'connected' || sender.codec === undefined) {
      this.#counts.droppedBeforeConnected[kind] += 1;
      return;
    }
    const keyframe = kind === 'video' && startsVp8Keyframe(packet.payload);
    if (kind === 'video' && this.#awaitingKeyframe) {
      if (!keyframe) {
        this.#counts.skippedAwaitingKeyframe += 1;
        return;
      }
      this.#awaitingKeyframe = false;
    }
    if (keyframe) {
      this.#counts.keyframesForwarded += 1;
      if (this.#fault?.kind === 'dropped')
        this.#drop ??= setTimeout(() => this.path.fail(), DROP_AFTER_KEYFRAME_MS);
    }
    const forwarded = this.#counts.forwarded[kind];
    forwarded.packets += 1;
    forwarded.bytes += packet.payload.length;
    const state = this.#sequences[kind];
    const incoming = packet.header.sequenceNumber;
    if (state.resync && state.last !== undefined) {
      state.offset = (state.last + 1 - incoming) & 0xffff;
    }
    state.resync = false;
    const outgoing = (incoming + state.offset) & 0xffff;
    packet.header.sequenceNumber = outgoing;
    state.last = outgoing;
    sender.sendRtp(packet).catch(() => undefined);
  }
}
