import type { RTCPeerConnection } from 'werift';

/**
 * How the router's ICE-lite agent meets Chromium. The router is the DTLS client, and werift starts
 * DTLS (so media) only once its ICE agent calls a pair nominated.
 *
 * werift writes `a=ice-lite` into each media section only, which Chromium ignores (it reads the
 * session level): it took the router for a full agent, began every downstream as the controlled
 * side and switched to controlling only after a 487 Role Conflict answer, a round trip and a
 * rescheduled ping more. Told at session level, Chromium is controlling at once but, as RFC 8445
 * allows, puts USE-CANDIDATE only on a later ping of the pair it selected (2.4 s and 22 checks later
 * in one 4-page round on 2 cores). A lite agent may select on the first authenticated check, as
 * lite media servers (mediasoup) do: the browser's checks all reach the router's one socket, and
 * werift's lite agent keeps its first nominated pair anyway.
 */

/** What is used of werift's ICE `Connection` (public on the class, not on its interface). */
interface CheckingConnection {
  readonly iceLite: boolean;
  readonly nominated?: unknown;
  checkIncoming(
    message: { readonly attributesKeys: string[]; setAttribute(key: string, value: null): unknown },
    ...rest: unknown[]
  ): void;
}

const patched = new WeakSet<CheckingConnection>();

/**
 * Adds a session-level `a=ice-lite` to an SDP whose media sections declare it.
 *
 * @param sdp - The router's offer or answer.
 * @returns The SDP, unchanged when it is not lite or says so already.
 * @internal
 */
export function withSessionIceLite(sdp: string): string {
  const media = sdp.indexOf('\r\nm=');
  if (media === -1 || !sdp.includes('\r\na=ice-lite')) return sdp;
  if (sdp.slice(0, media).split('\r\n').includes('a=ice-lite')) return sdp;
  return `${sdp.slice(0, media)}\r\na=ice-lite${sdp.slice(media)}`;
}

/**
 * Makes werift's lite agent nominate the pair of the first authenticated binding request (werift
 * answers it before it gets here; role conflicts never get here) instead of waiting for one
 * carrying USE-CANDIDATE. Call once the local description is set (the ICE transport exists) and
 * before the browser gets it.
 *
 * @param pc - A peer connection made with `iceLite: true`.
 * @internal
 */
export function nominateOnFirstCheck(pc: Pick<RTCPeerConnection, 'iceTransports'>): void {
  for (const transport of pc.iceTransports) {
    const connection = transport.connection as unknown as CheckingConnection;
    if (!connection.iceLite || typeof connection.checkIncoming !== 'function') continue;
    if (patched.has(connection)) continue;
    patched.add(connection);
    const checkIncoming = connection.checkIncoming.bind(connection);
    connection.checkIncoming = (message, ...rest) => {
      if (connection.nominated === undefined && !message.attributesKeys.includes('USE-CANDIDATE')) {
        message.setAttribute('USE-CANDIDATE', null);
      }
      checkIncoming(message, ...rest);
    };
  }
}
