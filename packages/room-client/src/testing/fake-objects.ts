import { FakeEvent } from './fake-events.js';

/** A connection, shaped like OpenTok's `Connection`. */
export class FakeConnection {
  /** Unique id of the connection. */
  readonly connectionId: string;
  /** When it was created, in ms since the epoch. */
  readonly creationTime: number;
  /** The token's connection data. */
  readonly data: string;

  /**
   * @param connectionId - unique id
   * @param data - the token's connection data
   * @param creationTime - when it was created
   */
  constructor(connectionId: string, data = '', creationTime: number = Date.now()) {
    this.connectionId = connectionId;
    this.data = data;
    this.creationTime = creationTime;
  }
}

/** What a remote participant publishes; see `FakeRoom.publish`. */
export interface FakeStreamOptions {
  /** The stream name (default: empty). */
  name?: string;
  /** Whether audio is sent (default true). */
  hasAudio?: boolean;
  /** Whether video is sent (default true). */
  hasVideo?: boolean;
  /** What the video is (default `camera`). */
  videoType?: 'camera' | 'screen' | 'custom';
}

/** A stream, shaped like OpenTok's `Stream`. */
export class FakeStream {
  /** Unique id of the stream. */
  readonly streamId: string;
  /** The publishing connection. */
  readonly connection: FakeConnection;
  /** When it was created, in ms since the epoch. */
  readonly creationTime: number;
  /** The publisher's name. */
  name: string;
  /** Whether audio is sent. */
  hasAudio: boolean;
  /** Whether video is sent. */
  hasVideo: boolean;
  /** Whether captions are sent. */
  hasCaptions = false;
  /** The publisher's initials. */
  initials = '';
  /** Frame rate of the video. */
  frameRate = 30;
  /** Dimensions of the video. */
  videoDimensions: { width: number; height: number } = { width: 640, height: 480 };
  /** What the video is. */
  videoType: 'camera' | 'screen' | 'custom' | undefined;

  /**
   * @param streamId - unique id
   * @param connection - the publishing connection
   * @param options - name, audio, video, video type
   */
  constructor(streamId: string, connection: FakeConnection, options: FakeStreamOptions = {}) {
    this.streamId = streamId;
    this.connection = connection;
    this.creationTime = Date.now();
    this.name = options.name ?? '';
    this.hasAudio = options.hasAudio ?? true;
    this.hasVideo = options.hasVideo ?? true;
    this.videoType = options.videoType ?? 'camera';
  }
}

/** An OpenTok-style completion callback: called with an error, or with nothing on success. */
export type FakeCallback = (error?: FakeOTError) => void;

/** A connection as `signal({ to })` takes it (looked up by id). */
export interface FakeConnectionRef {
  /** The connection id. */
  readonly connectionId: string;
}

/** A stream as `subscribe()` takes it (looked up by id). */
export interface FakeStreamRef {
  /** The stream id. */
  readonly streamId: string;
}

/** An error as OpenTok reports it: an `Error` whose `name` is the OT error name, plus a code. */
export interface FakeOTError extends Error {
  /** The OT error name, e.g. `OT_NOT_CONNECTED`. */
  name: string;
  /** OpenTok's deprecated numeric code (not unique per name). */
  code: number;
}

const CODES: Record<string, number> = {
  OT_AUTHENTICATION_ERROR: 1004,
  OT_INVALID_SESSION_ID: 1005,
  OT_CONNECT_FAILED: 1006,
  OT_TERMS_OF_SERVICE_FAILURE: 1026,
  OT_CONNECTION_LIMIT_EXCEEDED: 1027,
  OT_USER_MEDIA_ACCESS_DENIED: 1500,
  OT_NO_DEVICES_FOUND: 1500,
  OT_PERMISSION_DENIED: 1500,
  OT_STREAM_LIMIT_EXCEEDED: 1605,
};

/**
 * Makes an OpenTok-style error.
 *
 * @param name - the OT error name
 * @param message - what happened
 * @param code - the numeric code (default: the usual one for the name)
 * @returns the error
 */
export function fakeOTError(name: string, message: string, code?: number): FakeOTError {
  return Object.assign(new Error(message), { name, code: code ?? CODES[name] ?? 500 });
}

/** `connectionCreated` / `connectionDestroyed`. */
export type FakeConnectionEvent = FakeEvent & { connection: FakeConnection; reason?: string };
/** `streamCreated` / `streamDestroyed`. */
export type FakeStreamEvent = FakeEvent & { stream: FakeStream; reason?: string };
/** `streamPropertyChanged`. */
export type FakeStreamPropertyChangedEvent = FakeEvent & {
  stream: FakeStream;
  changedProperty: 'hasAudio' | 'hasVideo' | 'hasCaptions' | 'videoDimensions';
  oldValue: unknown;
  newValue: unknown;
};
/** `sessionDisconnected`. */
export type FakeSessionDisconnectEvent = FakeEvent & { reason: string };
/** `signal` and `signal:<type>` (its `type` is `signal:<type>`, or `signal` without a type). */
export type FakeSignalEvent = FakeEvent & { data?: string; from: FakeConnection | null };
/** `videoElementCreated`. */
export type FakeVideoElementEvent = FakeEvent & { element: HTMLElement };
/** `destroyed` and `streamDestroyed` on publishers and subscribers. */
export type FakeReasonEvent = FakeEvent & { reason: string };

/** Builds an event with extra fields. */
export function fakeEvent<T extends object>(
  type: string,
  target: unknown,
  fields: T,
  cancelable = false,
): FakeEvent & T {
  return Object.assign(new FakeEvent(type, target, cancelable), fields);
}
