// The wire protocol between the emulator's browser SDK and its WebSocket signalling server.
// Shared by both sides: no Node or DOM imports here. JSON text frames, one message per frame.

/** The path the signalling WebSocket is served on. @internal */
export const SIGNALLING_PATH = '/v2/client/ws';

/**
 * Where the browser SDK first asks for a session's info (`GET …?sessionId=`), as the real SDK does
 * before it opens its socket. @internal
 */
export const SESSION_INFO_PATH = '/v2/client/session-info';

/** What {@link SESSION_INFO_PATH} answers. @internal */
export interface SessionInfo {
  readonly sessionId: string;
  /** The path of the signalling WebSocket on the same host. */
  readonly signallingPath: string;
}

/**
 * The `to`/`from` of WebRTC messages exchanged with the emulator's media router (routed sessions)
 * instead of another client. @internal
 */
export const MEDIA_ROUTER_ID = 'media-router';
/** The `subscriberId` of a publisher's upstream peer connection to the media router. @internal */
export const UPSTREAM_SUBSCRIBER_ID = 'upstream';
/**
 * The `subscriberId` of a client's single peer connection with the media router (OpenTok's
 * `singlePeerConnection` session option: one peer connection carries all of the client's
 * subscribers); its messages have an empty `streamId`, and `restart` numbers its rebuilds.
 * @internal
 */
export const SINGLE_PEER_CONNECTION_ID = 'single-peer-connection';

/** A connection as it travels on the wire. @internal */
export interface WireConnection {
  readonly connectionId: string;
  /** Milliseconds since the epoch. */
  readonly creationTime: number;
  /** The token's connection data ('' when none). */
  readonly data: string;
}

/** A stream as it travels on the wire. @internal */
export interface WireStream {
  readonly streamId: string;
  readonly connectionId: string;
  readonly creationTime: number;
  readonly name: string;
  readonly hasAudio: boolean;
  readonly hasVideo: boolean;
  readonly videoType: 'camera' | 'screen' | 'custom';
  readonly videoDimensions: { readonly width: number; readonly height: number };
}

/** An archive as clients are told about it (`archiveStarted` / `archiveStopped`). @internal */
export interface WireArchive {
  readonly id: string;
  /** '' when the archive has no name. */
  readonly name: string;
  readonly status: string;
}

/** An error answered to a request, shaped like the browser SDK's `OTError`. @internal */
export interface WireError {
  readonly name: string;
  readonly code: number;
  readonly message: string;
}

/** A WebRTC signalling payload relayed between two connections. @internal */
export type RtcPayload =
  | { readonly kind: 'description'; readonly description: { type: string; sdp?: string } }
  | { readonly kind: 'candidate'; readonly candidate: Record<string, unknown> | null };

/** Messages a client sends. Requests carry an `id` echoed by the `reply`. @internal */
export type ClientMessage =
  | {
      readonly type: 'connect';
      readonly id: number;
      readonly apiKey: string;
      readonly sessionId: string;
      readonly token: string;
      /**
       * The connection id the client made (the SDK makes it and keeps it across a cancelled
       * connect); the server makes one when absent.
       */
      readonly connectionId?: string;
      /** Present when the client resumes a connection after a dropped socket. */
      readonly resume?: { readonly connectionId: string; readonly resumeKey: string };
    }
  | {
      readonly type: 'publish';
      readonly id: number;
      readonly name: string;
      readonly hasAudio: boolean;
      readonly hasVideo: boolean;
      readonly videoType: 'camera' | 'screen' | 'custom';
      readonly videoDimensions: { readonly width: number; readonly height: number };
    }
  | {
      readonly type: 'unpublish';
      readonly id: number;
      readonly streamId: string;
      /** `mediaStopped` when the source ended by itself; otherwise `clientDisconnected`. */
      readonly reason?: 'mediaStopped';
    }
  | {
      readonly type: 'streamProperty';
      readonly id: number;
      readonly streamId: string;
      readonly property: 'hasAudio' | 'hasVideo';
      readonly value: boolean;
    }
  | {
      readonly type: 'subscribe';
      readonly id: number;
      readonly streamId: string;
      readonly subscriberId: string;
      /** Routed sessions: whether the router starts forwarding audio (default `true`). */
      readonly subscribeToAudio?: boolean;
      /** Routed sessions: whether the router starts forwarding video (default `true`). */
      readonly subscribeToVideo?: boolean;
      /**
       * Routed sessions: the subscriber shares the client's single peer connection with the
       * router ({@link SINGLE_PEER_CONNECTION_ID}) instead of having one of its own.
       */
      readonly singlePeerConnection?: boolean;
    }
  | { readonly type: 'unsubscribe'; readonly streamId: string; readonly subscriberId: string }
  | {
      /** A subscriber turned receiving audio or video on or off (the router stops forwarding it). */
      readonly type: 'subscription';
      readonly streamId: string;
      readonly subscriberId: string;
      readonly kind: 'audio' | 'video';
      readonly enabled: boolean;
    }
  | {
      readonly type: 'signal';
      readonly id: number;
      readonly signalType?: string;
      readonly data?: string;
      readonly to?: string;
    }
  | { readonly type: 'forceDisconnect'; readonly id: number; readonly connectionId: string }
  /** A moderator stops another client's stream (`Session#forceUnpublish`). */
  | { readonly type: 'forceUnpublish'; readonly id: number; readonly streamId: string }
  | {
      readonly type: 'rtc';
      readonly to: string;
      readonly streamId: string;
      readonly subscriberId: string;
      readonly payload: RtcPayload;
      /**
       * Routed sessions: which rebuild of the subscriber's downstream this peer connection answers
       * (see the server's `rtc.restart`); absent for the first one. The router drops messages of
       * an older one.
       */
      readonly restart?: number;
    }
  | {
      /**
       * Routed sessions: the subscriber's peer connection with the router failed in the browser
       * (`connectionState` `failed`), so the router rebuilds the downstream without waiting.
       */
      readonly type: 'downstreamFailed';
      readonly streamId: string;
      readonly subscriberId: string;
      /** The rebuild the failed peer connection answered (absent: the first). */
      readonly restart?: number;
    }
  | { readonly type: 'disconnect' };

