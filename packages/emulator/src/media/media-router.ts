import { createMediaFaultQueue, type MediaFaultInjector } from '../faults.js';
import {
  type ClientMessage,
  type ConnectResult,
  MEDIA_ROUTER_ID,
  type RtcPayload,
  type ServerMessage,
  SINGLE_PEER_CONNECTION_ID,
  UPSTREAM_SUBSCRIBER_ID,
  type WireConnection,
  type WireError,
  type WireStream,
} from '../protocol.js';
import type { MonitoringEvent } from '../signalling/monitoring-event.js';
import { wireError } from '../signalling/wire-errors.js';
import { Downstream } from './downstream.js';
import { OwnPeerPath } from './downstream-path.js';
import {
  DEFAULT_RECOVERY,
  RecoveringDownstream,
  type RecoveryOptions,
} from './downstream-recovery.js';
import {
  type MediaRouterOptions,
  type ResolvedMediaOptions,
  resolveMediaOptions,
} from './media-options.js';
import type { RebuildReason, RoutedSessionStats } from './media-stats.js';
import { type BundledDownstream, RecoveringBundle } from './recovering-bundle.js';
import { loadWerift, type Werift } from './router-peer.js';
import { SubscriberBundle } from './subscriber-bundle.js';
import { Upstream } from './upstream.js';

/** What the signalling server asks the media router. @internal */
export interface MediaSignalling {
  /** Adds the session's media mode to a connect result (the client picks its media path by it). */
  connected(sessionId: string, result: ConnectResult): ConnectResult;
  /**
   * Handles a client message of a routed session.
   *
   * @returns `false` when the hub should handle it as usual.
   */
  handle(
    connectionId: string,
    sessionId: string,
    message: ClientMessage,
    reply: (id: number, outcome: { ok: unknown } | { error: WireError }) => void,
  ): boolean;
}

/** One stream of a routed session, as the router and its recorders see it. @internal */
export interface RoutedStream {
  readonly stream: WireStream;
  readonly owner: WireConnection;
  /** Set once werift is loaded (right after the stream is created). */
  upstream: Upstream | undefined;
}

/** Told about a routed session's streams (the archive recorder listens). @internal */
export interface RoutedStreamObserver {
  /** A stream's upstream exists (its tracks arrive later: see {@link Upstream.onTrack}). */
  upstreamCreated(sessionId: string, routed: RoutedStream): void;
  /** A stream went away. */
  streamRemoved(sessionId: string, streamId: string): void;
}

/** One subscriber's downstream as the router keeps it, whichever peer connection it uses. */
type RoutedDownstream = Pick<
  RecoveringDownstream,
  'connectionId' | 'upstream' | 'receive' | 'browserFailed' | 'setEnabled' | 'stats' | 'close'
>;

interface RoutedSession {
  readonly streams: Map<string, RoutedStream>;
  readonly downstreams: Map<string, RoutedDownstream>;
  /** Each subscribing connection's single peer connection, for those that use one. */
  readonly bundles: Map<string, RecoveringBundle>;
  /** How many single peer connections each connection had so far. */
  readonly bundleGenerations: Map<string, number>;
}

const newSession = (): RoutedSession => ({
  streams: new Map(),
  downstreams: new Map(),
  bundles: new Map(),
  bundleGenerations: new Map(),
});

/** What the router needs from the emulator. @internal */
export interface MediaRouterHost {
  /** The media mode a session was created with (`relayed` for sessions it does not know). */
  mediaModeOf(sessionId: string): 'routed' | 'relayed';
  /** Delivers a message to a connection (held while its socket is dropped). */
  deliver(connectionId: string, message: ServerMessage): void;
}

const limitError = (message: string): WireError =>
  wireError('OT_STREAM_LIMIT_EXCEEDED', 1605, message);

/**
 * The emulator's selective forwarding unit for routed sessions: each publisher sends one upstream
 * (werift peer connection) to it, and it forwards the RTP to one downstream peer connection per
 * subscriber, without transcoding. Relayed sessions never reach it.
 *
 * @internal
 */
