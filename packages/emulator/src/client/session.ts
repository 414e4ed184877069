import type { ConnectResult, ServerMessage } from '../protocol.js';
import { Connection, Stream } from './connection.js';
import { OTEventEmitter } from './event-emitter.js';
import { callUser, type OTError, otError } from './ot-error.js';
import { createEvent } from './ot-event.js';
import { type CompletionHandler, Publisher, type PublisherProperties } from './publisher.js';
import type { SessionLink } from './session-link.js';
import { SessionTransport } from './session-transport.js';
import type { OutgoingRequest } from './signalling-socket.js';
import { Subscriber, type SubscriberProperties } from './subscriber.js';

type State = 'disconnected' | 'connecting' | 'connected' | 'reconnecting';

/** What a Session needs from its `OT`. @internal */
export interface SessionEnvironment {
  /** The emulator's base URL, if known. */
  emulatorUrl(): string | undefined;
  /** Creates a publisher (as `OT.initPublisher`). */
  initPublisher(
    target: HTMLElement | string | undefined,
    properties: PublisherProperties | undefined,
    callback: CompletionHandler | undefined,
  ): Publisher;
}

/** What a moderator may do, like `session.capabilities` (1 = allowed, 0 = not). */
export interface SessionCapabilities {
  /** May call `forceDisconnect`. */
  forceDisconnect: number;
  /** May call `forceUnpublish` (not emulated). */
  forceUnpublish: number;
  /** May force others to mute (not emulated). */
  forceMute: number;
  /** May publish. */
  publish: number;
  /** May subscribe. */
  subscribe: number;
}

/** Options of `session.signal`. */
export interface SignalOptions {
  /** Signal type: at most 128 letters, digits, `-`, `_`, `~`. */
  type?: string;
  /** Payload, at most 8 KB. */
  data?: string;
  /** Only this connection receives it. Default: everyone, sender included. */
  to?: Connection;
  /** Accepted for compatibility; signals sent while reconnecting are always sent afterwards. */
  retryAfterReconnect?: boolean;
}

function asOtError(error: unknown, fallbackName: string, fallbackCode: number): OTError {
  const { name, code, message } = (error ?? {}) as Partial<OTError>;
  return otError(name ?? fallbackName, code ?? fallbackCode, message ?? String(error));
}

/**
 * A session, like `@opentok/client`'s `Session`: get it from `OT.initSession` (one object per
 * session id for the whole page), attach every listener, then `connect`.
 */
export class Session extends OTEventEmitter {
  /** The session id. */
  readonly sessionId: string;
  /** The API key the session was initialised with. */
  readonly apiKey: string;
  /** The own connection; `null` while not connected. */
  connection: Connection | null = null;
  /** What the token's role allows. */
  capabilities: SessionCapabilities = {
    forceDisconnect: 0,
    forceUnpublish: 0,
    forceMute: 0,
    publish: 0,
    subscribe: 0,
  };
  /**
   * Connects with a token. On success, synchronously: `sessionConnected` (the callback runs
   * inside it), then `connectionCreated` for every connection (own included), then
   * `streamCreated` for every remote stream. While connecting or connected it only warns and
   * never calls back.
   *
   * @returns This session; `.promise(token)` resolves with it.
   */
  readonly connect: {
    (token: string, callback?: CompletionHandler): Session;
    promise(token: string): Promise<Session>;
  };
  /**
   * Publishes a Publisher (or creates one from a target and properties). Before connecting it
   * fails synchronously with `OT_NOT_CONNECTED` and returns `null`; a `subscriber` token gets
   * `OT_PERMISSION_DENIED`.
   *
   * @returns The publisher, or `null`; `.promise(...)` resolves with it.
   */
  readonly publish: {
    (
      publisher?: Publisher | HTMLElement | string,
      properties?: PublisherProperties | CompletionHandler,
      callback?: CompletionHandler,
    ): Publisher | null;
    promise(
      publisher?: Publisher | HTMLElement | string,
      properties?: PublisherProperties,
    ): Promise<Publisher>;
  };
  /**
   * Subscribes to a remote stream. Before connecting it fails synchronously with
   * `OT_NOT_CONNECTED` and returns `null`.
   *
   * @returns The subscriber, or `null`; `.promise(...)` resolves with it.
   */
  readonly subscribe: {
    (
      stream: Stream,
      target?: HTMLElement | string,
      properties?: SubscriberProperties | CompletionHandler,
      callback?: CompletionHandler,
    ): Subscriber | null;
    promise(
      stream: Stream,
      target?: HTMLElement | string,
      properties?: SubscriberProperties,
    ): Promise<Subscriber>;
  };

