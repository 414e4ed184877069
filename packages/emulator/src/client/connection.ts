import type { WireConnection, WireStream } from '../protocol.js';

/** A client connected to a session, like `@opentok/client`'s `Connection`. */
export class Connection {
  /** The connection id. */
  readonly connectionId: string;
  /** When it connected, in milliseconds since the epoch. */
  readonly creationTime: number;
  /** The connection data of its token ('' when none). */
  readonly data: string;

  /**
   * @param wire - The connection as the emulator sent it.
   * @internal
   */
  constructor(wire: WireConnection) {
    this.connectionId = wire.connectionId;
    this.creationTime = wire.creationTime;
    this.data = wire.data;
  }
}

/** A published stream, like `@opentok/client`'s `Stream`. */
export class Stream {
  /** The stream id. */
  readonly streamId: string;
  /** The publishing connection. */
  readonly connection: Connection;
  /** When it was published, in milliseconds since the epoch. */
  readonly creationTime: number;
  /** The publisher's `name` property. */
  readonly name: string;
  /** Whether the publisher sends audio. */
  hasAudio: boolean;
  /** Whether the publisher sends video. */
  hasVideo: boolean;
  /** Always `false`: the emulator has no captions. */
  readonly hasCaptions: boolean = false;
  /** The frame rate asked for (nominal). */
  readonly frameRate: number = 30;
  /** Initials shown when video is off (''). */
  readonly initials: string = '';
  /** `camera`, `screen` or `custom`. */
  readonly videoType: 'camera' | 'screen' | 'custom';
  /** Nominal dimensions the publisher announced. */
  readonly videoDimensions: { width: number; height: number };

  /**
   * @param wire - The stream as the emulator sent it.
   * @param connection - Its connection.
   * @internal
   */
  constructor(wire: WireStream, connection: Connection) {
    this.streamId = wire.streamId;
    this.connection = connection;
    this.creationTime = wire.creationTime;
    this.name = wire.name;
    this.hasAudio = wire.hasAudio;
    this.hasVideo = wire.hasVideo;
    this.videoType = wire.videoType;
    this.videoDimensions = { ...wire.videoDimensions };
  }
}
