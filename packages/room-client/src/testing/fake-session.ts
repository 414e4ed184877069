import { FakeEmitter, type FakeEvent } from './fake-events.js';
import type { FakePublisher, FakeSubscriber } from './fake-media.js';
import {
  type FakeCallback,
  FakeConnection,
  type FakeConnectionEvent,
  type FakeOTError,
  type FakeSessionDisconnectEvent,
  type FakeSignalEvent,
  type FakeStreamEvent,
  type FakeStreamPropertyChangedEvent,
  type FakeStreamRef,
  fakeEvent,
  fakeOTError,
} from './fake-objects.js';
import type { FakeRoom } from './fake-room.js';
import { publishIn, subscribeIn } from './fake-session-media.js';
import { checkFakeSignal, type FakeSignalOptions } from './fake-signal.js';
import type { FakeConnectPhase, FakeWorld } from './fake-world.js';

/** The events a fake Session dispatches (plus `signal:<type>`). */
export interface FakeSessionEvents {
  /** Connected; the connect callback runs inside this dispatch, after earlier handlers. */
  sessionConnected: FakeEvent;
  /** Disconnected, with the reason; cancelable (keeps subscribers). */
  sessionDisconnected: FakeSessionDisconnectEvent;
  /** The network dropped; OpenTok is trying to reconnect. */
  sessionReconnecting: FakeEvent;
  /** Reconnected: same connection; no connection or stream event is replayed. */
  sessionReconnected: FakeEvent;
  /** A connection joined (also yours and those present, in the initial burst). */
  connectionCreated: FakeConnectionEvent;
  /** Another connection left (never fired for yours). */
  connectionDestroyed: FakeConnectionEvent;
  /** A remote stream started (never fired for yours). */
  streamCreated: FakeStreamEvent;
  /** A remote stream ended. */
  streamDestroyed: FakeStreamEvent;
  /** A remote stream's audio, video or dimensions changed. */
  streamPropertyChanged: FakeStreamPropertyChangedEvent;
  /** The session is being recorded (also in the initial burst, after streams). */
  archiveStarted: FakeEvent & { id: string; name: string; status: string };
  /** A recording of the session stopped. */
  archiveStopped: FakeEvent & { id: string; name: string; status: string };
  /** Any signal (the event type is `signal:<type>` when the signal has a type). */
  signal: FakeSignalEvent;
}

/** A `connect()` in progress (its callback lives on as the session's internal listeners). */
type ConnectAttempt = object;

/** The state of a fake Session (the real SDK's `currentState`). */
export type FakeSessionState = 'disconnected' | 'connecting' | 'connected' | 'disconnecting';

/**
 * A Session with the real SDK's semantics. `OT.initSession` returns the same object for a session
 * id forever, so listeners from an earlier join are still here on the next one.
 */
export class FakeSession extends FakeEmitter<FakeSessionEvents> {
  /** The session id. */
  readonly sessionId: string;
  /** The API key of the first `initSession` call (later calls' arguments are ignored). */
  readonly apiKey: string;
  /** The options of the first `initSession` call (`{}` without). */
  readonly options: Readonly<Record<string, unknown>>;
  /** Your connection while connected; null otherwise (like the real SDK). */
  connection: FakeConnection | null = null;
  #state: FakeSessionState = 'disconnected';
  #reconnecting = false;
  #connectTimer: ReturnType<typeof setTimeout> | undefined;
  #disconnecting: Promise<void> | undefined;
  #phase: FakeConnectPhase | undefined;
  #attempt: ConnectAttempt | undefined;
  /** `disconnect()` promises waiting for a `sessionDisconnected` (as the SDK's `once` does). */
  #disconnectWaiters: Array<() => void> = [];
  /** The SDK makes the id at creation and renews it only on a reset (see `disconnect`). */
  #connectionId: string;
  readonly #world: FakeWorld;
  readonly #room: FakeRoom;

  /** @internal */
  constructor(world: FakeWorld, room: FakeRoom, apiKey: string, options: object = {}) {
    super(world);
    this.#world = world;
    this.#room = room;
    this.sessionId = room.sessionId;
    this.apiKey = apiKey;
    this.options = { ...options };
    this.#connectionId = world.nextId('connection');
  }

  /** The connection state. */
  get currentState(): FakeSessionState {
    return this.#state;
  }

  /** @returns whether connected (the real SDK has this method; its .d.ts omits it) */
  isConnected(): boolean {
    return this.#state === 'connected';
  }

