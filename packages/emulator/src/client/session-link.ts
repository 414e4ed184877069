import type { Connection } from './connection.js';
import type { Publisher } from './publisher.js';
import type { Session } from './session.js';
import type { OutgoingNotice, OutgoingRequest } from './signalling-socket.js';
import type { Subscriber } from './subscriber.js';
import type { SubscriberBundle } from './subscriber-bundle.js';

/**
 * What a Session lends its Publishers and Subscribers: its socket and its bookkeeping. Requests
 * made while the session is reconnecting wait for the new socket.
 *
 * @internal
 */
export interface SessionLink {
  /** The public Session object. */
  readonly session: Session;
  /** Sends a request and waits for the reply. */
  request(message: OutgoingRequest): Promise<unknown>;
  /** Sends a message without reply. */
  send(message: OutgoingNotice): void;
  /** The Connection object for a connection id (creates a bare one if unknown). */
  connectionFor(connectionId: string): Connection;
  /** `routed`: publishers send one upstream to the emulator's media router; `relayed`: a mesh. */
  mediaMode(): 'routed' | 'relayed';
  /**
   * The single peer connection a routed subscriber joins (made on first use), or `undefined`
   * when subscribers have their own (relayed sessions, or no `singlePeerConnection` option).
   */
  subscriberBundle(): SubscriberBundle | undefined;
  /** Forget a publisher (it unpublished). */
  forgetPublisher(publisher: Publisher): void;
  /** Forget a subscriber (it was destroyed). */
  forgetSubscriber(subscriber: Subscriber): void;
}