  readonly #env: SessionEnvironment;
  readonly #connections = new Map<string, Connection>();
  readonly #streams = new Map<string, Stream>();
  readonly #publishers = new Set<Publisher>();
  readonly #subscribers = new Set<Subscriber>();
  readonly #link: SessionLink;
  #state: State = 'disconnected';
  #transport: SessionTransport | undefined;

  /**
   * Use `OT.initSession` instead.
   *
   * @param apiKey - The project's API key.
   * @param sessionId - The session id.
   * @param env - The `OT` it belongs to.
   * @internal
   */
  constructor(apiKey: string, sessionId: string, env: SessionEnvironment) {
    super();
    this.apiKey = String(apiKey);
    this.sessionId = sessionId;
    this.#env = env;
    this.#link = {
      session: this,
      request: (message) => this.#request(message),
      send: (message) => this.#transport?.send(message),
      connectionFor: (id) => this.#connectionFor(id),
      forgetPublisher: (publisher) => this.#publishers.delete(publisher),
      forgetSubscriber: (subscriber) => this.#subscribers.delete(subscriber),
    };
    this.connect = Object.assign(
      (token: string, callback?: CompletionHandler) => this.#connect(token, callback),
      {
        promise: (token: string): Promise<Session> =>
          new Promise((resolve, reject) =>
            this.#connect(token, (error) => (error ? reject(error) : resolve(this))),
          ),
      },
    );
    this.publish = Object.assign(
      (
        publisher?: Publisher | HTMLElement | string,
        properties?: PublisherProperties | CompletionHandler,
        callback?: CompletionHandler,
      ) => this.#publish(publisher, properties, callback),
      {
        promise: (
          publisher?: Publisher | HTMLElement | string,
          properties?: PublisherProperties,
        ): Promise<Publisher> =>
          new Promise((resolve, reject) => {
            const result = this.#publish(publisher, properties, (error) => {
              if (error) reject(error);
              else resolve(result!);
            });
          }),
      },
    );
    this.subscribe = Object.assign(
      (
        stream: Stream,
        target?: HTMLElement | string,
        properties?: SubscriberProperties | CompletionHandler,
        callback?: CompletionHandler,
      ) => this.#subscribe(stream, target, properties, callback),
      {
        promise: (
          stream: Stream,
          target?: HTMLElement | string,
          properties?: SubscriberProperties,
        ): Promise<Subscriber> =>
          new Promise((resolve, reject) => {
            const result = this.#subscribe(stream, target, properties, (error) => {
              if (error) reject(error);
              else resolve(result!);
            });
          }),
      },
    );
  }

  /**
   * Tells whether the session is connected (also while reconnecting).
   *
   * @returns `true` when connected.
   */
  isConnected(): boolean {
    return this.#state === 'connected' || this.#state === 'reconnecting';
  }

  /**
   * Leaves the session. `sessionDisconnected` (reason `clientDisconnected`) follows from a
   * timer; publishers are destroyed, subscribers too unless that event is default-prevented.
   *
   * @returns Resolves after `sessionDisconnected` was dispatched.
   */
  disconnect(): Promise<void> {
    if (this.#state === 'disconnected') return Promise.resolve();
    this.#transport?.send({ type: 'disconnect' });
    return this.#end('clientDisconnected');
  }

  /**
   * Stops publishing; the publisher is destroyed unless its `streamDestroyed` is prevented.
   *
   * @param publisher - The publisher.
   */
  unpublish(publisher: Publisher): void {
    if (this.#publishers.has(publisher)) publisher._unpublish('unpublished');
  }

  /**
   * Stops a subscriber and removes its element.
   *
   * @param subscriber - The subscriber.
   */
  unsubscribe(subscriber: Subscriber): void {
    subscriber.destroy();
  }

  /**
   * Sends a signal to everyone (sender included) or to `to`: they get `signal` and
   * `signal:<type>`.
   *
   * @param options - `type`, `data`, `to`.
   * @param callback - Completion handler.
   * @returns Resolves when the emulator accepted it; rejects only when no callback is given.
   */
  signal(options: SignalOptions, callback?: CompletionHandler): Promise<void> {
    const settle = (error?: OTError): Promise<void> => {
      callUser(callback, ...((error === undefined ? [] : [error]) as [OTError?]));
      if (error !== undefined && callback === undefined) return Promise.reject(error);
      return Promise.resolve();
    };
    if (!this.isConnected()) {
      return settle(
        otError(
          'OT_NOT_CONNECTED',
          500,
          'Unable to send signal - you are not connected to the session.',
        ),
      );
    }
    const request: OutgoingRequest = {
      type: 'signal',
      ...(options?.type === undefined ? {} : { signalType: options.type }),
      ...(options?.data === undefined ? {} : { data: options.data }),
      ...(options?.to === undefined ? {} : { to: options.to.connectionId }),
    };
    return this.#request(request).then(
      () => settle(),
      (error: unknown) => settle(asOtError(error, 'OT_NOT_CONNECTED', 500)),
    );
  }

  /**
   * Disconnects another client. Needs a `moderator` token (`OT_PERMISSION_DENIED` otherwise).
   *
   * @param connection - The connection (or its id).
   * @param callback - Completion handler.
   * @returns Resolves when done; rejects only when no callback is given.
   */
  forceDisconnect(connection: Connection | string, callback?: CompletionHandler): Promise<void> {
    const settle = (error?: OTError): Promise<void> => {
      callUser(callback, ...((error === undefined ? [] : [error]) as [OTError?]));
      if (error !== undefined && callback === undefined) return Promise.reject(error);
      return Promise.resolve();
    };
    if (!this.isConnected()) {
      return settle(
        otError('OT_NOT_CONNECTED', 1010, 'Cannot call forceDisconnect: not connected.'),
      );
    }
    if (this.capabilities.forceDisconnect !== 1) {
      return settle(
        otError(
          'OT_PERMISSION_DENIED',
          1520,
          'This token does not allow forceDisconnect. The role must be at least `moderator` to enable this functionality',
        ),
      );
    }
    const connectionId = typeof connection === 'string' ? connection : connection.connectionId;
    return this.#request({ type: 'forceDisconnect', connectionId }).then(
      () => settle(),
      (error: unknown) => settle(asOtError(error, 'OT_UNABLE_TO_FORCE_DISCONNECT', 1520)),
    );
  }

  /**
   * Finds the own publisher of a stream.
   *
   * @param stream - A stream.
   * @returns The publisher, or `undefined`.
   */
  getPublisherForStream(stream: Stream): Publisher | undefined {
    return [...this.#publishers].find((entry) => entry.stream?.streamId === stream?.streamId);
  }

  /**
   * Lists the subscribers of a stream.
   *
   * @param stream - A stream.
   * @returns The subscribers.
   */
  getSubscribersForStream(stream: Stream): Subscriber[] {
    return [...this.#subscribers].filter((entry) => entry.stream.streamId === stream?.streamId);
  }

  #connect(token: string, callback: CompletionHandler | undefined): Session {
    if (this.#state !== 'disconnected') {
      console.warn(`OT.Session: Cannot connect, the session is already ${this.#state}.`);
      return this;
    }
    this.#state = 'connecting';
    let onSuccess: (() => void) | undefined;
    if (typeof callback === 'function') {
      onSuccess = () => callUser(callback);
      this.once('sessionConnected', onSuccess);
    }
    const fail = (error: OTError): void => {
      if (this.#state !== 'connecting') return;
      this.#state = 'disconnected';
      this.#transport?.close();
      this.#transport = undefined;
      if (onSuccess !== undefined) this.off('sessionConnected', onSuccess);
      callUser(callback, error);
    };
    const base = this.#env.emulatorUrl();
    if (base === undefined) {
      setTimeout(() =>
        fail(otError('OT_CONNECT_FAILED', 1006, 'Call OT.setEmulatorUrl(url) before connecting.')),
      );
      return this;
    }
    const transport = new SessionTransport(base, {
      onMessage: (message) => this.#onMessage(message),
      onReconnecting: () => {
        this.#state = 'reconnecting';
        this.dispatch(createEvent('sessionReconnecting', this, {}));
      },
      onReconnected: () => {
        this.#state = 'connected';
        this.dispatch(createEvent('sessionReconnected', this, {}));
      },
      onGone: () => void this.#end('networkDisconnected'),
    });
    this.#transport = transport;
    transport
      .connect({ type: 'connect', apiKey: this.apiKey, sessionId: this.sessionId, token })
      .then((result) => {
        if (this.#state === 'connecting' && this.#transport === transport) this.#connected(result);
        else transport.close();
      })
      .catch((error: unknown) => fail(asOtError(error, 'OT_CONNECT_FAILED', 1006)));
    return this;
  }

  #connected(result: ConnectResult): void {
    this.#state = 'connected';
    const moderator = result.role === 'moderator' ? 1 : 0;
    const publish = result.role === 'subscriber' ? 0 : 1;
    this.capabilities = {
      forceDisconnect: moderator,
      forceUnpublish: moderator,
      forceMute: moderator,
      publish,
      subscribe: result.role === 'publisheronly' ? 0 : 1,
    };
    this.#connections.clear();
    this.#streams.clear();
    for (const wire of result.connections) {
      this.#connections.set(wire.connectionId, new Connection(wire));
    }
    this.connection = this.#connectionFor(result.connection.connectionId);
    for (const wire of result.streams) {
      this.#streams.set(wire.streamId, new Stream(wire, this.#connectionFor(wire.connectionId)));
    }
    const connections = [...this.#connections.values()];
    const streams = [...this.#streams.values()];
    this.dispatch(createEvent('sessionConnected', this, { connections, streams }));
    for (const connection of connections) {
      this.dispatch(createEvent('connectionCreated', this, { connection }));
    }
    for (const stream of streams) this.dispatch(createEvent('streamCreated', this, { stream }));
  }

  #publish(
    target: Publisher | HTMLElement | string | undefined,
    properties: PublisherProperties | CompletionHandler | undefined,
    callback: CompletionHandler | undefined,
  ): Publisher | null {
    let done = callback;
    let props: PublisherProperties | undefined;
    if (typeof target === 'function') {
      done = target as CompletionHandler;
      target = undefined;
    }
    if (typeof properties === 'function') done = properties;
    else props = properties;
    if (!this.isConnected()) {
      callUser(
        done,
        otError('OT_NOT_CONNECTED', 1010, 'We need to be connected before you can publish'),
      );
      return null;
    }
    if (this.capabilities.publish !== 1) {
      callUser(
        done,
        otError(
          'OT_PERMISSION_DENIED',
          1500,
          'This token does not allow publishing. The role must be at least `publisher` to enable this functionality',
        ),
      );
      return null;
    }
    const publisher =
      target instanceof Publisher ? target : this.#env.initPublisher(target, props, undefined);
    this.#publishers.add(publisher);
    publisher._publishTo(this.#link, done);
    return publisher;
  }

  #subscribe(
    stream: Stream,
    target: HTMLElement | string | undefined,
    properties: SubscriberProperties | CompletionHandler | undefined,
    callback: CompletionHandler | undefined,
  ): Subscriber | null {
    const done = typeof properties === 'function' ? properties : callback;
    const props = typeof properties === 'function' ? {} : (properties ?? {});
    if (!this.isConnected()) {
      callUser(
        done,
        otError('OT_NOT_CONNECTED', 1501, 'Session.subscribe :: Connection required to subscribe'),
      );
      return null;
    }
    const subscriber = new Subscriber(this.#link, stream, target, props, done);
    this.#subscribers.add(subscriber);
    return subscriber;
  }

  #onMessage(message: ServerMessage): void {
    if (!this.isConnected()) return;
    switch (message.type) {
      case 'connectionCreated': {
        const connection = this.#connectionFor(message.connection.connectionId, message.connection);
        this.dispatch(createEvent('connectionCreated', this, { connection }));
        return;
      }
      case 'connectionDestroyed': {
        const connection = this.#connectionFor(message.connectionId);
        this.#connections.delete(message.connectionId);
        for (const publisher of this.#publishers) {
          publisher._removeSubscriber(undefined, message.connectionId);
        }
        this.dispatch(
          createEvent('connectionDestroyed', this, { connection, reason: message.reason }),
        );
        return;
      }
      case 'streamCreated': {
        const stream = new Stream(message.stream, this.#connectionFor(message.stream.connectionId));
        this.#streams.set(stream.streamId, stream);
        this.dispatch(createEvent('streamCreated', this, { stream }));
        return;
      }
      case 'streamDestroyed': {
        const stream = this.#streams.get(message.streamId);
        if (stream === undefined) return;
        this.#streams.delete(message.streamId);
        const event = createEvent(
          'streamDestroyed',
          this,
          { stream, reason: message.reason },
          true,
        );
        this.dispatch(event);
        for (const subscriber of this.getSubscribersForStream(stream)) {
          subscriber._streamGone(message.reason, event.isDefaultPrevented());
        }
        return;
      }
      case 'streamPropertyChanged': {
        const stream = this.#streams.get(message.streamId);
        if (stream === undefined) return;
        const oldValue = stream[message.property];
        stream[message.property] = message.value;
        this.dispatch(
          createEvent('streamPropertyChanged', this, {
            stream,
            changedProperty: message.property,
            oldValue,
            newValue: message.value,
          }),
        );
        return;
      }
      case 'signal': {
        const from = message.from === null ? null : this.#connectionFor(message.from);
        const type = message.signalType === undefined ? 'signal' : `signal:${message.signalType}`;
        const event = createEvent(type, this, { data: message.data, from });
        this.dispatch(event, 'signal');
        if (message.signalType !== undefined) this.dispatch(event);
        return;
      }
      default:
        this.#onMediaMessage(message);
    }
  }

  #onMediaMessage(message: ServerMessage): void {
    const own = (streamId: string): Publisher | undefined =>
      [...this.#publishers].find((entry) => entry.stream?.streamId === streamId);
    switch (message.type) {
      case 'subscribe':
        own(message.streamId)?._addSubscriber(message.from, message.subscriberId);
        return;
      case 'unsubscribe':
        own(message.streamId)?._removeSubscriber(message.subscriberId, message.from);
        return;
      case 'rtc': {
        const publisher = own(message.streamId);
        if (publisher !== undefined) {
          publisher._receive(message.subscriberId, message.payload);
          return;
        }
        for (const subscriber of this.#subscribers) {
          if (subscriber.id === message.subscriberId) subscriber._receive(message.payload);
        }
        return;
      }
      case 'muteForced':
        own(message.streamId)?._muteForced();
        this.dispatch(createEvent('muteForced', this, {}));
        return;
      case 'disconnected':
        void this.#end(message.reason);
        return;
      default:
        return;
    }
  }

  #connectionFor(connectionId: string, wire?: ConnectResult['connection']): Connection {
    let connection = this.#connections.get(connectionId);
    if (connection === undefined) {
      connection = new Connection(wire ?? { connectionId, creationTime: Date.now(), data: '' });
      this.#connections.set(connectionId, connection);
    }
    return connection;
  }

  #request(message: OutgoingRequest): Promise<unknown> {
    if (this.#transport === undefined || !this.isConnected()) {
      return Promise.reject(otError('OT_NOT_CONNECTED', 1010, 'Not connected to the session.'));
    }
    return this.#transport.request(message);
  }

  #end(reason: string): Promise<void> {
    if (this.#state === 'disconnected') return Promise.resolve();
    this.#state = 'disconnected';
    this.#transport?.close();
    this.#transport = undefined;
    const publishers = [...this.#publishers];
    const subscribers = [...this.#subscribers];
    this.#publishers.clear();
    this.#subscribers.clear();
    this.connection = null;
    this.#connections.clear();
    this.#streams.clear();
    return new Promise((resolve) => {
      setTimeout(() => {
        const event = createEvent('sessionDisconnected', this, { reason }, true);
        this.dispatch(event);
        for (const publisher of publishers) publisher._unpublish(reason);
        for (const subscriber of subscribers) {
          subscriber._streamGone(reason, event.isDefaultPrevented());
        }
        resolve();
      });
    });
  }
}
