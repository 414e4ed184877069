/** Packets and payload bytes of one kind. */
export interface RtpCount {
  /** RTP packets. */
  packets: number;
  /** RTP payload bytes (headers not counted). */
  bytes: number;
}

/**
 * Why the router rebuilt a downstream: its peer connection `failed` (werift's ICE or DTLS), did
 * not connect in time (`timeout`), or the browser reported its own side failed (`browserFailed`).
 */
export type RebuildReason = 'failed' | 'timeout' | 'browserFailed';

/** The state of one of the router's peer connections (werift's names, as in the browser). */
export interface RouterPeerState {
  /** `new`, `connecting`, `connected`, `disconnected`, `failed` or `closed`. */
  connection: string;
  /** `new`, `checking`, `connected`, `completed`, `disconnected`, `failed` or `closed`. */
  ice: string;
  /** `new`, `connecting`, `connected`, `failed` or `closed`; `new` before negotiation. */
  dtls: string;
}

/** What the router received from one publisher. */
export interface UpstreamStats {
  /** The stream. */
  streamId: string;
  /** The publishing connection. */
  connectionId: string;
  /** Its peer connection with the router. */
  state: RouterPeerState;
  /** RTP received, by kind (padding-only probes not counted). */
  received: { audio: RtpCount; video: RtpCount };
  /** VP8 keyframes received (their first packets). */
  keyframesReceived: number;
  /** Keyframe requests (PLIs) the router sent the publisher. */
  keyframeRequests: number;
}

/** What the router sent one subscriber. */
export interface DownstreamStats {
  /** The subscriber's id (`Subscriber.id` in the subscribing page). */
  subscriberId: string;
  /** The subscribing connection. */
  connectionId: string;
  /** The stream it is fed from. */
  streamId: string;
  /** Its peer connection with the router. */
  state: RouterPeerState;
  /**
   * Whether that peer connection is the subscribing client's single peer connection, shared by
   * all its subscribers (OpenTok's `singlePeerConnection` session option), rather than its own.
   */
  singlePeerConnection: boolean;
  /**
   * On a single peer connection: how many offers the current one has made so far (its first,
   * then one per renegotiation for subscribers coming and going).
   */
  offers?: number;
  /** RTP handed to the subscriber's connection, by kind. */
  forwarded: { audio: RtpCount; video: RtpCount };
  /** VP8 keyframes forwarded (their first packets). */
  keyframesForwarded: number;
  /** Packets not forwarded because the connection was not yet secured (DTLS), by kind. */
  droppedBeforeConnected: { audio: number; video: number };
  /** Video packets skipped while waiting for a keyframe to start (or restart) from. */
  skippedAwaitingKeyframe: number;
  /** Picture loss indications the subscriber sent. */
  pliReceived: number;
  /** Full intra requests the subscriber sent. */
  firReceived: number;
  /** Generic NACKs the subscriber sent (answered from the sender's history). */
  nackReceived: number;
  /** Whether audio and video are forwarded (`subscribeToAudio` / `subscribeToVideo`). */
  enabled: { audio: boolean; video: boolean };
  /**
   * How many times the router rebuilt this downstream (a fresh peer connection after its DTLS
   * failed or it did not connect in time; on a single peer connection, how many times that was
   * rebuilt with all its subscribers); the counters above are the current peer connection's.
   */
  rebuilds: number;
  /** Why, oldest first: one entry per rebuild. */
  rebuildReasons: RebuildReason[];
  /**
   * Milliseconds from the current peer connection's offer to connected (ICE and DTLS), once it
   * is; on a single peer connection, from the subscribe to its transceivers negotiated on the
   * connected peer connection.
   */
  connectedAfterMs?: number;
}

/** What the media router carries in one routed session, as `emulator.media.stats()` reports it. */
export interface RoutedSessionStats {
  /** The session. */
  sessionId: string;
  /** One per published stream. */
  upstreams: UpstreamStats[];
  /** One per subscriber. */
  downstreams: DownstreamStats[];
}

/**
 * A zeroed per-kind count.
 *
 * @returns Counts for audio and video.
 * @internal
 */
export function emptyCounts(): { audio: RtpCount; video: RtpCount } {
  return { audio: { packets: 0, bytes: 0 }, video: { packets: 0, bytes: 0 } };
}
