import {
  FakeConnection,
  FakeStream,
  type FakeStreamOptions,
  type FakeStreamPropertyChangedEvent,
} from './fake-objects.js';
import { FakeSession } from './fake-session.js';
import type { FakeWorld } from './fake-world.js';

/** An archive of a fake session, as `archiveStarted` / `archiveStopped` carry it. */
export interface FakeArchive {
  readonly id: string;
  /** '' when it has no name, as in OpenTok. */
  readonly name: string;
  readonly status: 'started' | 'stopped';
}

/** A signal the local client sent, as the server saw it. */
export interface SentSignal {
  /** The type, if any. */
  type: string | undefined;
  /** The payload, if any. */
  data: string | undefined;
  /** The recipient's connection id; undefined for everyone. */
  to: string | undefined;
  /** The sender's connection id. */
  from: string;
}

/**
 * The server side of one session, and the controls that drive it: remote participants join,
 * publish, unpublish and leave; the network drops, comes back or fails; the server disconnects you
 * or sends you a signal. Events reach the local session only while it is connected and the network
 * is up (OpenTok does not replay what happened during an outage).
 */
export class FakeRoom {
  /** The session id. */
  readonly sessionId: string;
  /** Every connection in the session (yours too while connected), in join order. */
  readonly connections: Map<string, FakeConnection> = new Map();
  /** Every stream in the session (yours too while published). */
  readonly streams: Map<string, FakeStream> = new Map();
  /** Signals the local client sent, oldest first. */
  readonly signals: SentSignal[] = [];
  /** Archives recording the session now, by id (what a joining client hears about). */
  readonly archives: Map<string, FakeArchive> = new Map();
  readonly #world: FakeWorld;
  #session: FakeSession | undefined;

  /** @internal */
  constructor(world: FakeWorld, sessionId: string) {
    this.#world = world;
    this.sessionId = sessionId;
  }

  /** The page's one Session for this id (what `OT.initSession` returns, created on first use). */
  get session(): FakeSession {
    return this.initSession('');
  }

  /** @internal The cached session; the api key and options of the first call are kept. */
  initSession(apiKey: string, options?: object): FakeSession {
    if (!this.#session) {
      this.#session = new FakeSession(this.#world, this, apiKey, options);
      this.#world.sessions.push(this.#session);
    }
    return this.#session;
  }

  /**
   * A remote participant connects.
   *
   * @param options - its connection data; a `connectionId` to reuse one that left (the real SDK
   *   reuses the id after a cancelled connect, so others see it come, go and come back)
   * @returns its connection
   */
  join(options: { data?: string; connectionId?: string } = {}): FakeConnection {
    const id = options.connectionId ?? this.#world.nextId('connection');
    const connection = new FakeConnection(id, options.data ?? '');
    this.connections.set(connection.connectionId, connection);
    this.#session?.notify('connectionCreated', { connection });
    return connection;
  }

