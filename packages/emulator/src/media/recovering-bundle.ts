import type { RtcPayload } from '../protocol.js';
import { Downstream } from './downstream.js';
import type { RecoveryOptions } from './downstream-recovery.js';
import type { DownstreamStats, RebuildReason } from './media-stats.js';
import type { SubscriberBundle } from './subscriber-bundle.js';
import type { MediaKind, Upstream } from './upstream.js';

/** One subscriber on a client's single peer connection, as the router keeps it. @internal */
export interface BundledDownstream {
  readonly subscriberId: string;
  readonly connectionId: string;
  readonly upstream: Upstream;
  /** Messages travel under the single peer connection's id: nothing to apply per subscriber. */
  receive(): void;
  /** Failures are the single peer connection's: nothing to rebuild per subscriber. */
  browserFailed(): void;
  setEnabled(kind: MediaKind, enabled: boolean): void;
  stats(): DownstreamStats | undefined;
  /** Unsubscribes: its transceivers go inactive and the single peer connection renegotiates. */
  close(): void;
}

/** What one subscriber needs to be carried again by a rebuilt single peer connection. */
interface Member {
  readonly subscriberId: string;
  readonly upstream: Upstream;
  readonly enabled: Record<MediaKind, boolean>;
  downstream: Downstream;
  /** When its current pair of transceivers was added (its subscribe, or the last rebuild). */
  addedAt: number;
  connectedAfterMs: number | undefined;
}

/**
 * A client's single peer connection as the router keeps it, recovered as a subscriber's own
 * peer connection is ({@link RecoveringDownstream}): when the current one fails (werift says
 * `failed`, or the browser says its side failed) or does not connect in time, it is closed and a
 * fresh one, the next `generation`, carries every current subscriber again; the client gets its
 * offer marked `restart: generation` and swaps in a new RTCPeerConnection. After
 * {@link RecoveryOptions.maxRebuilds} rebuilds the next failure gives up: every subscriber on it
 * fails (`onGiveUp`), and the client's next subscribe makes a new one.
 *
 * @internal
 */
export class RecoveringBundle {
  /** The subscribing connection. */
  readonly connectionId: string;
  readonly #open: (onFailure: (reason: RebuildReason) => void) => SubscriberBundle;
  readonly #options: RecoveryOptions;
  readonly #onGiveUp: (subscribers: BundledDownstream[]) => void;
  readonly #members = new Map<string, { member: Member; routed: BundledDownstream }>();
  readonly #reasons: RebuildReason[] = [];
  #current: SubscriberBundle;
  #closed = false;

  /**
   * @param connectionId - The subscribing connection.
   * @param open - Makes the next single peer connection (its generation and offer marking are the
   *   router's), calling `onFailure` once if it fails.
   * @param options - Connect timeout (applied by `open`) and rebuilds.
   * @param onGiveUp - Called once when the last rebuild failed too, with the subscribers it carried
   *   (already closed).
   */
  constructor(
    connectionId: string,
    open: (onFailure: (reason: RebuildReason) => void) => SubscriberBundle,
    options: RecoveryOptions,
    onGiveUp: (subscribers: BundledDownstream[]) => void,
  ) {
    this.connectionId = connectionId;
    this.#open = open;
    this.#options = options;
    this.#onGiveUp = onGiveUp;
    this.#current = this.#openNext();
  }

  /** The current single peer connection's generation (what its messages are marked with). */
  get generation(): number {
    return this.#current.generation;
  }

  /** Why each rebuild happened, oldest first. */
  get reasons(): readonly RebuildReason[] {
    return this.#reasons;
  }

