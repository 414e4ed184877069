import type { MediaStreamTrack, RtpPacket } from 'werift';
import type { RtcPayload } from '../protocol.js';
import type { ResolvedMediaOptions } from './media-options.js';
import { emptyCounts, type UpstreamStats } from './media-stats.js';
import { RouterPeer, type Werift } from './router-peer.js';
import { startsVp8Keyframe } from './vp8-keyframe.js';

/** Audio or video. @internal */
export type MediaKind = 'audio' | 'video';

/** Receives every RTP packet of an upstream (shared by every sink: clone before changing it). */
export type RtpSink = (kind: MediaKind, packet: RtpPacket) => void;

/**
 * The fewest milliseconds between two keyframe requests sent to one publisher. WebRTC ignores a
 * request that comes within 300 ms of the last one it acted on (`kMinKeyframeSendIntervalMs`,
 * video/encoder_rtcp_feedback.cc): at 250 ms every other request was lost, and a subscriber that
 * asked just after a keyframe waited for its own retry. The rest covers the request's trip.
 */
const KEYFRAME_REQUEST_INTERVAL_MS = 350;

/**
 * A publisher's one upstream into the router: the browser offers its camera and microphone, the
 * router answers and fans every RTP packet out to its sinks (subscribers' downstreams and
 * recorders).
 *
 * @internal
 */
export class Upstream {
  /** The stream this upstream carries. */
  readonly streamId: string;
  /** The publishing connection. */
  readonly connectionId: string;
  /** The browser's peer connection with the router. */
  readonly peer: RouterPeer;
  /** The tracks received so far, by kind. */
  readonly tracks: Partial<Record<MediaKind, MediaStreamTrack>> = {};
  readonly #sinks = new Set<RtpSink>();
  readonly #trackListeners = new Set<(track: MediaStreamTrack) => void>();
  readonly #received = emptyCounts();
  #keyframesReceived = 0;
  #keyframeRequests = 0;
  #lastKeyframeRequest = 0;
  #deferredKeyframeRequest: ReturnType<typeof setTimeout> | undefined;

  /**
   * @param werift - The loaded werift module.
   * @param options - Where media binds.
   * @param ids - The stream and its publisher's connection.
   * @param send - Sends a WebRTC payload to the publisher.
   */
  constructor(
    werift: Werift,
    options: ResolvedMediaOptions,
    ids: { streamId: string; connectionId: string },
    send: (payload: RtcPayload) => void,
  ) {
    this.streamId = ids.streamId;
    this.connectionId = ids.connectionId;
    this.peer = new RouterPeer(werift, options, send);
    this.peer.pc.onTrack.subscribe((track) => {
      const kind = track.kind as MediaKind;
      this.tracks[kind] = track;
      track.onReceiveRtp.subscribe((rtp) => this.#fanOut(kind, rtp));
      for (const listener of this.#trackListeners) listener(track);
    });
  }

  /**
   * Adds a sink for every later packet.
   *
   * @param sink - The sink.
   * @returns Removes it.
   */
  addSink(sink: RtpSink): () => void {
    this.#sinks.add(sink);
    return () => this.#sinks.delete(sink);
  }

  /**
   * Calls `listener` for every track that arrives (and at once for those already here).
   *
   * @param listener - The listener.
   * @returns Stops listening.
   */
  onTrack(listener: (track: MediaStreamTrack) => void): () => void {
    this.#trackListeners.add(listener);
    for (const track of Object.values(this.tracks)) listener(track);
    return () => this.#trackListeners.delete(listener);
  }

  /**
   * Asks the publisher for a keyframe (a PLI), at most once per 350 ms: a request inside that
   * window is sent at its end, so a subscriber that arrives just after a keyframe still gets one.
   * Nothing is asked before the upstream connects: the publisher's first frame is a keyframe, and
   * a request that could not be sent would hold back the next one.
   */
  requestKeyframe(): void {
    const track = this.tracks.video;
    if (track?.ssrc === undefined || this.peer.closed) return;
    if (this.peer.pc.connectionState !== 'connected') return;
    const wait = this.#lastKeyframeRequest + KEYFRAME_REQUEST_INTERVAL_MS - Date.now();
    if (wait > 0) {
      this.#deferredKeyframeRequest ??= setTimeout(() => {
        this.#deferredKeyframeRequest = undefined;
        this.requestKeyframe();
      }, wait);
      return;
    }
    this.#lastKeyframeRequest = Date.now();
    this.#keyframeRequests += 1;
    const transceiver = this.peer.pc
      .getTransceivers()
      .find((entry) => entry.receiver.tracks.includes(track));
    transceiver?.receiver.sendRtcpPLI(track.ssrc).catch(() => undefined);
  }

  /**
   * What the router received from the publisher so far.
   *
   * @returns Its counters and states.
   */
  stats(): UpstreamStats {
    return {
      streamId: this.streamId,
      connectionId: this.connectionId,
      state: this.peer.state(),
      received: structuredClone(this.#received),
      keyframesReceived: this.#keyframesReceived,
      keyframeRequests: this.#keyframeRequests,
    };
  }

  /** Closes the upstream; sinks get nothing more. */
  close(): void {
    clearTimeout(this.#deferredKeyframeRequest);
    this.#sinks.clear();
    this.#trackListeners.clear();
    this.peer.close();
  }

  #fanOut(kind: MediaKind, rtp: RtpPacket): void {
    // Padding-only packets are bandwidth probes for this hop, nothing to forward.
    if (rtp.payload.length === 0) return;
    const received = this.#received[kind];
    received.packets += 1;
    received.bytes += rtp.payload.length;
    if (kind === 'video' && startsVp8Keyframe(rtp.payload)) this.#keyframesReceived += 1;
    if (this.#sinks.size === 0) return;
    for (const sink of this.#sinks) sink(kind, rtp);
  }
}
