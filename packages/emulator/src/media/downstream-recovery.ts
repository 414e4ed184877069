import type { RtcPayload } from '../protocol.js';
import type { DownstreamStats, RebuildReason } from './media-stats.js';
import type { MediaKind, Upstream } from './upstream.js';

/** What {@link RecoveringDownstream} needs of one peer connection to a subscriber (a Downstream). */
export interface RecoverableDownstream {
  /** Applies a message from the subscriber. */
  receive(payload: RtcPayload): void;
  /** Starts or stops forwarding one kind. */
  setEnabled(kind: MediaKind, enabled: boolean): void;
  /** Its counters and states. */
  stats(): DownstreamStats;
  /** Stops forwarding and closes the peer connection. */
  close(): void;
  /** Calls `listener` when the peer connection connects (ICE and DTLS) or fails. */
  onConnection(listener: (state: 'connected' | 'failed') => void): void;
  /** Whether the DTLS handshake runs (ICE is connected, DTLS not yet). */
  handshaking(): boolean;
}

/** When a downstream is rebuilt, and how often. @internal */
export interface RecoveryOptions {
  /**
   * How long a new peer connection may take to connect before it is rebuilt; one whose DTLS
   * handshake is running by then gets this long once more. On 2 shared, loaded cores healthy
   * downstreams of the 4- and 6-page grids took up to 8.8 and 9.9 s to connect (ICE and DTLS),
   * too close to a 10 s bound: in one heavily loaded run, downstreams rebuilt at 10 s kept missing
   * it until the router gave up, each rebuild adding a handshake to the loaded event loop. 15 s,
   * and 30 s for a handshake under way, leave room for slow ones; failed ones are rebuilt at once.
   */
  readonly connectTimeoutMs: number;
  /** How many times one subscriber's downstream is rebuilt before the router gives up. */
  readonly maxRebuilds: number;
}

/** The router's defaults: 15 s to connect (30 s with a handshake under way), 3 rebuilds. @internal */
export const DEFAULT_RECOVERY: RecoveryOptions = { connectTimeoutMs: 15_000, maxRebuilds: 3 };

/**
 * One subscriber's downstream as the router keeps it: the current peer connection, rebuilt when
 * it fails (werift's connection or DTLS state `failed`, or the browser reporting its own peer
 * connection `failed`) or is not connected within {@link RecoveryOptions.connectTimeoutMs}
 * (twice that when its DTLS handshake runs by then). A rebuild closes the old peer connection
 * and makes a fresh one, whose offer the subscriber gets marked `restart: n`; messages of an
 * older peer connection are dropped. After
 * {@link RecoveryOptions.maxRebuilds} rebuilds, the next failure gives up: the peer connection is
 * closed and `onGiveUp` tells the subscriber.
 *
 * @internal
 */
export class RecoveringDownstream {
  /** The subscriber's id (chosen by the browser). */
  readonly subscriberId: string;
  /** The subscribing connection. */
  readonly connectionId: string;
  /** The upstream it is fed from. */
  readonly upstream: Upstream;
  readonly #create: (restart: number, enabled: Record<MediaKind, boolean>) => RecoverableDownstream;
  readonly #options: RecoveryOptions;
  readonly #onGiveUp: () => void;
  readonly #enabled: Record<MediaKind, boolean>;
  #current: RecoverableDownstream | undefined;
  #restart = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #startedAt = 0;
  #connectedAfterMs: number | undefined;
  #closed = false;
  readonly #reasons: RebuildReason[] = [];

  /**
   * @param init - Ids, the upstream and what to forward at first.
   * @param create - Makes the `restart`-th peer connection (0: the first) and sends its offer.
   * @param options - Connect timeout and rebuilds.
   * @param onGiveUp - Called once when the last rebuild failed too (the peer connection is closed).
   */
  constructor(
    init: {
      subscriberId: string;
      connectionId: string;
      upstream: Upstream;
      audio: boolean;
      video: boolean;
    },
    create: (restart: number, enabled: Record<MediaKind, boolean>) => RecoverableDownstream,
    options: RecoveryOptions,
    onGiveUp: () => void,
  ) {
    this.subscriberId = init.subscriberId;
    this.connectionId = init.connectionId;
    this.upstream = init.upstream;
    this.#enabled = { audio: init.audio, video: init.video };
    this.#create = create;
    this.#options = options;
    this.#onGiveUp = onGiveUp;
    this.#start();
  }