  /** Whether it was closed or gave up. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Adds a subscriber and renegotiates.
   *
   * @param init - The subscriber, its upstream and what to forward at first.
   * @returns The subscriber's downstream, for the router's table.
   */
  add(init: {
    subscriberId: string;
    upstream: Upstream;
    audio: boolean;
    video: boolean;
  }): BundledDownstream {
    const { subscriberId, upstream } = init;
    this.#members.get(subscriberId)?.routed.close();
    const enabled = { audio: init.audio, video: init.video };
    const member: Member = {
      subscriberId,
      upstream,
      enabled,
      downstream: this.#carry(subscriberId, upstream, enabled),
      addedAt: Date.now(),
      connectedAfterMs: undefined,
    };
    this.#watchReady(member);
    const routed: BundledDownstream = {
      subscriberId,
      connectionId: this.connectionId,
      upstream,
      receive: () => undefined,
      browserFailed: () => undefined,
      setEnabled: (kind, value) => {
        enabled[kind] = value;
        member.downstream.setEnabled(kind, value);
      },
      stats: () =>
        this.#members.get(subscriberId)?.member === member ? this.#stats(member) : undefined,
      close: () => {
        if (this.#members.get(subscriberId)?.member !== member) return;
        this.#members.delete(subscriberId);
        member.downstream.close();
      },
    };
    this.#members.set(subscriberId, { member, routed });
    return routed;
  }

  /**
   * Applies a message from the client, if it belongs to the current single peer connection.
   *
   * @param payload - An answer or an ICE candidate.
   * @param restart - The generation it answers (0 or absent: the first).
   */
  receive(payload: RtcPayload, restart = 0): void {
    if (!this.#closed && restart === this.#current.generation) this.#current.receive(payload);
  }

  /**
   * The browser says its side failed: rebuilt now, if it is the current one.
   *
   * @param restart - The generation that failed (0 or absent: the first).
   */
  browserFailed(restart = 0): void {
    if (this.#closed || restart !== this.#current.generation) return;
    this.#current.close();
    this.#recover('browserFailed');
  }

  /** Closes the single peer connection and its subscribers; later messages are ignored. */
  close(): void {
    this.#closed = true;
    this.#current.close();
    for (const { member } of this.#members.values()) member.downstream.close();
    this.#members.clear();
  }

  #openNext(): SubscriberBundle {
    const bundle: SubscriberBundle = this.#open((reason) => {
      if (bundle === this.#current) this.#recover(reason);
    });
    return bundle;
  }

  /** The current single peer connection failed and is closed: a new one, or give up. */
  #recover(reason: RebuildReason): void {
    if (this.#closed) return;
    for (const { member } of this.#members.values()) member.downstream.close();
    if (this.#reasons.length >= this.#options.maxRebuilds) {
      const subscribers = [...this.#members.values()].map(({ routed }) => routed);
      this.#closed = true;
      this.#members.clear();
      this.#onGiveUp(subscribers);
      return;
    }
    this.#reasons.push(reason);
    this.#current = this.#openNext();
    for (const { member } of this.#members.values()) {
      member.downstream = this.#carry(member.subscriberId, member.upstream, member.enabled);
      member.addedAt = Date.now();
      member.connectedAfterMs = undefined;
      this.#watchReady(member);
    }
  }

  /** A pair of transceivers for the subscriber on the current single peer connection. */
  #carry(
    subscriberId: string,
    upstream: Upstream,
    enabled: Record<MediaKind, boolean>,
  ): Downstream {
    return new Downstream({
      subscriberId,
      connectionId: this.connectionId,
      upstream,
      ...enabled,
      path: this.#current.add(subscriberId),
      singlePeerConnection: true,
      // A fault is the whole peer connection's: whichever subscriber's media starts it.
      ...(this.#current.fault === undefined ? {} : { fault: this.#current.fault }),
    });
  }

  #watchReady(member: Member): void {
    const { downstream } = member;
    downstream.path.onReady(() => {
      if (member.downstream === downstream) member.connectedAfterMs ??= Date.now() - member.addedAt;
    });
  }

  #stats(member: Member): DownstreamStats {
    return {
      ...member.downstream.stats(),
      offers: this.#current.offers,
      rebuilds: this.#reasons.length,
      rebuildReasons: [...this.#reasons],
      ...(member.connectedAfterMs === undefined
        ? {}
        : { connectedAfterMs: member.connectedAfterMs }),
    };
  }
}
