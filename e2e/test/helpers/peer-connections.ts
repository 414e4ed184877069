import type { Page } from 'playwright-core';

/**
 * Keeps every RTCPeerConnection the page creates in `window.peerConnections`, so a test can read
 * the media path (how many peer connections, which candidate pair, how many packets arrive)
 * without the SDK exposing it, and logs each one's state changes (for a failure's diagnosis).
 */
export const WATCH_PEER_CONNECTIONS = `(() => {
  const Native = window.RTCPeerConnection;
  window.peerConnections = [];
  window.peerConnectionLog = [];
  window.RTCPeerConnection = class extends Native {
    constructor(...args) {
      super(...args);
      const index = window.peerConnections.push(this) - 1;
      const log = (what) => window.peerConnectionLog.push(
        index + ' ' + Math.round(performance.now()) + ' ' + what);
      this.addEventListener('connectionstatechange', () => log('connection ' + this.connectionState));
      this.addEventListener('iceconnectionstatechange', () => log('ice ' + this.iceConnectionState));
      this.addEventListener('signalingstatechange', () => log('signaling ' + this.signalingState));
    }
  };
})();`;

/** What the page's open peer connections say about its media path. */
export interface MediaPath {
  /** Peer connections not closed. */
  open: number;
  /** The remote address:port of each open connection's selected candidate pair. */
  remotes: string[];
  /** RTP packets received so far over all open connections, by kind. */
  received: { audio: number; video: number };
}

/**
 * Reads the page's media path from its peer connections' stats.
 *
 * @param page - The page (opened with {@link WATCH_PEER_CONNECTIONS}).
 * @returns Counts and remote addresses.
 */
export function mediaPath(page: Page): Promise<MediaPath> {
  return page.evaluate(async () => {
    const all = (window as unknown as { peerConnections: RTCPeerConnection[] }).peerConnections;
    const open = all.filter((pc) => pc.connectionState !== 'closed');
    const result = { open: open.length, remotes: [] as string[], received: { audio: 0, video: 0 } };
    for (const pc of open) {
      const stats = [...(await pc.getStats()).values()] as Array<Record<string, unknown>>;
      const byId = new Map(stats.map((entry) => [entry.id, entry]));
      const transport = stats.find((entry) => entry.type === 'transport');
      const pair = byId.get(transport?.selectedCandidatePairId);
      const remote = byId.get(pair?.remoteCandidateId);
      if (remote !== undefined) result.remotes.push(`${remote.address}:${remote.port}`);
      for (const entry of stats) {
        if (entry.type !== 'inbound-rtp') continue;
        const kind = entry.kind as 'audio' | 'video';
        result.received[kind] += Number(entry.packetsReceived ?? 0);
      }
    }
    return result;
  });
}

/** One peer connection of a page, for a failure's diagnosis. */
export interface PeerDiagnosis {
  index: number;
  connection: string;
  ice: string;
  signaling: string;
  dtls: unknown;
  pair: unknown;
  inbound: unknown[];
  outbound: unknown[];
}

/**
 * Reads what a page's peer connections say about why media does (not) play: states, the selected
 * candidate pair, and per inbound or outbound RTP stream its packets, frames, keyframes and
 * feedback.
 *
 * @param page - The page (opened with {@link WATCH_PEER_CONNECTIONS}).
 * @returns Every peer connection, and the page's state-change log.
 */
export function peerDiagnosis(page: Page): Promise<{ peers: PeerDiagnosis[]; log: string[] }> {
  return page.evaluate(async () => {
    const win = window as unknown as {
      peerConnections: RTCPeerConnection[];
      peerConnectionLog: string[];
    };
    const pick = (entry: Record<string, unknown> | undefined, keys: string[]) =>
      entry === undefined ? undefined : Object.fromEntries(keys.map((key) => [key, entry[key]]));
    const peers = [];
    for (const [index, pc] of win.peerConnections.entries()) {
      const stats = [...(await pc.getStats()).values()] as Array<Record<string, unknown>>;
      const byId = new Map(stats.map((entry) => [entry.id, entry]));
      const transport = stats.find((entry) => entry.type === 'transport');
      const pair = byId.get(transport?.selectedCandidatePairId);
      peers.push({
        index,
        connection: pc.connectionState,
        ice: pc.iceConnectionState,
        signaling: pc.signalingState,
        dtls: pick(transport, ['dtlsState', 'packetsReceived', 'packetsSent', 'srtpCipher']),
        pair: pick(pair, [
          'state',
          'nominated',
          'requestsSent',
          'responsesReceived',
          'currentRoundTripTime',
        ]),
        inbound: stats
          .filter((entry) => entry.type === 'inbound-rtp')
          .map((entry) =>
            pick(entry, [
              'kind',
              'ssrc',
              'packetsReceived',
              'packetsLost',
              'bytesReceived',
              'framesReceived',
              'framesDecoded',
              'keyFramesDecoded',
              'framesDropped',
              'pliCount',
              'firCount',
              'nackCount',
              'decoderImplementation',
              'jitterBufferEmittedCount',
            ]),
          ),
        outbound: stats
          .filter((entry) => entry.type === 'outbound-rtp')
          .map((entry) =>
            pick(entry, [
              'kind',
              'ssrc',
              'packetsSent',
              'framesEncoded',
              'keyFramesEncoded',
              'pliCount',
              'firCount',
              'nackCount',
              'qualityLimitationReason',
            ]),
          ),
      });
    }
    return { peers, log: win.peerConnectionLog.slice() };
  });
}
