import { callUser, type OTError } from './ot-error.js';
import { acquire, mediaError } from './publisher-media.js';
import type { PublisherProperties } from './publisher-properties.js';
import {
  acquireScreen,
  isScreenSource,
  type ScreenSharingCapabilityResponse,
  screenSharingCapability,
} from './screen-capture.js';

/** A media device, as `OT.getDevices` lists it. */
export interface Device {
  /** `audioInput` or `videoInput`. */
  kind: 'audioInput' | 'videoInput';
  /** The device id. */
  deviceId: string;
  /** Its label ('' before permission is granted). */
  label: string;
}

/** What `OT.getUserMedia` takes: the media part of the publisher properties. */
export type GetUserMediaProperties = Pick<
  PublisherProperties,
  | 'audioSource'
  | 'videoSource'
  | 'resolution'
  | 'frameRate'
  | 'facingMode'
  | 'maxResolution'
  | 'disableAudioProcessing'
  | 'echoCancellation'
  | 'autoGainControl'
  | 'noiseSuppression'
>;

/**
 * `OT.getDevices`: the cameras and microphones, mapped as the real SDK maps them (`deviceId`,
 * `label`, `kind` `audioInput`/`videoInput`; outputs left out). With a callback, a failure goes
 * only to the callback (the promise's rejection is handled), as in the real SDK.
 *
 * @param callback - Receives an error or the devices.
 * @returns The devices.
 * @internal
 */
export function getDevices(
  callback?: (error: OTError | undefined, devices?: Device[]) => void,
): Promise<Device[]> {
  const promise = (async () => {
    if (typeof navigator.mediaDevices?.enumerateDevices !== 'function') {
      throw new Error('This browser does not support enumerateDevices APIs');
    }
    return (await navigator.mediaDevices.enumerateDevices())
      .filter((entry) => entry.kind === 'audioinput' || entry.kind === 'videoinput')
      .map(
        (entry): Device => ({
          deviceId: entry.deviceId,
          label: entry.label,
          kind: entry.kind === 'audioinput' ? 'audioInput' : 'videoInput',
        }),
      );
  })();
  if (typeof callback === 'function') {
    promise.then(
      (devices) => callUser(callback, undefined, devices),
      (error: OTError) => callUser(callback, error),
    );
    promise.catch(() => {});
  }
  return promise;
}

/**
 * `OT.getUserMedia`: the camera and microphone (or the screen, with `videoSource: 'screen'`) as
 * a `MediaStream`, with the publisher's source rules; pass its tracks to `OT.initPublisher` as
 * `audioSource`/`videoSource` (e.g. after filtering them). Rejects with the SDK's error names.
 *
 * @param properties - Sources, resolution, frame rate.
 * @returns The stream.
 * @internal
 */
export async function getUserMedia(properties: GetUserMediaProperties = {}): Promise<MediaStream> {
  try {
    return await (isScreenSource(properties.videoSource) ? acquireScreen : acquire)(properties);
  } catch (error) {
    const failure = mediaError(error);
    console.error(`OT.getUserMedia failed to getUserMedia: ${failure.name}: ${failure.message}`);
    throw failure;
  }
}

/**
 * `OT.checkScreenSharingCapability`: answers on the callback (asynchronously) and the promise.
 *
 * @param callback - Receives the response.
 * @returns The response.
 * @internal
 */
export function checkScreenSharingCapability(
  callback?: (response: ScreenSharingCapabilityResponse) => void,
): Promise<ScreenSharingCapabilityResponse> {
  const response = screenSharingCapability();
  setTimeout(() => callUser(callback, response));
  return Promise.resolve(response);
}
