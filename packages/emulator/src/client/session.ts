import type { Connection, Stream } from './connection.js';
import { OTEventEmitter } from './event-emitter.js';
import type { CompletionHandler, Publisher, PublisherProperties } from './publisher.js';
import { connectSession } from './session-connect.js';
import {
  connectionFor,
  newConnectionId,
  type SessionCore,
  sessionRequest,
} from './session-core.js';
import { disconnectSession } from './session-disconnect.js';
import { publishInSession, subscribeInSession } from './session-media.js';
import {
  forceDisconnectClient,
  forceUnpublishStream,
  type SignalOptions,
  sendSignal,
} from './session-signals.js';
import type { Subscriber, SubscriberProperties } from './subscriber.js';
import { SubscriberBundle } from './subscriber-bundle.js';

export type { SignalOptions } from './session-signals.js';

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

/** Options of `OT.initSession` (the subset the emulator honours). */
export interface SessionOptions {
  /**
   * Routed sessions: all of this client's subscribers share one peer connection with the media
   * router instead of one each (OpenTok's Single Peer Connection). Default `false`. Publishers
   * keep one each; relayed sessions ignore it.
   */
  singlePeerConnection?: boolean;
}

/** What a moderator may do, like `session.capabilities` (1 = allowed, 0 = not). */
export interface SessionCapabilities {
  /** May call `forceDisconnect`. */
  forceDisconnect: number;
  /** May call `forceUnpublish`. */
  forceUnpublish: number;
  /** May force others to mute (not emulated). */
  forceMute: number;
  /** May publish. */
  publish: number;
  /** May subscribe. */
  subscribe: number;
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

  // Everything private lives in one object the `session-*.ts` helpers share.
  readonly #core: SessionCore;

  /**
   * Use `OT.initSession` instead.
   *
   * @param apiKey - The project's API key.
   * @param sessionId - The session id.
   * @param env - The `OT` it belongs to.
   * @param options - `OT.initSession`'s options.
   * @internal
   */
  constructor(
    apiKey: string,
    sessionId: string,
    env: SessionEnvironment,
    options: SessionOptions = {},
  ) {
    super();
    this.apiKey = String(apiKey);
    this.sessionId = sessionId;
    const core: SessionCore = {
      session: this,
      env,
      connections: new Map(),
      streams: new Map(),
      publishers: new Set(),
      subscribers: new Set(),
      link: {
        session: this,
        request: (message) => sessionRequest(core, message),
        send: (message) => core.transport?.send(message),
        connectionFor: (id) => connectionFor(core, id),
        mediaMode: () => core.mediaMode,
        subscriberBundle: () => {
          if (core.mediaMode !== 'routed' || !core.singlePeerConnection) return undefined;
          core.bundle ??= new SubscriberBundle((message) => core.transport?.send(message));
          return core.bundle;
        },
        forgetPublisher: (publisher) => core.publishers.delete(publisher),
        forgetSubscriber: (subscriber) => core.subscribers.delete(subscriber),
      },
      state: 'disconnected',
      mediaMode: 'relayed',
      singlePeerConnection: options.singlePeerConnection === true,
      bundle: undefined,
      transport: undefined,
      attempt: undefined,
      connectionId: newConnectionId(),
      disconnectWaiters: [],
      dispatch: (event, type) => this.dispatch(event, type),
    };
    this.#core = core;
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
      ) => publishInSession(core, publisher, properties, callback),
      {
        promise: (
          publisher?: Publisher | HTMLElement | string,
          properties?: PublisherProperties,
        ): Promise<Publisher> =>
          new Promise((resolve, reject) => {
            const result = publishInSession(core, publisher, properties, (error) => {
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
      ) => subscribeInSession(core, stream, target, properties, callback),
      {
        promise: (
          stream: Stream,
          target?: HTMLElement | string,
          properties?: SubscriberProperties,
        ): Promise<Subscriber> =>
          new Promise((resolve, reject) => {
            const result = subscribeInSession(core, stream, target, properties, (error) => {
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
    return this.#core.state === 'connected' || this.#core.state === 'reconnecting';
  }

  /**
   * Leaves the session. `sessionDisconnected` (reason `clientDisconnected`) follows from a
   * timer; publishers are destroyed, subscribers too unless that event is default-prevented.
   * During a connect it behaves as the real SDK in that phase: see the emulator's README.
   *
   * @returns Resolves after the next `sessionDisconnected` was dispatched (at once when nothing
   *   was connected or opened).
   */
  disconnect(): Promise<void> {
    return disconnectSession(this.#core);
  }

  /**
   * Stops publishing; the publisher is destroyed unless its `streamDestroyed` is prevented.
   *
   * @param publisher - The publisher.
   */
  unpublish(publisher: Publisher): void {
    if (this.#core.publishers.has(publisher)) publisher._unpublish('unpublished');
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
    return sendSignal(this.#core, options, callback);
  }

  /**
   * Disconnects another client. Needs a `moderator` token (`OT_PERMISSION_DENIED` otherwise).
   *
   * @param connection - The connection (or its id).
   * @param callback - Completion handler.
   * @returns Resolves when done; rejects only when no callback is given.
   */
  forceDisconnect(connection: Connection | string, callback?: CompletionHandler): Promise<void> {
    return forceDisconnectClient(this.#core, connection, callback);
  }

  /**
   * Stops another client's stream. Needs a `moderator` token (`OT_PERMISSION_DENIED` otherwise).
   * Its publisher ends with reason `forceUnpublished`; everyone else gets `streamDestroyed` with it.
   *
   * @param stream - The stream (or its id).
   * @param callback - Completion handler.
   * @returns Resolves when done; rejects only when no callback is given.
   */
  forceUnpublish(stream: Stream | string, callback?: CompletionHandler): Promise<void> {
    return forceUnpublishStream(this.#core, stream, callback);
  }

  /**
   * Finds the own publisher of a stream.
   *
   * @param stream - A stream.
   * @returns The publisher, or `undefined`.
   */
  getPublisherForStream(stream: Stream): Publisher | undefined {
    return [...this.#core.publishers].find((entry) => entry.stream?.streamId === stream?.streamId);
  }

  /**
   * Lists the subscribers of a stream.
   *
   * @param stream - A stream.
   * @returns The subscribers.
   */
  getSubscribersForStream(stream: Stream): Subscriber[] {
    return [...this.#core.subscribers].filter(
      (entry) => entry.stream.streamId === stream?.streamId,
    );
  }

  #connect(token: string, callback: CompletionHandler | undefined): Session {
    connectSession(this.#core, token, callback);
    return this;
  }
}
