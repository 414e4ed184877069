import type { RtcPayload } from '../protocol.js';
import { PeerLink } from './peer-link.js';

/**
 * A Publisher's peer connections, one per subscriber (a full mesh: every subscriber gets its own
 * `RTCPeerConnection`, and the publisher side always offers).
 *
 * @internal
 */
export class SubscriberPeers {
  readonly #links = new Map<string, { link: PeerLink; connectionId: string }>();

  /**
   * Opens a peer connection to a subscriber (replacing an older one of the same subscriber) and
   * sends the offer.
   *
   * @param subscriberId - The subscriber's id.
   * @param connectionId - The subscriber's connection.
   * @param send - Sends a WebRTC message to the subscriber.
   * @param media - The publisher's media.
   */
  open(
    subscriberId: string,
    connectionId: string,
    send: (payload: RtcPayload) => void,
    media: MediaStream,
  ): void {
    this.#links.get(subscriberId)?.link.close();
    const link = new PeerLink(send, () => this.drop(subscriberId));
    this.#links.set(subscriberId, { link, connectionId });
    link.offer(media);
  }

  /**
   * Closes the peer connections of one subscriber, or of every subscriber on a connection.
   *
   * @param subscriberId - The subscriber, or `undefined` for all of `connectionId`'s.
   * @param connectionId - Its connection.
   */
  dropFor(subscriberId: string | undefined, connectionId: string): void {
    for (const [id, entry] of this.#links) {
      if (
        (subscriberId === undefined || id === subscriberId) &&
        entry.connectionId === connectionId
      ) {
        this.drop(id);
      }
    }
  }

  /**
   * Hands a WebRTC message to the subscriber's peer connection, if it has one.
   *
   * @param subscriberId - The subscriber.
   * @param payload - Description or candidate.
   */
  receive(subscriberId: string, payload: RtcPayload): void {
    this.#links.get(subscriberId)?.link.receive(payload);
  }

  /**
   * Closes one subscriber's peer connection.
   *
   * @param subscriberId - The subscriber.
   */
  drop(subscriberId: string): void {
    this.#links.get(subscriberId)?.link.close();
    this.#links.delete(subscriberId);
  }

  /**
   * Every sender on every peer connection: where a replaced track must go.
   *
   * @returns The senders.
   */
  senders(): RTCRtpSender[] {
    return [...this.#links.values()].flatMap(({ link }) => link.pc.getSenders());
  }

  /** Closes every peer connection (the stream is gone). */
  closeAll(): void {
    for (const { link } of this.#links.values()) link.close();
    this.#links.clear();
  }
}