  /** How many times the downstream was rebuilt so far (the current peer connection's `restart`). */
  get restart(): number {
    return this.#restart;
  }

  /** Why each rebuild happened, oldest first. */
  get reasons(): readonly RebuildReason[] {
    return this.#reasons;
  }

  /** Whether a connect timer runs (the current peer connection has not connected yet). */
  get waiting(): boolean {
    return this.#timer !== undefined;
  }

  /** Whether it was closed or gave up. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Applies a message from the subscriber, if it belongs to the current peer connection.
   *
   * @param payload - A description or an ICE candidate.
   * @param restart - The peer connection it answers (0 or absent: the first).
   */
  receive(payload: RtcPayload, restart = 0): void {
    if (this.#closed || restart !== this.#restart) return;
    this.#current?.receive(payload);
  }

  /**
   * The browser says its peer connection failed: rebuilt now, if it is the current one.
   *
   * @param restart - The peer connection that failed (0 or absent: the first).
   */
  browserFailed(restart = 0): void {
    if (this.#closed || restart !== this.#restart) return;
    this.#rebuild('browserFailed');
  }

  /**
   * Starts or stops forwarding one kind; a rebuilt peer connection keeps the choice.
   *
   * @param kind - Audio or video.
   * @param enabled - Forward it or not.
   */
  setEnabled(kind: MediaKind, enabled: boolean): void {
    this.#enabled[kind] = enabled;
    this.#current?.setEnabled(kind, enabled);
  }

  /**
   * What the current peer connection forwarded, with the rebuilds so far.
   *
   * @returns Its counters and states, or `undefined` after giving up.
   */
  stats(): DownstreamStats | undefined {
    const stats = this.#current?.stats();
    if (stats === undefined) return undefined;
    return {
      ...stats,
      rebuilds: this.#restart,
      rebuildReasons: [...this.#reasons],
      ...(this.#connectedAfterMs === undefined ? {} : { connectedAfterMs: this.#connectedAfterMs }),
    };
  }

  /** Closes the current peer connection and stops watching; later messages are ignored. */
  close(): void {
    this.#closed = true;
    this.#stopTimer();
    this.#current?.close();
    this.#current = undefined;
  }

  #start(): void {
    const current = this.#create(this.#restart, { ...this.#enabled });
    this.#current = current;
    this.#startedAt = Date.now();
    this.#connectedAfterMs = undefined;
    let extended = false;
    const expire = (): void => {
      this.#timer = undefined;
      if (this.#current !== current) return;
      if (!extended && current.handshaking()) {
        // Slow, not stuck: the handshake is under way on a loaded event loop.
        extended = true;
        this.#timer = setTimeout(expire, this.#options.connectTimeoutMs);
        return;
      }
      this.#rebuild('timeout');
    };
    this.#timer = setTimeout(expire, this.#options.connectTimeoutMs);
    current.onConnection((state) => {
      if (this.#closed || this.#current !== current) return;
      if (state === 'failed') {
        this.#rebuild('failed');
        return;
      }
      this.#stopTimer();
      this.#connectedAfterMs ??= Date.now() - this.#startedAt;
    });
  }

  #rebuild(reason: RebuildReason): void {
    if (this.#closed) return;
    this.#stopTimer();
    this.#current?.close();
    this.#current = undefined;
    if (this.#restart >= this.#options.maxRebuilds) {
      this.#closed = true;
      this.#onGiveUp();
      return;
    }
    this.#reasons.push(reason);
    this.#restart += 1;
    this.#start();
  }

  #stopTimer(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
