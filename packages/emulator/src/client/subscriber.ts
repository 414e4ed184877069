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
import type { BundleMembership } from './subscriber-bundle.js';

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
  /** Its own peer connection (none on the session's single peer connection). */
  #link: PeerLink | undefined;
  /** Its place on the session's single peer connection, if it uses that. */
  readonly #membership: BundleMembership | undefined;
  /** Routed sessions: which rebuild of the router's downstream {@link #link} answers (0: none). */
  #restart = 0;
  /** `videoElementCreated` was dispatched (once, whichever peer connection showed media first). */
  #shown = false;
  /** {@link #link} has connected. */
  #linkConnected = false;
  /** A connected peer connection was replaced: `connected` follows when the new one connects. */
  #interrupted = false;
  /** Unsubscribed: the link is closed and the session forgot this subscriber. */
  #detached = false;
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

    const bundle = session.subscriberBundle();
    if (bundle === undefined) {
      this.#link = this.#openLink(0);
    } else {
      let media = new MediaStream();
      this.#membership = bundle.join(this.id, {
        track: (track) => this.#showTrack(media, track),
        connected: () => this.#markConnected(),
        restarted: () => {
          media = new MediaStream();
          this.#interrupt();
        },
      });
    }
    this.#levels = new AudioLevelRunner(
      receivedAudioLevel(() =>
        this.#destroyed ? undefined : (this.#link?.pc ?? this.#membership?.audioReceiver()),
      ),
      (audioLevel) => this.dispatch(createEvent('audioLevelUpdated', this, { audioLevel })),
      () => this.hasListeners('audioLevelUpdated') && !this.#destroyed,
    );
    session
      .request({
        type: 'subscribe',
        streamId: stream.streamId,
        subscriberId: this.id,
        subscribeToAudio: this.#audio,
        subscribeToVideo: this.#videoOn,
        ...(bundle === undefined ? {} : { singlePeerConnection: true }),
      })
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
  _receive(payload: RtcPayload, restart = 0): void {
    if (this.#detached || this.#link === undefined || restart < this.#restart) return;
    if (restart > this.#restart) {
      // The router rebuilt its downstream: a fresh peer connection answers the fresh offer.
      if (payload.kind !== 'description') return;
      this.#replaceLink(restart);
    }
    this.#link?.receive(payload);
  }

  /**
   * Routed sessions: the router gave up on this subscriber's downstream after rebuilding it. The
   * subscriber fails as when its peer connection fails (the completion handler, if still pending,
   * gets `OT_SUBSCRIBER_ICE_WORKFLOW_FAILED`); the object stays until destroyed or unsubscribed.
   *
   * @internal
   */
  _routerGaveUp(): void {
    if (this.#detached) return;
    this.#link?.close();
    this.#membership?.leave();
    this.#fail(otError('OT_SUBSCRIBER_ICE_WORKFLOW_FAILED', 1554, 'The peer connection failed.'));
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
    if (this.#detached) return;
    this.#detached = true;
    this.#session.send({
      type: 'unsubscribe',
      streamId: this.stream.streamId,
      subscriberId: this.id,
    });
    this.#link?.close();
    this.#membership?.leave();
    this.#session.forgetSubscriber(this);
  }

  /**
   * A peer connection with the publisher (relayed) or the router (routed; `restart` is the
   * rebuild of the router's downstream it answers). Its media goes into a MediaStream of its own,
   * shown in the subscriber's one video element.
   */
  #openLink(restart: number): PeerLink {
    const { stream } = this;
    const marked = restart === 0 ? {} : { restart };
    const link: PeerLink = new PeerLink(
      (payload: RtcPayload) =>
        this.#session.send({
          type: 'rtc',
          to: stream.connection.connectionId,
          streamId: stream.streamId,
          subscriberId: this.id,
          payload,
          ...marked,
        }),
      () => {
        if (link !== this.#link) return;
        if (this.#session.mediaMode() === 'routed') {
          // The router rebuilds its downstream (or gives up and says so).
          this.#session.send({
            type: 'downstreamFailed',
            streamId: stream.streamId,
            subscriberId: this.id,
            ...marked,
          });
          return;
        }
        this.#fail(
          otError('OT_SUBSCRIBER_ICE_WORKFLOW_FAILED', 1554, 'The peer connection failed.'),
        );
      },
    );
    const media = new MediaStream();
    link.pc.ontrack = (event) => this.#showTrack(media, event.track);
    link.pc.addEventListener('connectionstatechange', () => {
      if (link !== this.#link || link.pc.connectionState !== 'connected') return;
      this.#markConnected();
    });
    return link;
  }

  /** A track arrived: it joins `media`, shown in the subscriber's one video element. */
  #showTrack(media: MediaStream, track: MediaStreamTrack): void {
    const video = this.#video;
    media.addTrack(track);
    this.#applyEnabled(media);
    if (video.srcObject === media) return;
    video.srcObject = media;
    if (this.#shown) {
      playVideo(video);
      return;
    }
    this.#shown = true;
    this.dispatch(createEvent('videoElementCreated', this, { element: video }));
    playVideo(video, () => this.dispatch(createEvent('audioBlocked', this, {})));
  }

  /** Its peer connection connected: the completion handler, or `connected` after a rebuild. */
  #markConnected(): void {
    this.#linkConnected = true;
    if (this.#callback !== undefined) {
      const done = this.#callback;
      this.#callback = undefined;
      this.dispatch(createEvent('connected', this, {}));
      callUser(done);
      return;
    }
    if (this.#interrupted) {
      this.#interrupted = false;
      this.dispatch(createEvent('connected', this, {}));
    }
  }

  /**
   * Replaces the peer connection with a fresh one for the router's rebuilt downstream. As the
   * real SDK does around its own ICE restart, a subscriber whose media had flowed hears
   * `disconnected` now and `connected` once the new peer connection connects; one that never
   * connected hears nothing until it does (its completion handler still waits).
   */
  #replaceLink(restart: number): void {
    this.#link?.close();
    this.#restart = restart;
    this.#link = this.#openLink(restart);
    this.#interrupt();
  }

  /** Its peer connection was replaced (its own, or the single one it is carried on). */
  #interrupt(): void {
    const interrupts = this.#linkConnected && !this.#interrupted && this.#callback === undefined;
    this.#linkConnected = false;
    if (interrupts) {
      this.#interrupted = true;
      this.dispatch(createEvent('disconnected', this, {}));
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
    // Routed sessions: the media router stops (or resumes) forwarding this kind.
    if (this.#session.mediaMode() === 'routed' && !this.#destroyed) {
      this.#session.send({
        type: 'subscription',
        streamId: this.stream.streamId,
        subscriberId: this.id,
        kind,
        enabled: value,
      });
    }
    return this;
  }
}
