import { type OTError, otError } from './ot-error.js';
import type { PublisherProperties } from './publisher-properties.js';

/**
 * Maps a `getUserMedia` failure to the error the real SDK reports (`OT_USER_MEDIA_ACCESS_DENIED`,
 * `OT_NO_DEVICES_FOUND` or `OT_HARDWARE_UNAVAILABLE`, all code 1500).
 *
 * @param error - What `getUserMedia` rejected with.
 * @returns The error.
 * @internal
 */
export function mediaError(error: unknown): OTError {
  const name = (error as { name?: string }).name ?? '';
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return otError(
      'OT_USER_MEDIA_ACCESS_DENIED',
      1500,
      'The user denied access to the camera or microphone.',
    );
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError') {
    return otError('OT_NO_DEVICES_FOUND', 1500, 'No camera or microphone matches the request.');
  }
  return otError(
    'OT_HARDWARE_UNAVAILABLE',
    1500,
    `The camera or microphone is unavailable (${name || String(error)}).`,
  );
}

/** The constraint for one source: none, a device, or any (with the extra wishes). */
function constraint(
  source: PublisherProperties['audioSource'],
  extra: MediaTrackConstraints,
): boolean | MediaTrackConstraints {
  if (source === false || source === null) return false;
  if (typeof source === 'string') return { ...extra, deviceId: { exact: source } };
  return Object.keys(extra).length > 0 ? extra : true;
}

/**
 * Gets the camera and microphone the properties ask for: device ids, given tracks, resolution
 * and frame rate; `false`/`null` sources ask for nothing.
 *
 * @param properties - Publisher options.
 * @returns The media stream.
 * @internal
 */
export async function acquire(properties: PublisherProperties): Promise<MediaStream> {
  const audioTrack =
    properties.audioSource instanceof MediaStreamTrack ? properties.audioSource : undefined;
  const videoTrack =
    properties.videoSource instanceof MediaStreamTrack ? properties.videoSource : undefined;
  const video: MediaTrackConstraints = {};
  const match = /^(\d+)x(\d+)$/.exec(properties.resolution ?? '');
  if (match !== null) {
    video.width = { ideal: Number(match[1]) };
    video.height = { ideal: Number(match[2]) };
  }
  if (properties.frameRate !== undefined) video.frameRate = { ideal: properties.frameRate };
  const wanted: MediaStreamConstraints = {
    audio: audioTrack === undefined ? constraint(properties.audioSource, {}) : false,
    video: videoTrack === undefined ? constraint(properties.videoSource, video) : false,
  };
  const media =
    wanted.audio === false && wanted.video === false
      ? new MediaStream()
      : await navigator.mediaDevices.getUserMedia(wanted);
  if (audioTrack !== undefined) media.addTrack(audioTrack);
  if (videoTrack !== undefined) media.addTrack(videoTrack);
  return media;
}