export class MediaRouter implements MediaSignalling {
  /** The resolved options. */
  readonly options: ResolvedMediaOptions;
  /** Failures to play on the next downstream peer connections (tests of the recovery). */
  readonly faults: MediaFaultInjector;
  readonly #faults = createMediaFaultQueue();
  readonly #recovery: RecoveryOptions;
  readonly #host: MediaRouterHost;
  readonly #sessions = new Map<string, RoutedSession>();
  readonly #observers = new Set<RoutedStreamObserver>();
  #werift: Werift | undefined;
  #loading: Promise<Werift> | undefined;
  #backlog = 0;
  #closed = false;

  /**
   * @param options - Media options (checked here).
   * @param host - The emulator's side.
   * @param recovery - When a downstream is rebuilt, and how often. Default {@link DEFAULT_RECOVERY}.
   * @throws TypeError or RangeError for invalid options.
   */
  constructor(
    options: MediaRouterOptions | undefined,
    host: MediaRouterHost,
    recovery: RecoveryOptions = DEFAULT_RECOVERY,
  ) {
    this.options = resolveMediaOptions(options);
    this.#host = host;
    this.#recovery = recovery;
    this.faults = { next: this.#faults.next, clear: this.#faults.clear };
  }

  connected(sessionId: string, result: ConnectResult): ConnectResult {
    const mediaMode = this.#host.mediaModeOf(sessionId);
    if (mediaMode === 'routed') this.#loading ??= loadWerift();
    return { ...result, mediaMode };
  }

  handle(
    connectionId: string,
    sessionId: string,
    message: ClientMessage,
    reply: (id: number, outcome: { ok: unknown } | { error: WireError }) => void,
  ): boolean {
    if (this.#host.mediaModeOf(sessionId) !== 'routed') return false;
    switch (message.type) {
      case 'publish': {
        const error = this.#admitStream(sessionId);
        if (error === undefined) return false;
        reply(message.id, { error });
        return true;
      }
      case 'subscribe': {
        const routed = this.#sessions.get(sessionId)?.streams.get(message.streamId);
        if (routed === undefined) {
          reply(message.id, {
            error: wireError('OT_NOT_FOUND', 404, 'The stream is not published.'),
          });
          return true;
        }
        this.#run((werift) =>
          this.#openDownstream(werift, sessionId, connectionId, routed, message),
        );
        reply(message.id, { ok: null });
        return true;
      }
      case 'unsubscribe':
        this.#run(() => this.#closeDownstream(sessionId, connectionId, message.subscriberId));
        return true;
      case 'subscription':
        this.#run(() => {
          const downstream = this.#sessions.get(sessionId)?.downstreams.get(message.subscriberId);
          if (downstream?.connectionId === connectionId) {
            downstream.setEnabled(message.kind, message.enabled === true);
          }
        });
        return true;
      case 'rtc':
        this.#run(() => this.#receive(sessionId, connectionId, message));
        return true;
      case 'downstreamFailed':
        this.#run(() => {
          if (message.subscriberId === SINGLE_PEER_CONNECTION_ID) {
            this.#sessions
              .get(sessionId)
              ?.bundles.get(connectionId)
              ?.browserFailed(message.restart);
            return;
          }
          const downstream = this.#sessions.get(sessionId)?.downstreams.get(message.subscriberId);
          if (downstream?.connectionId === connectionId) downstream.browserFailed(message.restart);
        });
        return true;
      default:
        return false;
    }
  }

  /**
   * Follows the hub's events: streams of routed sessions get an upstream; streams and
   * connections that go away take their peer connections with them.
   *
   * @param event - A session-monitoring event.
   */
  onHubEvent(event: MonitoringEvent): void {
    if (this.#closed) return;
    const session = this.#sessions.get(event.sessionId);
    switch (event.event) {
      case 'streamCreated': {
        if (this.#host.mediaModeOf(event.sessionId) !== 'routed') return;
        const entry = session ?? newSession();
        this.#sessions.set(event.sessionId, entry);
        const routed: RoutedStream = {
          stream: event.stream,
          owner: event.owner,
          upstream: undefined,
        };
        entry.streams.set(event.stream.streamId, routed);
        this.#run((werift) => this.#createUpstream(werift, event.sessionId, routed));
        return;
      }
      case 'streamDestroyed':
        if (session !== undefined)
          this.#removeStream(event.sessionId, session, event.stream.streamId);
        return;
      case 'connectionDestroyed': {
        const { connectionId } = event.connection;
        for (const [id, downstream] of session?.downstreams ?? []) {
          if (downstream.connectionId === connectionId) {
            downstream.close();
            session?.downstreams.delete(id);
          }
        }
        session?.bundles.get(connectionId)?.close();
        session?.bundles.delete(connectionId);
        session?.bundleGenerations.delete(connectionId);
        return;
      }
      case 'sessionDestroyed':
        this.#sessions.delete(event.sessionId);
        return;
      default:
        return;
    }
  }

  /**
   * Follows a routed session's streams (the archive recorder).
   *
   * @param observer - The observer.
   * @returns Stops observing.
   */
  observe(observer: RoutedStreamObserver): () => void {
    this.#observers.add(observer);
    return () => this.#observers.delete(observer);
  }

  /**
   * The streams of a routed session, oldest first.
   *
   * @param sessionId - The session.
   * @returns Its streams.
   */
  streams(sessionId: string): readonly RoutedStream[] {
    return [...(this.#sessions.get(sessionId)?.streams.values() ?? [])];
  }

  /**
   * How many subscriber downstreams the router feeds right now.
   *
   * @param sessionId - Only this session's. Default: all.
   * @returns The count.
   */
  forwardedStreams(sessionId?: string): number {
    let count = 0;
    for (const [id, session] of this.#sessions) {
      if (sessionId === undefined || id === sessionId) count += session.downstreams.size;
    }
    return count;
  }

  /**
   * What the router receives and forwards, per routed session.
   *
   * @param sessionId - Only this session's. Default: every session.
   * @returns One entry per routed session with streams or subscribers.
   */
  stats(sessionId?: string): RoutedSessionStats[] {
    const result: RoutedSessionStats[] = [];
    for (const [id, session] of this.#sessions) {
      if (sessionId !== undefined && id !== sessionId) continue;
      const upstreams = [...session.streams.values()].flatMap((routed) =>
        routed.upstream === undefined ? [] : [routed.upstream.stats()],
      );
      const downstreams = [...session.downstreams.values()].flatMap(
        (downstream) => downstream.stats() ?? [],
      );
      result.push({ sessionId: id, upstreams, downstreams });
    }
    return result;
  }

  /** Closes every peer connection; later messages are ignored. */
  close(): void {
    this.#closed = true;
    for (const session of this.#sessions.values()) {
      for (const downstream of session.downstreams.values()) downstream.close();
      for (const bundle of session.bundles.values()) bundle.close();
      for (const routed of session.streams.values()) routed.upstream?.close();
    }
    this.#sessions.clear();
    this.#observers.clear();
  }

  #admitStream(sessionId: string): WireError | undefined {
    const { maxSessions, maxStreams } = this.options;
    let streams = 0;
    let sessions = 0;
    for (const session of this.#sessions.values()) {
      streams += session.streams.size;
      if (session.streams.size > 0) sessions += 1;
    }
    if (streams >= maxStreams) {
      return limitError(
        `The emulator's media router carries at most ${maxStreams} streams (option media.maxStreams).`,
      );
    }
    const active = (this.#sessions.get(sessionId)?.streams.size ?? 0) > 0;
    if (!active && sessions >= maxSessions) {
      return limitError(
        `The emulator's media router carries at most ${maxSessions} sessions (option media.maxSessions).`,
      );
    }
    return undefined;
  }

  /**
   * Runs `task` with werift, in arrival order: at once when werift is loaded and nothing waits,
   * after the waiting tasks otherwise.
   */
  #run(task: (werift: Werift) => void): void {
    if (this.#closed) return;
    if (this.#werift !== undefined && this.#backlog === 0) {
      task(this.#werift);
      return;
    }
    this.#backlog += 1;
    this.#loading ??= loadWerift();
    this.#loading.then(
      (werift) => {
        this.#werift = werift;
        this.#backlog -= 1;
        if (!this.#closed) task(werift);
      },
      (error: unknown) => {
        this.#backlog -= 1;
        console.warn('opentok-emulator: the media router could not load werift:', error);
      },
    );
  }

  #createUpstream(werift: Werift, sessionId: string, routed: RoutedStream): void {
    const session = this.#sessions.get(sessionId);
    if (session?.streams.get(routed.stream.streamId) !== routed) return;
    const { streamId, connectionId } = routed.stream;
    routed.upstream = new Upstream(werift, this.options, { streamId, connectionId }, (payload) =>
      this.#host.deliver(connectionId, {
        type: 'rtc',
        from: MEDIA_ROUTER_ID,
        streamId,
        subscriberId: UPSTREAM_SUBSCRIBER_ID,
        payload,
      }),
    );
    for (const observer of this.#observers) observer.upstreamCreated(sessionId, routed);
  }

  #openDownstream(
    werift: Werift,
    sessionId: string,
    connectionId: string,
    routed: RoutedStream,
    message: Extract<ClientMessage, { type: 'subscribe' }>,
  ): void {
    const session = this.#sessions.get(sessionId);
    const upstream = routed.upstream;
    if (session === undefined || upstream === undefined) return;
    const { subscriberId, streamId } = message;
    this.#closeDownstream(sessionId, connectionId, subscriberId);
    if (message.singlePeerConnection === true) {
      this.#openBundled(werift, session, sessionId, connectionId, upstream, message);
      return;
    }
    const deliver = (restart: number, message: Omit<ServerMessage & { type: 'rtc' }, 'restart'>) =>
      this.#host.deliver(connectionId, restart === 0 ? message : { ...message, restart });
    const downstream: RecoveringDownstream = new RecoveringDownstream(
      {
        subscriberId,
        connectionId,
        upstream,
        audio: message.subscribeToAudio !== false,
        video: message.subscribeToVideo !== false,
      },
      (restart, enabled) =>
        new Downstream({
          subscriberId,
          connectionId,
          upstream,
          ...enabled,
          fault: this.#faults.take(streamId, connectionId),
          path: new OwnPeerPath(werift, this.options, (payload) =>
            deliver(restart, {
              type: 'rtc',
              from: MEDIA_ROUTER_ID,
              streamId,
              subscriberId,
              payload,
            }),
          ),
        }),
      this.#recovery,
      () => {
        if (session.downstreams.get(subscriberId) === downstream) {
          session.downstreams.delete(subscriberId);
        }
        console.warn(
          `opentok-emulator: the media router gave up on subscriber ${subscriberId} of stream ${streamId} after ${downstream.restart} rebuilds (${downstream.reasons.join(', ')}).`,
        );
        this.#host.deliver(connectionId, { type: 'downstreamFailed', streamId, subscriberId });
      },
    );
    session.downstreams.set(subscriberId, downstream);
  }

  /**
   * A subscriber on its client's single peer connection (made on the first such subscriber, or
   * after the last one gave up), which is rebuilt as a whole (see {@link RecoveringBundle}).
   */
  #openBundled(
    werift: Werift,
    session: RoutedSession,
    sessionId: string,
    connectionId: string,
    upstream: Upstream,
    message: Extract<ClientMessage, { type: 'subscribe' }>,
  ): void {
    let bundle = session.bundles.get(connectionId);
    if (bundle === undefined || bundle.closed) {
      // Faults match the stream whose subscribe opened it, on every rebuild.
      const { streamId } = message;
      const open = (onFailure: (reason: RebuildReason) => void): SubscriberBundle => {
        const generation = session.bundleGenerations.get(connectionId) ?? 0;
        session.bundleGenerations.set(connectionId, generation + 1);
        const send = (payload: RtcPayload): void =>
          this.#host.deliver(connectionId, {
            type: 'rtc',
            from: MEDIA_ROUTER_ID,
            streamId: '',
            subscriberId: SINGLE_PEER_CONNECTION_ID,
            payload,
            ...(generation === 0 ? {} : { restart: generation }),
          });
        return new SubscriberBundle(werift, this.options, {
          connectionId,
          generation,
          send,
          connectTimeoutMs: this.#recovery.connectTimeoutMs,
          fault: this.#faults.take(streamId, connectionId),
          onFailure,
        });
      };
      const created: RecoveringBundle = new RecoveringBundle(
        connectionId,
        open,
        this.#recovery,
        (subscribers) => this.#giveUpBundle(sessionId, created, subscribers),
      );
      bundle = created;
      session.bundles.set(connectionId, bundle);
    }
    const downstream = bundle.add({
      subscriberId: message.subscriberId,
      upstream,
      audio: message.subscribeToAudio !== false,
      video: message.subscribeToVideo !== false,
    });
    session.downstreams.set(message.subscriberId, downstream);
  }

  /** A single peer connection failed after its last rebuild: its subscribers fail. */
  #giveUpBundle(
    sessionId: string,
    bundle: RecoveringBundle,
    subscribers: readonly BundledDownstream[],
  ): void {
    const session = this.#sessions.get(sessionId);
    if (session === undefined) return;
    if (session.bundles.get(bundle.connectionId) === bundle) {
      session.bundles.delete(bundle.connectionId);
    }
    const { connectionId, generation } = bundle;
    for (const downstream of subscribers) {
      if (session.downstreams.get(downstream.subscriberId) === downstream) {
        session.downstreams.delete(downstream.subscriberId);
      }
      this.#host.deliver(connectionId, {
        type: 'downstreamFailed',
        streamId: downstream.upstream.streamId,
        subscriberId: downstream.subscriberId,
      });
    }
    this.#host.deliver(connectionId, {
      type: 'downstreamFailed',
      streamId: '',
      subscriberId: SINGLE_PEER_CONNECTION_ID,
      ...(generation === 0 ? {} : { restart: generation }),
    });
    const ids = subscribers.map((downstream) => downstream.subscriberId);
    console.warn(
      `opentok-emulator: the media router gave up on the single peer connection of ${connectionId} after ${bundle.reasons.length} rebuilds (${bundle.reasons.join(', ')}; subscribers: ${ids.join(', ') || 'none'}).`,
    );
  }

  #closeDownstream(sessionId: string, connectionId: string, subscriberId: string): void {
    const session = this.#sessions.get(sessionId);
    const downstream = session?.downstreams.get(subscriberId);
    if (downstream === undefined || downstream.connectionId !== connectionId) return;
    downstream.close();
    session?.downstreams.delete(subscriberId);
  }

  #receive(
    sessionId: string,
    connectionId: string,
    message: Extract<ClientMessage, { type: 'rtc' }>,
  ): void {
    const session = this.#sessions.get(sessionId);
    if (session === undefined) return;
    if (message.subscriberId === UPSTREAM_SUBSCRIBER_ID) {
      const upstream = session.streams.get(message.streamId)?.upstream;
      if (upstream?.connectionId === connectionId) upstream.peer.receive(message.payload);
      return;
    }
    if (message.subscriberId === SINGLE_PEER_CONNECTION_ID) {
      session.bundles.get(connectionId)?.receive(message.payload, message.restart);
      return;
    }
    const downstream = session.downstreams.get(message.subscriberId);
    if (downstream?.connectionId === connectionId) {
      downstream.receive(message.payload, message.restart);
    }
  }

  #removeStream(sessionId: string, session: RoutedSession, streamId: string): void {
    const routed = session.streams.get(streamId);
    if (routed === undefined) return;
    session.streams.delete(streamId);
    for (const [id, downstream] of session.downstreams) {
      if (downstream.upstream === routed.upstream) {
        downstream.close();
        session.downstreams.delete(id);
      }
    }
    for (const observer of this.#observers) observer.streamRemoved(sessionId, streamId);
    routed.upstream?.close();
  }
}
