import { FakeMediaStream, FakeMediaStreamTrack } from './fake-track.js';

/** A camera or microphone of the fake, shaped like an entry of `OT.getDevices()`. */
export interface FakeDeviceInfo {
  /** The device id. */
  readonly deviceId: string;
  /** Its label (the fake hands out `''` until camera or microphone access was granted once). */
  readonly label: string;
  /** `videoInput` (camera) or `audioInput` (microphone). */
  readonly kind: 'videoInput' | 'audioInput';
}

/** The devices a fake OT starts with: two cameras and two microphones plus the `default` one. */
export const DEFAULT_FAKE_DEVICES: readonly FakeDeviceInfo[] = [
  { deviceId: 'camera-1', label: 'Fake Camera 1', kind: 'videoInput' },
  { deviceId: 'camera-2', label: 'Fake Camera 2', kind: 'videoInput' },
  { deviceId: 'default', label: 'Default - Fake Microphone 1', kind: 'audioInput' },
  { deviceId: 'microphone-1', label: 'Fake Microphone 1', kind: 'audioInput' },
  { deviceId: 'microphone-2', label: 'Fake Microphone 2', kind: 'audioInput' },
];

/** An entry of `fake.mediaDevices.enumerateDevices()`, as the browser gives it. */
export interface FakeMediaDeviceInfo {
  /** The device id. */
  readonly deviceId: string;
  /** `''` before permission. */
  readonly label: string;
  /** `videoinput` or `audioinput` (the browser's spelling). */
  readonly kind: 'videoinput' | 'audioinput';
  /** The group id (the device id here). */
  readonly groupId: string;
}

/**
 * The fake's `navigator.mediaDevices`: what a page reads devices from and hears `devicechange`
 * on, plus test controls that plug devices in and pull them out. Pass it to code that takes a
 * `mediaDevices` (room-client does) so tests run without a browser.
 */
export class FakeMediaDevices {
  #devices: FakeDeviceInfo[];
  #permission = false;
  readonly #busy = new Set<string>();
  readonly #access: () => 'granted' | 'denied' | 'none';
  readonly #listeners = new Set<(event: { type: 'devicechange' }) => void>();
  readonly #unplugged = new Set<(device: FakeDeviceInfo) => void>();

  /**
   * @param devices - the initial devices
   * @param access - what the user answers to a permission prompt (the fake's `camera` setting)
   */
  constructor(
    devices: readonly FakeDeviceInfo[],
    access: () => 'granted' | 'denied' | 'none' = () => 'granted',
  ) {
    this.#devices = [...devices];
    this.#access = access;
  }

  /**
   * Like the browser's `getUserMedia({ audio, video })` for permission prompts: rejects like a
   * browser (a `DOMException`-shaped error named `NotAllowedError` when access is denied,
   * `NotFoundError` without such a device, `NotReadableError` when it is {@link occupy}'d);
   * otherwise grants access (labels become visible) and resolves with fake tracks of the first
   * devices.
   *
   * @param constraints - which kinds
   * @returns the stream
   */
  async getUserMedia(constraints: { audio?: boolean; video?: boolean }): Promise<FakeMediaStream> {
    const fail = (name: string, message: string) =>
      Object.assign(new Error(message), { name }) as Error & { name: string };
    if (this.#access() === 'denied') throw fail('NotAllowedError', 'Permission denied');
    const tracks: FakeMediaStreamTrack[] = [];
    for (const kind of ['audio', 'video'] as const) {
      if (!constraints[kind]) continue;
      const device = this.first(kind === 'audio' ? 'audioInput' : 'videoInput');
      if (device === undefined || this.#access() === 'none') {
        throw fail('NotFoundError', 'Requested device not found');
      }
      if (this.#busy.has(device.deviceId)) {
        throw fail('NotReadableError', 'Could not start video source');
      }
      tracks.push(new FakeMediaStreamTrack(kind, `gum-${kind}`, device.label, device.deviceId));
    }
    this.#permission = true;
    return new FakeMediaStream('gum', tracks);
  }

  /**
   * Test control: another application holds this device. Capturing it fails (`NotReadableError`
   * from `getUserMedia`, `OT_HARDWARE_UNAVAILABLE` from publishers and source switches) until
   * {@link free}.
   *
   * @param deviceId - the device
   */
  occupy(deviceId: string): void {
    this.#busy.add(deviceId);
  }

  /**
   * Test control: the other application let go of the device.
   *
   * @param deviceId - the device
   */
  free(deviceId: string): void {
    this.#busy.delete(deviceId);
  }

  /**
   * @internal Whether a device is occupied.
   * @param deviceId - the device
   * @returns whether another application holds it
   */
  occupied(deviceId: string): boolean {
    return this.#busy.has(deviceId);
  }

  /**
   * The devices now, as `OT.getDevices()` lists them (labels `''` until permission).
   *
   * @returns the devices
   */
  list(): FakeDeviceInfo[] {
    return this.#devices.map((device) =>
      this.#permission ? { ...device } : { ...device, label: '' },
    );
  }

