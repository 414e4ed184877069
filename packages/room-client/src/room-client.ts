import { EventEmitter } from 'eventemitter3';
import { loadOT } from './load-ot.js';
import { fromCallback, timeoutError, withDeadline } from './deadline.js';
import { RoomClientError, toRoomClientError } from './errors.js';
import type { Host } from './host.js';
import { Join } from './join.js';
import { dropSubscription, publishCamera, startCamera, subscribeStream } from './media.js';
import type { OTConnection, OTPublisher, OTSession, OTStream, OTSubscriber } from './ot-types.js';
import { attempt, report } from './report.js';
import { attachSession } from './session-events.js';
import { acquireSession, releaseSession } from './session-lock.js';
import { checkSignal } from './signal-limits.js';
import type {
  DisconnectReason,
  RoomClient,
  RoomClientEvents,
  RoomClientOptions,
  RoomClientState,
  RoomCounts,
  RoomCredentials,
  SignalOptions,
  VideoPlacement,
} from './types.js';

const TIMEOUTS = {
  connect: 20_000,
  publish: 30_000,
  subscribe: 20_000,
  signal: 10_000,
  leave: 5000,
};
const NOT_JOINED = 'await join() first';
const EMPTY: ReadonlyMap<string, never> = new Map<string, never>();

/**
 * Creates a room client. Nothing happens (and no browser global is touched) until `join()`.
 *
 * @param options - credentials, the OT object (optional), publishing and subscribing choices
 * @returns an idle {@link RoomClient}
 * @example
 * ```ts
 * const room = createRoomClient({
 *   credentials: () => fetch('/api/rooms/standup/join', { method: 'POST' }).then((r) => r.json()),
 *   publisherVideo: { container: '#me' },
 *   subscriberVideo: () => ({ container: '#others' }),
 * });
 * room.on('countChanged', ({ others }) => render(others));
 * await room.join();
 * ```
 */
export function createRoomClient(options: RoomClientOptions): RoomClient {
  return new Client(options);
}

class Client implements RoomClient {
  readonly #options: RoomClientOptions;
  readonly #host: Host;
  readonly #events = new EventEmitter<RoomClientEvents>();
  #state: RoomClientState = 'idle';
  #join: Join | undefined;
  #leaving: Promise<void> | undefined;
  #publishError: RoomClientError | undefined;

  constructor(options: RoomClientOptions) {
    this.#options = options;
    this.#host = {
      _options: options,
      _timeouts: { ...TIMEOUTS, ...options.timeouts },
      _reconnecting: (down) => {
        if (this.#state === (down ? 'connected' : 'reconnecting')) {
          this.#setState(down ? 'reconnecting' : 'connected');
        }
      },
      _emit: (event, ...args) => this.#emit(event, ...args),
      _countChanged: () => this.#emit('countChanged', this.counts),
      _publishFailed: (error) => {
        this.#publishError = error;
        this.#emit('publishFailed', error);
      },
      _lost: (join, reason) => {
        if (this.#join !== join) return;
        this.#join = undefined;
        void this.#release(join, false);
        this.#setState('disconnected', reason);
      },
    };
  }

  get state(): RoomClientState {
    return this.#state;
  }
  get counts(): RoomCounts {
    const join = this.#join;
    const others = join?._participants.size ?? 0;
    return { others, total: join?._connectionId ? others + 1 : 0 };
  }
  get participants(): ReadonlyMap<string, OTConnection> {
    return this.#join?._participants ?? EMPTY;
  }
  get streams(): ReadonlyMap<string, OTStream> {
    return this.#join?._streams ?? EMPTY;
  }
  get subscribers(): ReadonlyMap<string, OTSubscriber> {
    return this.#join?._subscribers ?? EMPTY;
  }
  get publisher(): OTPublisher | undefined {
    return this.#join?._publisher;
  }
  get publishError(): RoomClientError | undefined {
    return this.#publishError;
  }
  get session(): OTSession | undefined {
    return this.#join?._session;
  }
  get connectionId(): string | undefined {
    return this.#join?._connectionId;
  }

  on<K extends keyof RoomClientEvents>(event: K, listener: RoomClientEvents[K]): () => void {
    this.#events.on(event, listener as EventEmitter.EventListener<RoomClientEvents, K>);
    return () => this.off(event, listener);
  }
  once<K extends keyof RoomClientEvents>(event: K, listener: RoomClientEvents[K]): () => void {
    const off = this.on(event, ((...args: Parameters<RoomClientEvents[K]>) => {
      off();
      (listener as (...args: unknown[]) => void)(...args);
    }) as RoomClientEvents[K]);
    return off;
  }
  off<K extends keyof RoomClientEvents>(event: K, listener: RoomClientEvents[K]): void {
    this.#events.off(event, listener as EventEmitter.EventListener<RoomClientEvents, K>);
  }