  /** @internal Whether the network is down (between `sessionReconnecting` and the outcome). */
  get reconnecting(): boolean {
    return this.#reconnecting;
  }

  /** The connect phase in progress while `currentState` is `connecting`. */
  get connectPhase(): FakeConnectPhase | undefined {
    return this.#phase;
  }

  /**
   * Connects, through the real SDK's three phases (see {@link FakeConnectPhase} and the delay
   * settings). While connecting or connected it only logs a warning (see `fake.warnings`) and
   * **never calls back**; while still disconnecting it warns and takes a new connection id. On
   * success, synchronously and in order: the state becomes connected, `sessionConnected` is
   * dispatched (the callback runs inside it, after any callback of an interrupted connect that is
   * still registered; a failure calls those too, as the SDK's `sessionConnectFailed` does), then
   * `connectionCreated` for every connection (yours included), then `streamCreated` for every
   * remote stream.
   *
   * @param token - the token (any non-empty string)
   * @param callback - called with an error, or with nothing inside `sessionConnected`
   * @returns this session
   */
  connect(token: string, callback?: FakeCallback): this {
    if (this.#state === 'connecting' || this.#state === 'connected') {
      this.#world.warnings.push(
        `OT.Session: Cannot connect, the session is already ${this.#state}`,
      );
      return this;
    }
    if (this.#state === 'disconnecting') {
      this.#world.warnings.push(
        'OT.Session: trying to connect while the session is not done disconnecting.',
      );
      if (this.connection) this.drop('clientDisconnected');
      this.#connectionId = this.#world.nextId('connection');
    }
    this.#state = 'connecting';
    if (callback) {
      // As the SDK: a once('sessionConnected') and a once('sessionConnectFailed'), each removing
      // the other. Nothing else removes them, so an interrupted connect's callback is called by
      // the next connect's outcome, success or failure.
      const onSuccess = (): void => {
        this.removeInternal('sessionConnectFailed', onFailure);
        callback();
      };
      const onFailure = (event: FakeEvent): void => {
        this.removeInternal('sessionConnected', onSuccess);
        callback(event as unknown as FakeOTError);
      };
      this.addInternal('sessionConnected', onSuccess);
      this.addInternal('sessionConnectFailed', onFailure);
    }
    const attempt: ConnectAttempt = {};
    this.#attempt = attempt;
    const { settings } = this.#world;
    this.#enter('sessionInfo', settings.connectDelayMs, () => {
      const name = settings.connectError ?? (token ? undefined : 'OT_AUTHENTICATION_ERROR');
      if (name) {
        this.#fail(attempt, fakeOTError(name, `connect failed (${name})`));
        return;
      }
      this.#enter('socket', settings.socketDelayMs, () => {
        // From here on the server knows the connection: others see it come and go.
        this.#room.addLocal(new FakeConnection(this.#connectionId, settings.connectionData));
        this.#enter('acknowledgement', settings.acknowledgementDelayMs, () => this.#connected());
      });
    });
    return this;
  }

  /**
   * Disconnects, as the real SDK does in each phase. Before the socket exists (session info): the
   * attempt is cancelled, nothing fires, the promise resolves at once, the next connect gets a new
   * connection id, and the interrupted connect's callback stays registered: the next connect's
   * success or failure calls it (before its own). While the socket opens: the state stays
   * `disconnecting`, nothing fires, the interrupted connect's callback stays registered (the next
   * connect's success or failure calls it) and the promise waits for a later
   * `sessionDisconnected`. While the acknowledgement is pending: only the interrupted callback (and
   * any older one still registered) fires, with `OT_UNEXPECTED_SERVER_RESPONSE`, the state becomes
   * `disconnected` and the connection id is kept for the next connect. While connected: `sessionDisconnected` (`clientDisconnected`) is
   * dispatched from a setTimeout.
   *
   * @returns a promise settled once `sessionDisconnected` was dispatched (or at once without a socket)
   */
  disconnect(): Promise<void> {
    const phase = this.#phase;
    const attempt = this.#attempt;
    if (this.#state === 'connecting' && attempt) {
      clearTimeout(this.#connectTimer);
      this.#phase = undefined;
      if (phase === 'sessionInfo') {
        // Cancelled: nothing fires, but the callback stays registered (see `connect`).
        this.#attempt = undefined;
        this.#state = 'disconnected';
        this.#connectionId = this.#world.nextId('connection');
        return Promise.resolve();
      }
      this.#state = 'disconnecting';
      const waiting = new Promise<void>((resolve) => this.#disconnectWaiters.push(resolve));
      if (phase === 'acknowledgement') {
        const own = this.#room.connections.get(this.#connectionId);
        if (own) this.#room.removeLocal(own);
        const error = fakeOTError('OT_UNEXPECTED_SERVER_RESPONSE', 'the connect was interrupted');
        setTimeout(() => this.#fail(attempt, error));
      }
      return waiting;
    }
    if (this.#state === 'disconnecting') {
      return this.#disconnecting ?? new Promise((resolve) => this.#disconnectWaiters.push(resolve));
    }
    if (this.#state !== 'connected') return Promise.resolve();
    this.#state = 'disconnecting';
    this.#disconnecting = new Promise<void>((resolve) =>
      setTimeout(() => {
        this.drop('clientDisconnected');
        resolve();
      }, this.#world.settings.disconnectDelayMs),
    );
    return this.#disconnecting;
  }

  #enter(phase: FakeConnectPhase, delay: number, next: () => void): void {
    this.#phase = phase;
    if (this.#world.settings.connectHangsAt === phase) return;
    // connect() always answers asynchronously; later phases without a delay follow at once.
    if (delay || phase === 'sessionInfo') this.#connectTimer = setTimeout(next, delay);
    else next();
  }

  /**
   * An attempt failed: as the SDK's `sessionConnectFailed`, it calls every connect callback still
   * registered (an interrupted connect's too).
   */
  #fail(attempt: ConnectAttempt, error: FakeOTError): void {
    if (this.#attempt === attempt) {
      this.#attempt = undefined;
      this.#phase = undefined;
      this.#state = 'disconnected';
    }
    this.dispatch(error as unknown as FakeEvent, 'sessionConnectFailed');
  }

  /**
   * How many connect callbacks the session keeps registered (the SDK keeps each one as a
   * `once('sessionConnected')` plus a `once('sessionConnectFailed')` until a connect succeeds or
   * fails; `listenerCount` leaves them out).
   */
  get connectCallbacks(): number {
    return this.internalCount('sessionConnectFailed');
  }

  /**
   * Publishes. Before connect it fails **synchronously** with `OT_NOT_CONNECTED` and returns null.
   * Otherwise it waits for camera access, then the Publisher (not the Session) dispatches
   * `streamCreated` for your stream and the callback runs.
   *
   * @param publisher - a publisher from this fake's `initPublisher`
   * @param callback - called with an error or nothing
   * @returns the publisher, or null when it failed synchronously
   */
  publish(publisher: FakePublisher, callback?: FakeCallback): FakePublisher | null {
    return publishIn(this.#world, this.#room, this, publisher, callback);
  }

  /**
   * Stops publishing; the Publisher dispatches `streamDestroyed`.
   *
   * @param publisher - the publisher
   * @param reason - @internal the reason of its `streamDestroyed` (the SDK's own calls)
   */
  unpublish(publisher: FakePublisher, reason = 'unpublished'): void {
    if (publisher.session !== this) return;
    if (publisher.stream) this.#room.removeLocalStream(publisher.stream);
    publisher.unpublished(reason);
  }

  /**
   * Subscribes. Before connect it fails **synchronously** with `OT_NOT_CONNECTED` and returns
   * undefined (as the real SDK does, although its .d.ts says Subscriber).
   *
   * @param stream - the stream (looked up by id)
   * @param target - element or element id, or the callback
   * @param properties - subscriber properties, or the callback
   * @param callback - called with an error or nothing
   * @returns the subscriber, or undefined when it failed synchronously
   */
  subscribe(
    stream: FakeStreamRef,
    target?: HTMLElement | string | FakeCallback,
    properties?: object | FakeCallback,
    callback?: FakeCallback,
  ): FakeSubscriber | undefined {
    let done = callback;
    if (typeof target === 'function') [done, target, properties] = [target, undefined, undefined];
    if (typeof properties === 'function') {
      [done, properties] = [properties as FakeCallback, undefined];
    }
    return subscribeIn(this.#world, this.#room, this, stream, target, properties, done);
  }

  /**
   * Stops a subscriber (it dispatches `destroyed`).
   *
   * @param subscriber - the subscriber
   */
  unsubscribe(subscriber: FakeSubscriber): void {
    subscriber.destroy('unsubscribe');
  }

  /**
   * Sends a signal with the SDK's validation (data, then to, then type; a key present with an
   * undefined value is invalid). Delivered as `signal` then `signal:<type>` to every connection
   * including yours, or only to `to`. Like the real SDK, the returned promise rejects on error
   * even when a callback is given.
   *
   * @param signal - type, data, recipient
   * @param callback - called with an error or nothing
   * @returns a promise settled like the callback
   */
  signal(signal: FakeSignalOptions, callback?: FakeCallback): Promise<void> {
    return new Promise((resolve, reject) => {
      const own = this.connection;
      const { type, data, to } = signal;
      const error = !own
        ? fakeOTError(
            'OT_NOT_CONNECTED',
            'Unable to send signal - you are not connected to the session.',
            500,
          )
        : (checkFakeSignal(signal) ??
          (to && !this.#room.connections.has(to.connectionId)
            ? fakeOTError('OT_NOT_FOUND', 'To connection does not exist', 404)
            : undefined));
      if (error || !own) {
        callback?.(error);
        reject(error);
        return;
      }
      setTimeout(() => {
        this.#room.signals.push({ type, data, to: to?.connectionId, from: own.connectionId });
        if (!to || to.connectionId === own.connectionId) this.deliverSignal(own, type, data);
        callback?.();
        resolve();
      }, this.#world.settings.signalDelayMs);
    });
  }

  /**
   * Dispatches a raw event, as the network would, without changing the room: for replaying a
   * duplicate or an out-of-order event.
   *
   * @param type - the event type
   * @param fields - the event's fields (e.g. `{ connection }`)
   * @param cancelable - whether the event is cancelable
   * @returns the event
   */
  emitRaw<T extends object>(type: string, fields: T, cancelable = false): FakeEvent & T {
    const event = fakeEvent(type, this, fields, cancelable);
    this.dispatch(event);
    return event;
  }

  /** @internal Delivers a signal to this client: `signal`, then `signal:<type>`. */
  deliverSignal(
    from: FakeConnection | null,
    type: string | undefined,
    data: string | undefined,
  ): void {
    const event = fakeEvent(type ? `signal:${type}` : 'signal', this, { data, from });
    this.dispatch(event, 'signal');
    if (type) this.dispatch(event);
  }

  /** @internal Dispatches a room event when connected and the network is up. */
  notify(type: string, fields: object): void {
    if (this.isConnected() && !this.#reconnecting) this.dispatch(fakeEvent(type, this, fields));
  }

  /** @internal The network dropped (true) or came back (false). */
  setReconnecting(reconnecting: boolean): void {
    if (!this.isConnected() || this.#reconnecting === reconnecting) return;
    this.#reconnecting = reconnecting;
    this.dispatch(fakeEvent(reconnecting ? 'sessionReconnecting' : 'sessionReconnected', this, {}));
  }

  /**
   * @internal Ends the connection: publishers are always destroyed, `sessionDisconnected` is
   * dispatched, then subscribers are destroyed unless it was default-prevented.
   */
  drop(reason: string): void {
    if (this.#state === 'disconnected' || this.#state === 'connecting') return;
    const own = this.connection;
    this.#state = 'disconnected';
    this.#reconnecting = false;
    this.#disconnecting = undefined;
    this.connection = null;
    if (own) this.#room.removeLocal(own);
    for (const publisher of this.#world.publishers) {
      if (publisher.session !== this) continue;
      publisher.unpublished(reason);
      publisher.destroy();
    }
    this.#connectionId = this.#world.nextId('connection');
    const event = fakeEvent('sessionDisconnected', this, { reason }, true);
    this.dispatch(event);
    for (const resolve of this.#disconnectWaiters.splice(0)) resolve();
    if (event.isDefaultPrevented()) return;
    for (const subscriber of this.#world.subscribers) {
      if (subscriber.session === this && subscriber.destroyedReason === undefined) {
        subscriber.destroy(reason);
      }
    }
  }

  #connected(): void {
    const own = this.#room.connections.get(this.#connectionId) as FakeConnection;
    this.connection = own;
    this.#state = 'connected';
    this.#phase = undefined;
    this.#attempt = undefined;
    this.dispatch(fakeEvent('sessionConnected', this, {}));
    for (const connection of [...this.#room.connections.values()]) {
      this.dispatch(fakeEvent('connectionCreated', this, { connection }));
    }
    for (const stream of [...this.#room.streams.values()]) {
      if (stream.connection !== own) this.dispatch(fakeEvent('streamCreated', this, { stream }));
    }
    // As @opentok/client: archives already recording come after connections and streams.
    for (const archive of [...this.#room.archives.values()]) {
      this.dispatch(fakeEvent('archiveStarted', this, { ...archive, archive }));
    }
  }
}
