import type { RoomClientError } from './errors.js';
import { ListenerBag } from './listeners.js';
import type {
  OTConnection,
  OTLike,
  OTPublisher,
  OTSession,
  OTStream,
  OTSubscriber,
} from './ot-types.js';
import type { LocalPublicationInfo, PublisherSource } from './snapshot-types.js';
import type { RecordingChange } from './types.js';

// Members starting with `_` are internal: the build shortens them (tsup.config.ts, mangleProps).

/**
 * One `join()` and everything it owns: the listeners it attached, the publisher it created, its
 * subscriptions and its view of the room. A new join gets a new one, so nothing leaks from one
 * join into the next even though OpenTok hands back the same cached Session.
 */
export class Join {
  readonly _listeners: ListenerBag = new ListenerBag();
  /** Other connections, by connection id. */
  readonly _participants: Map<string, OTConnection> = new Map();
  /** Remote streams, by stream id. */
  readonly _streams: Map<string, OTStream> = new Map();
  /** Subscribers, by stream id (at most one per stream). */
  readonly _subscribers: Map<string, OTSubscriber> = new Map();
  /** Stream ids whose subscription is receiving (its callback succeeded). */
  readonly _subscribed: Set<string> = new Set();
  /** Subscriptions in progress or done, by stream id. */
  readonly _subscribing: Map<string, Promise<OTSubscriber>> = new Map();
  /** Stream ids that ended: a repeated or late event must not bring them back (stream ids are
   * never reused; connection ids are, so connections have no such list). */
  readonly _gone: Set<string> = new Set();
  /** Archives recording the room, by id in the order they started (`archiveStarted` /
   * `archiveStopped`): the snapshot shows the first. */
  readonly _archives: Map<string, RecordingChange> = new Map();
  /** Local publishers by source (OT.initPublisher), published or not. */
  readonly _publishers: Map<PublisherSource, OTPublisher> = new Map();
  /** Where each local publisher is (starting, published, failed): kept after a failure. */
  readonly _publications: Map<PublisherSource, LocalPublicationInfo> = new Map();
  readonly _aborted: Promise<never>;
  _promise!: Promise<void>;
  _session?: OTSession;
  _started?: boolean;
  _connectRequested?: boolean;
  _connected?: boolean;
  _closed?: boolean;
  _abortError?: RoomClientError;
  /** Called when the session answered our leave: `sessionDisconnected` or the connect callback. */
  _onSettled?: () => void;
  /** The OT object this join uses (also for publishers started later, e.g. a screen share). */
  _OT?: OTLike;
  #reject!: (error: RoomClientError) => void;

  constructor() {
    this._aborted = new Promise<never>((_, reject) => {
      this.#reject = reject;
    });
    this._aborted.catch(() => {});
  }

  /** Makes every pending `wait` reject with `error` (the first error wins). */
  _abort(error: RoomClientError): void {
    this._abortError ??= error;
    this.#reject(error);
  }

  /** Waits for `promise` unless the join is aborted first (or meanwhile). */
  async _wait<T>(promise: Promise<T>): Promise<T> {
    const value = await Promise.race([promise, this._aborted]);
    if (this._abortError) throw this._abortError;
    return value;
  }
}
