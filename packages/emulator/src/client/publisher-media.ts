import { type OTError, otError } from './ot-error.js';
import type { PublisherProperties } from './publisher-properties.js';

// The real SDK's map from browser error names to its own (all code 1500, "unable to publish").
const ERROR_NAMES: Readonly<Record<string, string>> = {
  NotAllowedError: 'OT_USER_MEDIA_ACCESS_DENIED',
  SecurityError: 'OT_USER_MEDIA_ACCESS_DENIED',
  PermissionDeniedError: 'OT_USER_MEDIA_ACCESS_DENIED',
  NotFoundError: 'OT_NO_DEVICES_FOUND',
  NotReadableError: 'OT_HARDWARE_UNAVAILABLE',
  TrackStartError: 'OT_HARDWARE_UNAVAILABLE',
  OverconstrainedError: 'OT_CONSTRAINTS_NOT_SATISFIED',
  TypeError: 'OT_CONSTRAINTS_NOT_SATISFIED',
  AbortError: 'OT_UNABLE_TO_CAPTURE_MEDIA',
};

const MESSAGES: Readonly<Record<string, string>> = {
  OT_USER_MEDIA_ACCESS_DENIED: 'End-user denied permission to hardware devices',
  OT_NO_DEVICES_FOUND: 'No voice or video input devices are available on this machine.',
  OT_HARDWARE_UNAVAILABLE:
    'The selected voice or video devices are unavailable. Verify that the chosen devices are not in use by another application.',
  OT_CONSTRAINTS_NOT_SATISFIED:
    "It's not possible to satisfy one or more constraints passed into the getUserMedia function",
  OT_UNABLE_TO_CAPTURE_MEDIA: 'Unable to capture media. Unknown error occurred',
};

/**
 * Maps a `getUserMedia`/`getDisplayMedia` failure to the error the real SDK reports (by its
 * table: `OT_USER_MEDIA_ACCESS_DENIED`, `OT_NO_DEVICES_FOUND`, `OT_HARDWARE_UNAVAILABLE`,
 * `OT_CONSTRAINTS_NOT_SATISFIED`, `OT_UNABLE_TO_CAPTURE_MEDIA`, all code 1500). An error that
 * already is an `OT_` error passes through.
 *
 * @param error - What the browser rejected with.
 * @param what - `camera` (camera/microphone) or `screen`, for the message.
 * @returns The error.
 * @internal
 */
export function mediaError(error: unknown, what: 'camera' | 'screen' = 'camera'): OTError {
  const name = (error as { name?: string }).name ?? '';
  if (name.startsWith('OT_')) return error as OTError;
  const otName = ERROR_NAMES[name] ?? 'OT_HARDWARE_UNAVAILABLE';
  const screenDenied = what === 'screen' && otName === 'OT_USER_MEDIA_ACCESS_DENIED';
  const message = screenDenied
    ? 'End-user denied permission to the screen (the picker was cancelled)'
    : (MESSAGES[otName] ?? 'The camera or microphone is unavailable');
  return otError(otName, 1500, `${message} (${name || String(error)}).`);
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

/** The microphone's processing constraints, as getUserMedia takes them. */
export interface AudioProcessing {
  echoCancellation: boolean;
  autoGainControl: boolean;
  noiseSuppression: boolean;
}

/**
 * The microphone's processing as the real SDK asks for it: each of `echoCancellation`,
 * `autoGainControl` and `noiseSuppression` from its option (default `true`), all three `false`
 * with `disableAudioProcessing`.
 *
 * @param properties - Publisher options.
 * @returns The three constraints, and whether they are the browser's defaults (all on).
 * @internal
 */
export function audioProcessing(properties: PublisherProperties): {
  constraints: AudioProcessing;
  isDefault: boolean;
} {
  const on = (value: boolean | undefined) => !properties.disableAudioProcessing && (value ?? true);
  const constraints = {
    echoCancellation: on(properties.echoCancellation),
    autoGainControl: on(properties.autoGainControl),
    noiseSuppression: on(properties.noiseSuppression),
  };
  return { constraints, isDefault: Object.values(constraints).every(Boolean) };
}

/**
 * A given audio track gets the processing the options ask for, as in the real SDK (which applies
 * them only when they differ from the track's settings, and only warns when it cannot).
 */
async function applyAudioProcessing(track: MediaStreamTrack, properties: PublisherProperties) {
  if (typeof track.applyConstraints !== 'function' || typeof track.getSettings !== 'function') {
    return;
  }
  const { constraints } = audioProcessing(properties);
  const settings = track.getSettings() as Partial<AudioProcessing>;
  const names = Object.keys(constraints) as (keyof AudioProcessing)[];
  if (names.every((name) => settings[name] === constraints[name])) return;
  try {
    await track.applyConstraints(constraints);
  } catch {
    console.warn('OT.Publisher: Cannot apply contraints on the custom audio track.');
  }
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
  if (properties.facingMode !== undefined) video.facingMode = properties.facingMode;
  // Left as `audio: true` when the processing is the default (all on), as the real SDK does.
  const processing = audioProcessing(properties);
  const wanted: MediaStreamConstraints = {
    audio:
      audioTrack === undefined
        ? constraint(properties.audioSource, processing.isDefault ? {} : processing.constraints)
        : false,
    video: videoTrack === undefined ? constraint(properties.videoSource, video) : false,
  };
  const media =
    wanted.audio === false && wanted.video === false
      ? new MediaStream()
      : await navigator.mediaDevices.getUserMedia(wanted);
  if (audioTrack !== undefined) {
    await applyAudioProcessing(audioTrack, properties);
    media.addTrack(audioTrack);
  }
  if (videoTrack !== undefined) media.addTrack(videoTrack);
  return media;
}
