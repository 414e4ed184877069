/** A microphone, as `audioInputDeviceChanged` carries it (the real SDK: id and label, no kind). */
export interface AudioInputDevice {
  /** The device id. */
  deviceId: string;
  /** Its label. */
  label: string;
}

/** What {@link manageAudioInput} needs of its Publisher. @internal */
export interface AudioInputHost {
  /** The microphone track being sent, if any. */
  track(): MediaStreamTrack | undefined;
  /** `publisher.setAudioSource(deviceId)`. */
  switchTo(deviceId: string): Promise<unknown>;
  /** Dispatches `audioInputDeviceChanged` with the device. */
  changed(device: AudioInputDevice): void;
}

async function microphones(): Promise<AudioInputDevice[]> {
  return (await navigator.mediaDevices.enumerateDevices())
    .filter((entry) => entry.kind === 'audioinput')
    .map(({ deviceId, label }) => ({ deviceId, label }));
}

/**
 * The real SDK's audio input device management (`@opentok/client` 2.35, on by default, off with
 * `disableAudioInputDeviceManagement`): on `devicechange` (debounced 200 ms, one run at a time)
 * it picks a microphone and, when it found one, calls `setAudioSource` with it and dispatches
 * `audioInputDeviceChanged`. Its rule: a new system default (the `default` entry's label changed
 * since the last look) wins; otherwise nothing happens while the microphone in use is still
 * listed (same id and label); otherwise the default, or the first microphone.
 *
 * @param host - The publisher.
 * @returns Stops listening.
 * @internal
 */
export function manageAudioInput(host: AudioInputHost): () => void {
  const media = navigator.mediaDevices;
  if (typeof media?.addEventListener !== 'function') return () => {};
  let lastDefault: AudioInputDevice | undefined;
  let processing = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  void microphones().then(
    (devices) => {
      lastDefault = devices.find((device) => device.deviceId === 'default');
    },
    () => {},
  );
  const pick = async (): Promise<AudioInputDevice | undefined> => {
    const devices = await microphones();
    if (devices.length === 0) {
      lastDefault = undefined;
      return undefined;
    }
    const fallback = devices.find((device) => device.deviceId === 'default');
    if (fallback && lastDefault?.label !== fallback.label) {
      lastDefault = fallback;
      return fallback;
    }
    if (!fallback) lastDefault = undefined;
    const track = host.track();
    const id = track?.getSettings().deviceId;
    if (id !== undefined && devices.some((d) => d.deviceId === id && d.label === track?.label)) {
      return undefined;
    }
    return fallback ?? devices[0];
  };
  const run = async (): Promise<void> => {
    if (processing || host.track() === undefined) return;
    processing = true;
    try {
      const device = await pick();
      if (device === undefined) return;
      await host.switchTo(device.deviceId);
      host.changed(device);
    } catch (error) {
      console.warn(`audio input device management: ${(error as Error).message}`);
    } finally {
      processing = false;
    }
  };
  const onChange = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => void run(), 200);
  };
  media.addEventListener('devicechange', onChange);
  return () => {
    clearTimeout(timer);
    media.removeEventListener('devicechange', onChange);
  };
}
