import type { RtcPayload } from '../protocol.js';
import { AudioLevelRunner, receivedAudioLevel } from './audio-level.js';
import type { Stream } from './connection.js';
import { createWidget, playVideo, uniqueId, type WidgetOptions } from './dom.js';
import { OTEventEmitter } from './event-emitter.js';
import { callUser, type OTError, otError } from './ot-error.js';
import { createEvent } from './ot-event.js';
import { PeerLink } from './peer-link.js';
import type { CompletionHandler } from './publisher.js';
import type { SessionLink } from './session-link.js';

/** Options of `session.subscribe` (the subset the emulator honours). */
export interface SubscriberProperties extends WidgetOptions {
  /** Receive audio (default `true`). */
  subscribeToAudio?: boolean;
  /** Receive video (default `true`). */
  subscribeToVideo?: boolean;
  /** 0-100 (default 50 → element volume 0.5). */
  audioVolume?: number;
}

/** A remote stream shown in the page, like `@opentok/client`'s `Subscriber`. */
export class Subscriber extends OTEventEmitter {
  /** The widget element's id. */
  readonly id: string;
  /** The widget element (`undefined` with `insertDefaultUI: false` or after destroy). */
  element: HTMLElement | undefined;
  /** The stream it shows. */
  readonly stream: Stream;
  /**
   * Turns receiving audio on or off.
   *
   * @returns This subscriber.
   */
  readonly subscribeToAudio: {
    (value: boolean): Subscriber;
    promise(value: boolean): Promise<void>;
  };
  /**
   * Turns receiving video on or off.
   *
   * @returns This subscriber.
   */
  readonly subscribeToVideo: {
    (value: boolean): Subscriber;
    promise(value: boolean): Promise<void>;
  };

  readonly #session: SessionLink;
  readonly #video: HTMLVideoElement;
  readonly #link: PeerLink;
  readonly #levels: AudioLevelRunner;
  #callback: CompletionHandler | undefined;
  #audio: boolean;
  #videoOn: boolean;
  #destroyed = false;

  /**
   * Use `session.subscribe` instead.
   *
   * @param session - The session's internals.
   * @param stream - The remote stream.
   * @param target - Element or element id.
   * @param properties - Subscriber options.
   * @param callback - Called when media flows, or with an error.
   * @internal
   */
  constructor(
    session: SessionLink,
    stream: Stream,
    target: HTMLElement | string | undefined,
    properties: SubscriberProperties,
    callback: CompletionHandler | undefined,
  ) {
    super();
    this.#session = session;
    this.stream = stream;
    this.id = uniqueId();
    this.#callback = callback;
    this.#audio = properties.subscribeToAudio !== false;
    this.#videoOn = properties.subscribeToVideo !== false;
    const { element, video } = createWidget(target, properties, 'OT_subscriber', this.id);
    this.element = element;
    this.#video = video;
    video.volume = Math.min(100, Math.max(0, properties.audioVolume ?? 50)) / 100;

    this.subscribeToAudio = Object.assign((value: boolean) => this.#setTrack('audio', value), {
      promise: async (value: boolean): Promise<void> => {
        this.#setTrack('audio', value);
      },
    });
    this.subscribeToVideo = Object.assign((value: boolean) => this.#setTrack('video', value), {
      promise: async (value: boolean): Promise<void> => {
        this.#setTrack('video', value);
      },
    });

    const owner = stream.connection.connectionId;
    this.#link = new PeerLink(
      (payload: RtcPayload) =>
        session.send({
          type: 'rtc',
          to: owner,
          streamId: stream.streamId,
          subscriberId: this.id,
          payload,
        }),
      () =>
        this.#fail(
          otError('OT_SUBSCRIBER_ICE_WORKFLOW_FAILED', 1554, 'The peer connection failed.'),
        ),
    );
    this.#levels = new AudioLevelRunner(
      receivedAudioLevel(() => (this.#destroyed ? undefined : this.#link.pc)),
      (audioLevel) => this.dispatch(createEvent('audioLevelUpdated', this, { audioLevel })),
      () => this.hasListeners('audioLevelUpdated') && !this.#destroyed,
    );
    const media = new MediaStream();
    this.#link.pc.ontrack = (event) => {
      media.addTrack(event.track);
      this.#applyEnabled(media);
      if (video.srcObject !== media) {
        video.srcObject = media;
        this.dispatch(createEvent('videoElementCreated', this, { element: video }));
        playVideo(video, () => this.dispatch(createEvent('audioBlocked', this, {})));
      }
    };
    this.#link.pc.addEventListener('connectionstatechange', () => {
      if (this.#link.pc.connectionState !== 'connected' || this.#callback === undefined) return;
      const done = this.#callback;
      this.#callback = undefined;
      this.dispatch(createEvent('connected', this, {}));
      callUser(done);
    });
    session
      .request({ type: 'subscribe', streamId: stream.streamId, subscriberId: this.id })
      .catch((error: OTError) => this.#fail(otError(error.name, error.code, error.message)));
  }

  /**
   * Width of the received video, in pixels.
   *
   * @returns The width, or `undefined` before the first frame.
   */
  videoWidth(): number | undefined {
    return this.#video.videoWidth || undefined;
  }

  /**
   * Height of the received video, in pixels.
   *
   * @returns The height, or `undefined` before the first frame.
   */
  videoHeight(): number | undefined {
    return this.#video.videoHeight || undefined;
  }

  /**
   * Stops receiving and removes the element.
   *
   * @param reason - Reason in the `destroyed` event. Default `unsubscribe`.
   * @returns This subscriber.
   */
  destroy(reason = 'unsubscribe'): Subscriber {
    if (this.#destroyed) return this;
    this.#disconnect();
    this.#destroyed = true;
    this.element?.remove();
    this.element = undefined;
    this.#video.srcObject = null;
    this.dispatch(createEvent('destroyed', this, { reason }));
    return this;
  }

  /**
   * A WebRTC message from the publisher.
   *
   * @param payload - Description or candidate.
   * @internal
   */
  _receive(payload: RtcPayload): void {
    this.#link.receive(payload);
  }

  /**
   * The stream went away: media stops; the object is destroyed unless `keep`.
   *
   * @param reason - The stream's `streamDestroyed` reason.
   * @param keep - The event was default-prevented.
   * @internal
   */
  _streamGone(reason: string, keep: boolean): void {
    this.#disconnect();
    if (!keep) this.destroy(reason);
  }

  protected override listenerAdded(type: string): void {
    if (type === 'audioLevelUpdated' && !this.#destroyed) this.#levels.start();
  }

  #disconnect(): void {
    this.#levels.stop();
    if (this.#link.pc.signalingState !== 'closed') {
      this.#session.send({
        type: 'unsubscribe',
        streamId: this.stream.streamId,
        subscriberId: this.id,
      });
      this.#link.close();
      this.#session.forgetSubscriber(this);
    }
  }

  #fail(error: OTError): void {
    const done = this.#callback;
    this.#callback = undefined;
    callUser(done, error);
  }

  #applyEnabled(media: MediaStream): void {
    for (const track of media.getAudioTracks()) track.enabled = this.#audio;
    for (const track of media.getVideoTracks()) track.enabled = this.#videoOn;
  }

  #setTrack(kind: 'audio' | 'video', value: boolean): Subscriber {
    if (kind === 'audio') this.#audio = value;
    else this.#videoOn = value;
    const media = this.#video.srcObject;
    if (media instanceof MediaStream) this.#applyEnabled(media);
    return this;
  }
}