/** Messages the server sends. @internal */
export type ServerMessage =
  | {
      readonly type: 'reply';
      readonly id: number;
      readonly error?: WireError;
      readonly result?: unknown;
    }
  | { readonly type: 'connectionCreated'; readonly connection: WireConnection }
  | {
      readonly type: 'connectionDestroyed';
      readonly connectionId: string;
      readonly reason: string;
    }
  | { readonly type: 'streamCreated'; readonly stream: WireStream }
  | { readonly type: 'streamDestroyed'; readonly streamId: string; readonly reason: string }
  | {
      readonly type: 'streamPropertyChanged';
      readonly streamId: string;
      readonly property: 'hasAudio' | 'hasVideo';
      readonly value: boolean;
    }
  | {
      readonly type: 'signal';
      readonly signalType?: string;
      readonly data: string;
      /** `null` when the signal came from the REST API (the server). */
      readonly from: string | null;
    }
  | {
      readonly type: 'subscribe';
      readonly from: string;
      readonly streamId: string;
      readonly subscriberId: string;
    }
  | {
      readonly type: 'unsubscribe';
      readonly from: string;
      readonly streamId: string;
      readonly subscriberId: string;
    }
  | {
      readonly type: 'rtc';
      readonly from: string;
      readonly streamId: string;
      readonly subscriberId: string;
      readonly payload: RtcPayload;
      /**
       * Routed sessions: the router rebuilt this subscriber's downstream (its DTLS failed or it
       * did not connect in time) and this message belongs to the new peer connection, the
       * `restart`-th one after the first. Its offer replaces the subscriber's peer connection;
       * messages of an older one are dropped. Absent for the first peer connection, so clients
       * that predate it see the same messages as before.
       */
      readonly restart?: number;
    }
  | {
      /**
       * Routed sessions: the router gave up on a subscriber's downstream after its rebuilds
       * (every one failed or stayed unconnected): the subscriber fails as its peer connection
       * would. Clients that predate it ignore it.
       */
      readonly type: 'downstreamFailed';
      readonly streamId: string;
      readonly subscriberId: string;
      /** For {@link SINGLE_PEER_CONNECTION_ID}: which of the client's single peer connections. */
      readonly restart?: number;
    }
  | { readonly type: 'muteForced'; readonly streamId: string }
  /** A moderator force-unpublished this client's stream: its publisher ends. */
  | { readonly type: 'unpublishForced'; readonly streamId: string }
  /** An archive of the session changed status (`started`, `stopped`, …). */
  | { readonly type: 'archive'; readonly archive: WireArchive }
  | { readonly type: 'disconnected'; readonly reason: string };

/** What a successful `connect` reply carries. @internal */
export interface ConnectResult {
  readonly connection: WireConnection;
  readonly role: 'publisher' | 'publisheronly' | 'subscriber' | 'moderator';
  /** Every connection of the session, oldest first, own included. */
  readonly connections: readonly WireConnection[];
  /** Every stream of the session, own excluded. */
  readonly streams: readonly WireStream[];
  /** The archives recording the session now (a client joining mid-recording hears of them). */
  readonly archives?: readonly WireArchive[];
  /** Presented with `resume` to take the connection back after a dropped socket. */
  readonly resumeKey: string;
  /**
   * `routed`: publishers send one upstream to the emulator's media router, which offers each
   * subscriber its own peer connection. `relayed` (or absent): peer to peer between the clients.
   */
  readonly mediaMode?: 'routed' | 'relayed';
}

/** Largest signal `data`, in bytes (8 KB). @internal */
export const MAX_SIGNAL_DATA_BYTES = 8192;
/** Largest signal `type`, in characters. @internal */
export const MAX_SIGNAL_TYPE_LENGTH = 128;
/** What a signal `type` may contain. @internal */
export const SIGNAL_TYPE_PATTERN: RegExp = /^[A-Za-z0-9\-_~]*$/;
