import type { Page } from 'playwright-core';

/**
 * Keeps every RTCPeerConnection the page creates in `window.peerConnections`, so a test can read
 * the media path (how many peer connections, which candidate pair, how many packets arrive)
 * without the SDK exposing it.
 */
export const WATCH_PEER_CONNECTIONS = `(() => {
  const Native = window.RTCPeerConnection;
  window.peerConnections = [];
  window.RTCPeerConnection = class extends Native {
    constructor(...args) {
      super(...args);
      window.peerConnections.push(this);
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
