import { MEDIA_ROUTER_ID, type RtcPayload, SINGLE_PEER_CONNECTION_ID } from '../protocol.js';
import { PeerLink } from './peer-link.js';
import type { OutgoingNotice } from './signalling-socket.js';

/** What a subscriber on the single peer connection is told. @internal */
export interface BundleMember {
  /** One of its tracks arrived (audio or video). */
  track(track: MediaStreamTrack): void;
  /** The single peer connection is connected and this member's tracks arrived. */
  connected(): void;
  /** The router replaced the single peer connection: its tracks will arrive again, new ones. */
  restarted(): void;
}

/** A subscriber's place on the single peer connection. @internal */
export interface BundleMembership {
  /** Stops routing tracks to it. */
  leave(): void;
  /** The receiver of its audio, for its audio level (`undefined` before it arrives). */
  audioReceiver(): RTCRtpReceiver | undefined;
}

/**
 * A routed session's single peer connection with the media router, when the session was made
 * with `OT.initSession(apiKey, sessionId, { singlePeerConnection: true })`: every subscriber's
 * tracks arrive on it, each under a stream id (`a=msid`) that is the subscriber's id. The router
 * offers (again whenever a subscriber comes or goes); this side answers. An offer marked with a
 * later `restart` is a new peer connection from the router (it rebuilt the old one, or gave up
 * on it and this is the next) and replaces it.
 *
 * @internal
 */
export class SubscriberBundle {
  readonly #send: (message: OutgoingNotice) => void;
  readonly #members = new Map<string, BundleMember>();
  readonly #receivers = new Map<string, RTCRtpReceiver[]>();
  #link: PeerLink;
  #generation = 0;
  #closed = false;

  /**
   * @param send - Sends a message to the emulator.
   */
  constructor(send: (message: OutgoingNotice) => void) {
    this.#send = send;
    this.#link = this.#open(0);
  }

  /**
   * Routes a subscriber's tracks to `member` from now on.
   *
   * @param subscriberId - The subscriber's id (what the router uses as its tracks' stream id).
   * @param member - What to tell it.
   * @returns Its membership.
   */
  join(subscriberId: string, member: BundleMember): BundleMembership {
    this.#members.set(subscriberId, member);
    return {
      leave: () => {
        if (this.#members.get(subscriberId) !== member) return;
        this.#members.delete(subscriberId);
        this.#receivers.delete(subscriberId);
      },
      audioReceiver: () =>
        this.#receivers.get(subscriberId)?.find((receiver) => receiver.track.kind === 'audio'),
    };
  }

  /**
   * A message from the router for the single peer connection.
   *
   * @param payload - An offer or an ICE candidate.
   * @param restart - Which of the router's single peer connections it belongs to (0: the first).
   */
  receive(payload: RtcPayload, restart = 0): void {
    if (this.#closed || restart < this.#generation) return;
    if (restart > this.#generation) {
      if (payload.kind !== 'description') return;
      this.#link.close();
      this.#receivers.clear();
      this.#generation = restart;
      this.#link = this.#open(restart);
      for (const member of this.#members.values()) member.restarted();
    }
    this.#link.receive(payload);
  }

  /**
   * The router gave up on one of its single peer connections: it is closed here too (its
   * subscribers are told on their own).
   *
   * @param restart - Which one.
   */
  routerGaveUp(restart = 0): void {
    if (restart === this.#generation) this.#link.close();
  }

  /** Closes the peer connection (the session ended). */
  close(): void {
    this.#closed = true;
    this.#link.close();
    this.#members.clear();
    this.#receivers.clear();
  }

  #open(restart: number): PeerLink {
    const marked = restart === 0 ? {} : { restart };
    const link: PeerLink = new PeerLink(
      (payload) =>
        this.#send({
          type: 'rtc',
          to: MEDIA_ROUTER_ID,
          streamId: '',
          subscriberId: SINGLE_PEER_CONNECTION_ID,
          payload,
          ...marked,
        }),
      () => {
        if (link !== this.#link) return;
        // The router rebuilds it (or gives up and fails its subscribers).
        this.#send({
          type: 'downstreamFailed',
          streamId: '',
          subscriberId: SINGLE_PEER_CONNECTION_ID,
          ...marked,
        });
      },
    );
    link.pc.ontrack = (event) => {
      const subscriberId = event.streams[0]?.id;
      if (subscriberId === undefined) return;
      const member = this.#members.get(subscriberId);
      if (member === undefined) return;
      const receivers = this.#receivers.get(subscriberId) ?? [];
      receivers.push(event.receiver);
      this.#receivers.set(subscriberId, receivers);
      member.track(event.track);
      if (link.pc.connectionState === 'connected') member.connected();
    };
    link.pc.addEventListener('connectionstatechange', () => {
      if (link !== this.#link || link.pc.connectionState !== 'connected') return;
      for (const [subscriberId, member] of this.#members) {
        if (this.#receivers.has(subscriberId)) member.connected();
      }
    });
    return link;
  }
}