  /**
   * A remote participant publishes a stream.
   *
   * @param connection - the publisher's connection (from `join`)
   * @param options - name, audio, video, video type
   * @returns the stream
   */
  publish(connection: FakeConnection, options: FakeStreamOptions = {}): FakeStream {
    if (!this.connections.has(connection.connectionId)) {
      throw new Error(`connection ${connection.connectionId} is not in the room: join() it first`);
    }
    const stream = new FakeStream(this.#world.nextId('stream'), connection, options);
    this.streams.set(stream.streamId, stream);
    this.#session?.notify('streamCreated', { stream });
    return stream;
  }

  /**
   * A remote stream ends; its subscribers are destroyed.
   *
   * @param stream - the stream
   * @param reason - `clientDisconnected` (default), `forceUnpublished`, `mediaStopped`, …
   */
  unpublish(stream: FakeStream, reason = 'clientDisconnected'): void {
    if (!this.streams.delete(stream.streamId)) return;
    this.#session?.notify('streamDestroyed', { stream, reason });
    for (const subscriber of this.#world.subscribers) {
      if (subscriber.stream.streamId === stream.streamId) subscriber.destroy('streamDestroyed');
    }
  }

  /**
   * A remote participant disconnects: its streams end first, then its connection.
   *
   * @param connection - the connection
   * @param reason - `clientDisconnected` (default), `forceDisconnected`, `networkDisconnected`
   */
  leave(connection: FakeConnection, reason = 'clientDisconnected'): void {
    for (const stream of [...this.streams.values()]) {
      if (stream.connection === connection) this.unpublish(stream, reason);
    }
    if (!this.connections.delete(connection.connectionId)) return;
    this.#session?.notify('connectionDestroyed', { connection, reason });
  }

  /**
   * A remote stream's property changes (`streamPropertyChanged`).
   *
   * @param stream - the stream
   * @param property - which property
   * @param value - its new value
   */
  changeStream(stream: FakeStream, property: 'hasAudio' | 'hasVideo', value: boolean): void {
    const oldValue = stream[property];
    stream[property] = value;
    const fields: Pick<
      FakeStreamPropertyChangedEvent,
      'changedProperty' | 'oldValue' | 'newValue'
    > = { changedProperty: property, oldValue, newValue: value };
    this.#session?.notify('streamPropertyChanged', { stream, ...fields });
  }

  /**
   * A signal arrives at the local client (from a remote connection, or from a server when `from`
   * is null), unless it is addressed to someone else.
   *
   * @param signal - sender, type, data and optional recipient connection id
   */
  signal(signal: { from: FakeConnection | null; type?: string; data?: string; to?: string }): void {
    const session = this.#session;
    if (!session?.isConnected() || session.reconnecting) return;
    if (signal.to && signal.to !== session.connection?.connectionId) return;
    session.deliverSignal(signal.from, signal.type, signal.data);
  }

  /**
   * The server starts recording the session: `archiveStarted` to the local client when connected,
   * and to a client that connects while it records (after its initial connections and streams).
   *
   * @param archive - the archive id and name
   * @returns the archive
   */
  startArchive(archive: { id: string; name?: string }): FakeArchive {
    const started: FakeArchive = { id: archive.id, name: archive.name ?? '', status: 'started' };
    this.archives.set(started.id, started);
    this.#session?.notify('archiveStarted', { ...started, archive: started });
    return started;
  }

  /**
   * The recording stops: `archiveStopped` to the local client when connected.
   *
   * @param id - the archive id
   */
  stopArchive(id: string): void {
    const archive = this.archives.get(id);
    if (!archive) return;
    this.archives.delete(id);
    const stopped: FakeArchive = { ...archive, status: 'stopped' };
    this.#session?.notify('archiveStopped', { ...stopped, archive: stopped });
  }

  /** The network drops: `sessionReconnecting`. */
  dropNetwork(): void {
    this.#session?.setReconnecting(true);
  }

  /** The network comes back: `sessionReconnected` (no connection or stream event is replayed). */
  restoreNetwork(): void {
    this.#session?.setReconnecting(false);
  }

  /** The network does not come back: `sessionDisconnected` with `networkDisconnected`. */
  failNetwork(): void {
    this.#session?.drop('networkDisconnected');
  }

  /** A moderator or the server disconnects you: `sessionDisconnected` with `forceDisconnected`. */
  forceDisconnect(): void {
    this.#session?.drop('forceDisconnected');
  }

  /** A moderator mutes your published audio: your publishers dispatch `muteForced`. */
  forceMuteLocal(): void {
    for (const publisher of this.#world.publishers) {
      if (publisher.session === this.#session && publisher.stream) publisher.forceMuteAudio();
    }
  }

  /** A moderator unpublishes your stream (`forceUnpublish`): reason `forceUnpublished`. */
  forceUnpublishLocal(): void {
    this.#endLocal('forceUnpublished');
  }

  /** Your published media stops (camera unplugged, permission revoked): reason `mediaStopped`. */
  stopLocalMedia(): void {
    this.#endLocal('mediaStopped');
  }

  #endLocal(reason: string): void {
    for (const publisher of this.#world.publishers) {
      if (publisher.session !== this.#session || !publisher.stream) continue;
      this.removeLocalStream(publisher.stream);
      publisher.ended(reason);
    }
  }

  /** @internal */
  addLocal(connection: FakeConnection): void {
    this.connections.set(connection.connectionId, connection);
  }

  /** @internal */
  removeLocal(connection: FakeConnection): void {
    this.connections.delete(connection.connectionId);
    for (const stream of [...this.streams.values()]) {
      if (stream.connection === connection) this.streams.delete(stream.streamId);
    }
  }

  /** @internal */
  addLocalStream(stream: FakeStream): void {
    this.streams.set(stream.streamId, stream);
  }

  /** @internal */
  removeLocalStream(stream: FakeStream): void {
    this.streams.delete(stream.streamId);
  }
}
