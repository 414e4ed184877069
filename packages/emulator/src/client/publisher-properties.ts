import type { WidgetOptions } from './dom.js';
import type { OTError } from './ot-error.js';

/** Options of `OT.initPublisher` (the subset the emulator honours). */
export interface PublisherProperties extends WidgetOptions {
  /** Stream name shown to others. */
  name?: string;
  /** Start with audio on (default `true`). */
  publishAudio?: boolean;
  /** Start with video on (default `true`). */
  publishVideo?: boolean;
  /** A device id, a track, or `false`/`null` for no audio. */
  audioSource?: string | boolean | null | MediaStreamTrack;
  /**
   * A device id, `'screen'` (the browser's screen picker), a track (canvas, `<video>` file, …),
   * or `false`/`null` for no video.
   */
  videoSource?: string | boolean | null | MediaStreamTrack;
  /** e.g. `640x480`. */
  resolution?: string;
  /** 30, 15, 7 or 1. */
  frameRate?: number;
  /** Largest screen-share size (default 1920×1920). */
  maxResolution?: { width: number; height: number };
  /** Which camera on a phone: `user`, `environment`, `left`, `right`. */
  facingMode?: 'user' | 'environment' | 'left' | 'right';
  /**
   * Turn off the SDK's microphone management (default `false`: on `devicechange` the publisher
   * moves to a new system default microphone, or off one that was unplugged, and dispatches
   * `audioInputDeviceChanged`).
   */
  disableAudioInputDeviceManagement?: boolean;
  /**
   * Turn off the microphone's echo cancellation, automatic gain control and noise suppression
   * (default `false`); when `true`, the three options below are ignored.
   */
  disableAudioProcessing?: boolean;
  /** The microphone's echo cancellation (default `true`). */
  echoCancellation?: boolean;
  /** The microphone's automatic gain control (default `true`). */
  autoGainControl?: boolean;
  /** The microphone's noise suppression (default `true`). */
  noiseSuppression?: boolean;
  /** Mirror the own video (default `true`). */
  mirror?: boolean;
}

/** A completion handler: called with nothing on success, with an {@link OTError} on failure. */
export type CompletionHandler = (error?: OTError) => void;