  /**
   * Like the browser's `enumerateDevices()`.
   *
   * @returns the devices with the browser's kinds
   */
  async enumerateDevices(): Promise<FakeMediaDeviceInfo[]> {
    return this.list().map((device) => ({
      deviceId: device.deviceId,
      label: device.label,
      kind: device.kind === 'videoInput' ? 'videoinput' : 'audioinput',
      groupId: device.deviceId,
    }));
  }

  /**
   * Adds a `devicechange` listener.
   *
   * @param type - `devicechange`
   * @param listener - the listener
   */
  addEventListener(
    type: 'devicechange',
    listener: (event: { type: 'devicechange' }) => void,
  ): void {
    if (type === 'devicechange') this.#listeners.add(listener);
  }

  /**
   * Removes a `devicechange` listener (by reference).
   *
   * @param type - `devicechange`
   * @param listener - the listener
   */
  removeEventListener(
    type: 'devicechange',
    listener: (event: { type: 'devicechange' }) => void,
  ): void {
    if (type === 'devicechange') this.#listeners.delete(listener);
  }

  /** How many `devicechange` listeners are attached (for leak tests). */
  get listenerCount(): number {
    return this.#listeners.size;
  }

  /**
   * Test control: a device is plugged in; `devicechange` follows (asynchronously).
   *
   * @param device - the new device
   */
  plug(device: FakeDeviceInfo): void {
    if (this.#devices.some((entry) => entry.deviceId === device.deviceId)) {
      throw new Error(`fake OT: device ${device.deviceId} is already plugged in`);
    }
    this.#devices.push({ ...device });
    this.#changed();
  }

  /**
   * Test control: a device is pulled out. Publishers using it lose that track (`mediaStopped`
   * with the track; a publisher left with no live track unpublishes with reason
   * `mediaStopped`); a publisher whose microphone it was switches to the `default` (or first)
   * microphone and dispatches `audioInputDeviceChanged`, as the real SDK does. Then
   * `devicechange`.
   *
   * @param deviceId - the device id
   */
  unplug(deviceId: string): void {
    const device = this.#devices.find((entry) => entry.deviceId === deviceId);
    if (device === undefined) throw new Error(`fake OT: no device ${deviceId} to unplug`);
    this.#devices = this.#devices.filter((entry) => entry !== device);
    this.#changed();
    for (const listener of [...this.#unplugged]) listener(device);
  }

  /**
   * Looks a device up.
   *
   * @param deviceId - the id
   * @returns the device, if plugged in
   * @internal
   */
  find(deviceId: string): FakeDeviceInfo | undefined {
    return this.#devices.find((entry) => entry.deviceId === deviceId);
  }

  /**
   * The first device of a kind (for a microphone: `default` first).
   *
   * @param kind - the kind
   * @returns the device, if any
   * @internal
   */
  first(kind: FakeDeviceInfo['kind']): FakeDeviceInfo | undefined {
    const ofKind = this.#devices.filter((entry) => entry.kind === kind);
    return ofKind.find((entry) => entry.deviceId === 'default') ?? ofKind[0];
  }

  /** @internal Camera or microphone access was granted: labels become visible. */
  grant(): void {
    this.#permission = true;
  }

  /**
   * @internal Publishers hear about unplugged devices here.
   * @param listener - called with the device
   * @returns a function that stops listening
   */
  onUnplugged(listener: (device: FakeDeviceInfo) => void): () => void {
    this.#unplugged.add(listener);
    return () => this.#unplugged.delete(listener);
  }

  #changed(): void {
    setTimeout(() => {
      for (const listener of [...this.#listeners]) listener({ type: 'devicechange' });
    }, 0);
  }
}
