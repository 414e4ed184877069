import type { RtcPayload } from '../protocol.js';

/**
 * One WebRTC peer connection between a publisher and one of its subscribers. The publisher side
 * always makes the offer (exactly one side of each pair offers); every incoming signalling
 * message is applied strictly after the previous one finished, and ICE candidates are never
 * applied before the remote description nor sent before the local description.
 *
 * @internal
 */
export class PeerLink {
  /** The underlying peer connection. */
  readonly pc: RTCPeerConnection;
  readonly #send: (payload: RtcPayload) => void;
  #chain: Promise<void> = Promise.resolve();
  #descriptionSent = false;
  #outgoing: RtcPayload[] = [];
  #incomingCandidates: RTCIceCandidateInit[] = [];
  #closed = false;

  /**
   * @param send - Sends a payload to the other side through the emulator.
   * @param onFailure - Told once when the connection fails for good.
   */
  constructor(send: (payload: RtcPayload) => void, onFailure: (reason: string) => void) {
    this.#send = send;
    this.pc = new RTCPeerConnection({ iceServers: [] });
    this.pc.onicecandidate = (event) => {
      const payload: RtcPayload = {
        kind: 'candidate',
        candidate:
          event.candidate === null ? null : (event.candidate.toJSON() as Record<string, unknown>),
      };
      if (this.#descriptionSent) this.#send(payload);
      else this.#outgoing.push(payload);
    };
    this.pc.onconnectionstatechange = () => {
      if (this.pc.connectionState === 'failed') onFailure('failed');
    };
  }

  /**
   * Publisher side: adds the tracks and makes the offer.
   *
   * @param stream - The publisher's media.
   */
  offer(stream: MediaStream): void {
    for (const track of stream.getTracks()) this.pc.addTrack(track, stream);
    this.#enqueue(async () => {
      await this.pc.setLocalDescription(await this.pc.createOffer());
      this.#sendDescription();
    });
  }

  /**
   * Applies a message from the other side, after every earlier one.
   *
   * @param payload - A description or an ICE candidate.
   */
  receive(payload: RtcPayload): void {
    this.#enqueue(async () => {
      if (payload.kind === 'description') {
        await this.pc.setRemoteDescription(payload.description as RTCSessionDescriptionInit);
        for (const candidate of this.#incomingCandidates.splice(0)) {
          await this.pc.addIceCandidate(candidate);
        }
        if (payload.description.type === 'offer') {
          await this.pc.setLocalDescription(await this.pc.createAnswer());
          this.#sendDescription();
        }
        return;
      }
      if (payload.candidate === null) return;
      const candidate = payload.candidate as RTCIceCandidateInit;
      if (this.pc.remoteDescription === null) this.#incomingCandidates.push(candidate);
      else await this.pc.addIceCandidate(candidate);
    });
  }

  /** Closes the peer connection; later messages are ignored. */
  close(): void {
    this.#closed = true;
    this.pc.onicecandidate = null;
    this.pc.onconnectionstatechange = null;
    this.pc.ontrack = null;
    this.pc.close();
  }

  #sendDescription(): void {
    const description = this.pc.localDescription;
    if (description === null || this.#closed) return;
    this.#send({
      kind: 'description',
      description: { type: description.type, sdp: description.sdp },
    });
    this.#descriptionSent = true;
    for (const payload of this.#outgoing.splice(0)) this.#send(payload);
  }

  #enqueue(step: () => Promise<void>): void {
    this.#chain = this.#chain.then(async () => {
      if (this.#closed) return;
      try {
        await step();
      } catch (error) {
        if (!this.#closed) console.warn('OT emulator: WebRTC signalling step failed:', error);
      }
    });
  }
}
