import type { RoomAction } from './actions.js';
import type { SpeakerTracker } from './active-speaker.js';
import { fetchCredentials } from './credentials.js';
import { fromCallback, timeoutError } from './deadline.js';
import { RoomClientError, toRoomClientError } from './errors.js';
import type { Host, RoomInternals } from './host.js';
import { Join } from './join.js';
import { loadOT } from './load-ot.js';
import { isPublished, publishSource, startPublisher } from './media.js';
import type {
  OTConnection,
  OTLike,
  OTPublisher,
  OTSession,
  OTStream,
  OTSubscriber,
} from './ot-types.js';
import { releaseJoin } from './release.js';
import { attempt } from './report.js';
import { attachSession } from './session-events.js';
import { acquireSession, connectSession } from './session-lock.js';
import { checkSessionOptions } from './session-options.js';
import { dropSubscription, subscribeStream } from './subscriptions.js';
import type {
  DisconnectReason,
  RoomClient,
  RoomClientEvents,
  RoomClientOptions,
  RoomClientState,
  RoomCounts,
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
type Listener = (...args: unknown[]) => void;
// Change listeners (the snapshot store) live beside event listeners under a name no event has.
const CHANGE = ' change' as keyof RoomClientEvents;
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

// The client's state is its fields and its join's maps; the snapshot (roomSnapshot) is computed
// from them, so a page that never renders one does not pay for it. `_` members are read by opt-in
// modules (RoomInternals) and shortened by the build.
class Client implements RoomInternals {
  readonly #options: RoomClientOptions;
  readonly _host: Host;
  // Listener lists per event, replaced (never mutated) on change, so an emit in progress is stable.
  readonly #events: Record<string, Listener[] | undefined> = {};
  // While above 0, change listeners wait: during a dispatch (until our event listeners ran) and
  // during the initial burst of a connect (so nobody sees half of the room).
  #holds = 0;
  _version = 0;
  _join: Join | undefined;
  _view: Join | undefined;
  #state: RoomClientState = 'idle';
  _reason: DisconnectReason | undefined;
  _error: RoomClientError | undefined;
  #connectionId: string | undefined;
  #counts: RoomCounts = { others: 0, total: 0 };
  _speaking: string | undefined;
  // Mute state outlives joins: it is what the next camera start publishes.
  #microphone: boolean;
  #camera: boolean;
  #leaving: Promise<void> | undefined;
  #publishError: RoomClientError | undefined;
  readonly #speaker: SpeakerTracker | undefined;

  constructor(options: RoomClientOptions) {
    checkSessionOptions(options.sessionOptions);
    this.#options = options;
    this.#speaker = options.activeSpeaker?._create((id) => {
      this._speaking = id;
      this.#dispatch('activeSpeakerChanged', id);
    });
    const publisher = options.publisher || undefined;
    this.#microphone = publisher?.publishAudio !== false;
    this.#camera = publisher?.publishVideo !== false;
    this._host = {
      _options: options,
      _timeouts: { ...TIMEOUTS, ...options.timeouts },
      _reconnecting: (down) => {
        if (this.state === (down ? 'connected' : 'reconnecting')) {
          this.#setState(down ? 'reconnecting' : 'connected');
        }
      },
      _dispatch: (...action) => this.#dispatch(...action),
      _sources: {},
      _muteForced: () => this.#setEnabled(true, false, true),
      _lost: (join, reason) => {
        if (this._join !== join) return;
        this._join = undefined;
        void releaseJoin(this._host, join, this, false);
        this.#setState('disconnected', reason);
      },
    };
  }

  get state(): RoomClientState {
    return this.#state;
  }
  get counts(): RoomCounts {
    return this.#counts;
  }
  get participants(): ReadonlyMap<string, OTConnection> {
    return this._join?._participants ?? EMPTY;
  }
  get streams(): ReadonlyMap<string, OTStream> {
    return this._join?._streams ?? EMPTY;
  }
  get subscribers(): ReadonlyMap<string, OTSubscriber> {
    return this._join?._subscribers ?? EMPTY;
  }
  get publisher(): OTPublisher | undefined {
    const join = this._join;
    return join && isPublished(join, 'camera') ? join._publishers.get('camera') : undefined;
  }
  get publishError(): RoomClientError | undefined {
    return this.#publishError;
  }
  get session(): OTSession | undefined {
    return this._join?._session;
  }
  get connectionId(): string | undefined {
    return this.#connectionId;
  }
  get microphoneEnabled(): boolean {
    return this.#microphone;
  }
  get cameraEnabled(): boolean {
    return this.#camera;
  }

  setMicrophoneEnabled(enabled: boolean): void {
    this.#setEnabled(true, enabled);
  }
  setCameraEnabled(enabled: boolean): void {
    this.#setEnabled(false, enabled);
  }

  _onChange(listener: () => void): () => void {
    return this.on(CHANGE, listener);
  }

  async publish(): Promise<void> {
    const join = this._join;
    const session = join?._session;
    if (!join?._connected || !session) throw new RoomClientError('not_connected', NOT_JOINED);
    if (join._publishers.has('camera')) return;
    const camera = this.#startCamera(join, join._OT as OTLike, true) as Promise<OTPublisher>;
    const error = await publishSource(this._host, join, session, 'camera', camera);
    if (error) throw error;
  }

  on<K extends keyof RoomClientEvents>(event: K, listener: RoomClientEvents[K]): () => void {
    this.#events[event] = [...(this.#events[event] ?? []), listener as Listener];
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
    this.#events[event] = this.#events[event]?.filter((known) => known !== (listener as Listener));
  }

  join(): Promise<void> {
    if (this._join) return this._join._promise;
    const join = new Join();
    this._join = join;
    join._promise = this.#run(join, this.#leaving);
    return join._promise;
  }

  leave(): Promise<void> {
    const join = this._join;
    if (!join) return this.#leaving ?? Promise.resolve();
    this._join = undefined;
    join._abort(new RoomClientError('cancelled', 'left while joining'));
    const previous = this.#leaving;
    const leaving = (async () => {
      if (previous) await previous;
      if (!join._started) return;
      this.#setState('disconnecting');
      await releaseJoin(this._host, join, this, join._connectRequested);
      this.#setState('disconnected', 'clientDisconnected');
    })();
    this.#leaving = leaving;
    return leaving;
  }

  async subscribe(streamId: string, placement?: VideoPlacement): Promise<OTSubscriber> {
    const join = this._join;
    const stream = join?._streams.get(streamId);
    if (!join?._connected) throw new RoomClientError('not_connected', NOT_JOINED);
    if (!stream) throw new RoomClientError('stream_gone', `no stream ${streamId} in the room`);
    return subscribeStream(this._host, join, stream, placement);
  }

  unsubscribe(streamId: string): void {
    if (this._join) dropSubscription(this._host, this._join, streamId, true);
  }

  /** Emits an action (when it is an event), then `countChanged` when the counts changed. */
  #dispatch(...action: RoomAction): void {
    const [type, ...args] = action;
    this._version++;
    this.#holds++;
    if (type === 'publishFailed' && action[2] === 'camera') this.#publishError = action[1];
    if (type === 'left' && this._view === action[1]) {
      this._view = this.#connectionId = this._speaking = undefined;
    }
    this.#speaker?._action(this._join, action);
    this.#emit(type, args);
    const others = this._view?._participants.size ?? 0;
    const total = this.#connectionId ? others + 1 : 0;
    const counts = this.#counts;
    if (counts.others !== others || counts.total !== total) {
      this.#counts = { others, total };
      this.#dispatch('countChanged', this.#counts);
    }
    this.#unhold();
  }

  #emit(type: string, args: unknown[]): void {
    for (const listener of this.#events[type] ?? []) attempt(() => listener(...args));
  }

  /** Ends a hold; the last one tells the change listeners. */
  #unhold(): void {
    if (!--this.#holds) this.#emit(CHANGE, []);
  }

  #setState(state: RoomClientState, reason?: DisconnectReason, error?: RoomClientError): void {
    const previous = this.#state;
    if (previous === state) return;
    this.#state = state;
    // A new attempt forgets why the last one ended.
    if (reason || state === 'connecting') {
      this._reason = reason;
      this._error = error;
    }
    this.#dispatch('stateChanged', { state, previous, reason, error });
    if (reason) this.#dispatch('disconnected', { reason, error });
  }

  /** Mute state outlives joins and drives the camera publisher. */
  #setEnabled(audio: boolean, enabled: boolean, forced = false): void {
    if (typeof enabled !== 'boolean') {
      const key = audio ? 'microphoneEnabled' : 'cameraEnabled';
      throw new RoomClientError('invalid_argument', `${key}: need true or false, got ${enabled}`);
    }
    if ((audio ? this.#microphone : this.#camera) === enabled) return;
    if (audio) this.#microphone = enabled;
    else this.#camera = enabled;
    const camera = this._join?._publishers.get('camera');
    attempt(() => (audio ? camera?.publishAudio(enabled) : camera?.publishVideo(enabled)));
    const change = { microphoneEnabled: this.#microphone, cameraEnabled: this.#camera, forced };
    this.#dispatch('muteChanged', change);
  }

  async #run(join: Join, previous: Promise<void> | undefined): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let holding = false;
    try {
      if (previous) await join._wait(previous);
      join._started = true;
      this._view = join;
      this.#publishError = undefined;
      this.#setState('connecting');
      const { connect } = this._host._timeouts;
      timer = setTimeout(() => {
        join._abort(timeoutError('join', connect));
      }, connect);
      // `OT: undefined` (a script that did not load) never silently becomes the real SDK.
      const OT =
        this.#options.OT ??
        (await join._wait(
          loadOT(
            'OT' in this.#options &&
              'options.OT is undefined (did its script load?): not loading the real SDK',
          ),
        ));
      join._OT = OT;
      // The camera prompt runs while we fetch credentials and connect (OpenTok's best practice).
      const camera = this.#startCamera(join, OT);
      const { apiKey, sessionId, token } = await join._wait(
        fetchCredentials(this.#options.credentials),
      );
      // Without options the SDK gets `undefined`, as it does when an app omits them.
      const session = OT.initSession(apiKey, sessionId, this.#options.sessionOptions);
      join._session = session;
      await join._wait(acquireSession(session, this, (released) => join._wait(released)));
      attachSession(this._host, join, session);
      join._connectRequested = true;
      // Snapshot listeners hear of the burst once, complete, with the connected state.
      this.#holds++;
      holding = true;
      // The callback runs inside sessionConnected; the burst of connectionCreated and streamCreated
      // follows synchronously, so it has been processed when this await resumes.
      await join._wait(
        fromCallback('connect', (done) =>
          connectSession(session, token, (error) => {
            // This join's leave waits for this answer (an interrupted connect calls back with an
            // error): settle it first, whoever is current now.
            join._onSettled?.();
            // An interrupted connect's callback stays registered in the SDK and answers the next
            // connect (connectSession): only the current join's answer counts.
            if (this._join !== join) return;
            if (!error) {
              this.#connectionId = session.connection?.connectionId;
              this.#dispatch('connection');
            }
            done(error);
          }),
        ),
      );
      clearTimeout(timer);
      join._connected = true;
      this.#setState('connected');
      holding = false;
      this.#unhold();
      if (camera) await publishSource(this._host, join, session, 'camera', camera);
    } catch (error) {
      clearTimeout(timer);
      if (holding) this.#unhold();
      const failure = join._abortError ?? toRoomClientError(error, 'join');
      if (this._join === join) {
        this._join = undefined;
        // Reject at the deadline: the release finishes in the background, and a following join()
        // waits for it.
        this.#leaving = releaseJoin(this._host, join, this, join._connectRequested);
        this.#setState('disconnected', 'connectFailed', failure);
      }
      throw failure;
    }
  }

  #startCamera(join: Join, OT: OTLike, always?: boolean): Promise<OTPublisher> | undefined {
    const { publisher, publisherVideo } = this.#options;
    if (publisher === false && !always) return;
    // Devices chosen with roomDevices(room) (kept across joins) win over the options' ones.
    const properties = {
      ...(publisher || {}),
      ...this._host._sources,
      publishAudio: this.#microphone,
      publishVideo: this.#camera,
    };
    return startPublisher(this._host, join, OT, 'camera', properties, publisherVideo);
  }
}