  join(): Promise<void> {
    if (this.#join) return this.#join._promise;
    const join = new Join();
    this.#join = join;
    join._promise = this.#run(join, this.#leaving);
    return join._promise;
  }

  leave(): Promise<void> {
    const join = this.#join;
    if (!join) return this.#leaving ?? Promise.resolve();
    this.#join = undefined;
    join._abort(new RoomClientError('cancelled', 'left while joining'));
    const previous = this.#leaving;
    const leaving = (async () => {
      if (previous) await previous;
      if (!join._started) return;
      this.#setState('disconnecting');
      await this.#release(join, join._connectRequested);
      this.#setState('disconnected', 'clientDisconnected');
    })();
    this.#leaving = leaving;
    return leaving;
  }

  async signal({ type, data, to }: SignalOptions): Promise<void> {
    const signal = checkSignal(type, data);
    const join = this.#join;
    const session = join?._session;
    if (!join?._connected || !session) {
      throw new RoomClientError('not_connected', NOT_JOINED);
    }
    if (to !== undefined) {
      const connection = typeof to === 'string' ? join._participants.get(to) : to;
      if (!connection) {
        throw new RoomClientError('not_found', `no connection ${to} in the room`);
      }
      signal.to = connection;
    }
    const sent = fromCallback('signal', (done) => session.signal(signal, done));
    await withDeadline(sent, this.#host._timeouts.signal, 'signal');
  }

  async subscribe(streamId: string, placement?: VideoPlacement): Promise<OTSubscriber> {
    const join = this.#join;
    const stream = join?._streams.get(streamId);
    if (!join?._connected) throw new RoomClientError('not_connected', NOT_JOINED);
    if (!stream) throw new RoomClientError('stream_gone', `no stream ${streamId} in the room`);
    return subscribeStream(this.#host, join, stream, placement);
  }

  unsubscribe(streamId: string): void {
    if (this.#join) dropSubscription(this.#join, streamId, true);
  }

  #emit<K extends keyof RoomClientEvents>(
    event: K,
    ...args: Parameters<RoomClientEvents[K]>
  ): void {
    for (const listener of this.#events.listeners(event)) {
      attempt(() => (listener as (...args: unknown[]) => void)(...args));
    }
  }

  #setState(state: RoomClientState, reason?: DisconnectReason, error?: RoomClientError): void {
    const previous = this.#state;
    if (previous === state) return;
    this.#state = state;
    this.#emit('stateChanged', { state, previous, reason, error });
    if (reason) this.#emit('disconnected', { reason, error });
  }

  async #run(join: Join, previous: Promise<void> | undefined): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      if (previous) await join._wait(previous);
      join._started = true;
      this.#publishError = undefined;
      this.#setState('connecting');
      const { connect } = this.#host._timeouts;
      timer = setTimeout(() => {
        join._abort(timeoutError('join', connect));
      }, connect);
      // `OT: undefined` (a script that did not load) never silently becomes the real SDK.
      const OT =
        this.#options.OT ?? (await join._wait(loadOT('OT' in this.#options && 'OT is undefined')));
      // The camera prompt runs while we fetch credentials and connect (OpenTok's best practice).
      const camera =
        this.#options.publisher === false ? undefined : startCamera(this.#host, join, OT);
      const { apiKey, sessionId, token } = await join._wait(this.#credentials());
      const session = OT.initSession(apiKey, sessionId);
      join._session = session;
      await join._wait(acquireSession(session, this, (released) => join._wait(released)));
      attachSession(this.#host, join, session);
      join._connectRequested = true;
      // The callback runs inside sessionConnected; the burst of connectionCreated and streamCreated
      // follows synchronously, so it has been processed when this await resumes.
      await join._wait(
        fromCallback('connect', (done) =>
          session.connect(token, (error) => {
            join._connectionId = session.connection?.connectionId;
            done(error);
          }),
        ),
      );
      clearTimeout(timer);
      join._connected = true;
      this.#setState('connected');
      if (camera) await publishCamera(this.#host, join, session, camera);
    } catch (error) {
      clearTimeout(timer);
      const failure = join._abortError ?? toRoomClientError(error, 'join');
      if (this.#join === join) {
        this.#join = undefined;
        await this.#release(join, join._connectRequested);
        this.#setState('disconnected', 'connectFailed', failure);
      }
      throw failure;
    }
  }

  async #credentials(): Promise<RoomCredentials> {
    const source = this.#options.credentials;
    try {
      const credentials = typeof source === 'function' ? await source() : source;
      if (credentials?.apiKey && credentials.sessionId && credentials.token) return credentials;
      throw 'need apiKey, sessionId and token';
    } catch (error) {
      throw new RoomClientError('credentials_failed', `credentials: ${error}`, { cause: error });
    }
  }

  /** Undoes everything `join` did; with `disconnect`, also disconnects the session and waits. */
  async #release(join: Join, disconnect?: boolean): Promise<void> {
    join._closed = true;
    const { _session: session, _camera: publisher } = join;
    const counted = join._connectionId;
    for (const streamId of [...join._subscribers.keys()])
      dropSubscription(join, streamId, disconnect);
    join._subscribing.clear();
    if (publisher) {
      join._listeners._remove(publisher);
      if (join._publisher && disconnect) attempt(() => session?.unpublish(publisher as never));
      attempt(() => publisher.destroy());
    }
    join._participants.clear();
    join._streams.clear();
    join._connectionId = undefined;
    if (counted) this.#host._countChanged();
    if (!session) return;
    const finish = releaseSession(session, this);
    if (disconnect) {
      const disconnected = new Promise<void>((resolve) => {
        join._onDisconnected = resolve;
        const result = attempt(() => session.disconnect()) as Partial<Promise<void>>;
        result?.then?.(resolve, resolve);
      });
      await withDeadline(disconnected, this.#host._timeouts.leave, 'leave').catch(report);
    }
    join._listeners._remove();
    finish();
  }
}
