import { mediaError } from './publisher-media.js';
import type { PublisherProperties } from './publisher-properties.js';

/** What `OT.checkScreenSharingCapability` answers, as `@opentok/client` shapes it. */
export interface ScreenSharingCapabilityResponse {
  /** Whether this browser can publish a screen (it has `getDisplayMedia`). */
  supported: boolean;
  /** Undefined: no browser the emulator runs in needs an extension. */
  extensionRequired: string | undefined;
  /** Undefined, as the real SDK reports for `getDisplayMedia` browsers. */
  extensionRegistered: boolean | undefined;
  /** Undefined, as the real SDK reports for `getDisplayMedia` browsers. */
  extensionInstalled: boolean | undefined;
  /** Deprecated in the real SDK: every value opens the same browser picker. */
  supportedSources: {
    screen?: boolean;
    application?: boolean;
    window?: boolean;
    browser?: boolean;
  };
}

/** The `videoSource` values that mean "share a screen" (the real SDK's list). */
const SCREEN_SOURCES: readonly unknown[] = ['screen', 'window', 'tab', 'browser', 'application'];

/**
 * Tells whether a `videoSource` asks for screen sharing.
 *
 * @param source - The publisher's `videoSource`.
 * @returns Whether it is `screen` (or one of its old aliases).
 * @internal
 */
export function isScreenSource(source: unknown): boolean {
  return SCREEN_SOURCES.includes(source);
}

/**
 * The capability answer for this browser: what the real SDK's `getDisplayMedia` helper reports
 * (`screen`, `window` and `browser` sources except in Safari, no extension).
 *
 * @returns The response.
 * @internal
 */
export function screenSharingCapability(): ScreenSharingCapabilityResponse {
  const supported =
    typeof navigator !== 'undefined' &&
    typeof navigator.mediaDevices?.getDisplayMedia === 'function';
  const safari =
    typeof navigator !== 'undefined' && /^((?!chrome|android).)*safari/i.test(navigator.userAgent);
  return {
    supported,
    extensionRequired: undefined,
    extensionRegistered: undefined,
    extensionInstalled: undefined,
    supportedSources: supported
      ? { screen: true, application: false, window: !safari, browser: !safari }
      : {},
  };
}

/**
 * Opens the browser's screen picker (`getDisplayMedia`). Screen audio is asked for unless
 * `audioSource` is `false`/`null` (Chromium offers it for tabs and, on some systems, screens);
 * an `audioSource` track is added as the stream's audio instead. The user cancelling the picker
 * rejects with `OT_USER_MEDIA_ACCESS_DENIED`, as in the real SDK.
 *
 * @param properties - Publisher options.
 * @returns The captured stream.
 * @internal
 */
export async function acquireScreen(properties: PublisherProperties): Promise<MediaStream> {
  if (!screenSharingCapability().supported) {
    throw Object.assign(new Error('Screen Sharing is not supported in this browser'), {
      name: 'OT_SCREEN_SHARING_NOT_SUPPORTED',
      code: 1500,
    });
  }
  const audioTrack =
    properties.audioSource instanceof MediaStreamTrack ? properties.audioSource : undefined;
  const video: MediaTrackConstraints = {
    width: { max: properties.maxResolution?.width ?? 1920 },
    height: { max: properties.maxResolution?.height ?? 1920 },
  };
  if (properties.frameRate !== undefined) video.frameRate = { ideal: properties.frameRate };
  const noAudio = properties.audioSource === false || properties.audioSource === null;
  let media: MediaStream;
  try {
    media = await navigator.mediaDevices.getDisplayMedia({
      video,
      audio: !noAudio && audioTrack === undefined,
    });
  } catch (error) {
    throw mediaError(error, 'screen');
  }
  if (audioTrack !== undefined) media.addTrack(audioTrack);
  return media;
}
