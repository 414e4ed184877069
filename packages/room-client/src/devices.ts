import { withDeadline } from './deadline.js';
import { deviceError, listDevices, NO_DEVICES, noMediaDevices, sameList } from './device-list.js';
import { RoomClientError } from './errors.js';
import type { RoomInternals } from './host.js';
import type { Join } from './join.js';
import { releasePublisher, setPublication } from './media.js';
import type { OTPublisher } from './ot-types.js';
import { guard, report } from './report.js';
import type { DevicesInfo, MediaDeviceInfoLite } from './snapshot-types.js';
import type { ActiveDeviceChange, DeviceKind, MediaDevicesLike, RoomClient } from './types.js';

/** Options of {@link roomDevices}. */
export interface RoomDevicesOptions {
  /**
   * Where devices are listed and `devicechange` is heard (default: the room's `mediaDevices`
   * option, else `navigator.mediaDevices`). Only the first `roomDevices` call of a room counts.
   */
  mediaDevices?: MediaDevicesLike;
}

/** Options of {@link RoomDevices.list}. */
export interface ListDevicesOptions {
  /**
   * Ask for camera and microphone access when labels are missing (browsers show them only after
   * access was granted once): a short capture, stopped at once. Default false.
   */
  requestPermission?: boolean;
}

/** The cameras and microphones of one room client: see {@link roomDevices}. */
export interface RoomDevices {
  /**
   * Lists cameras and microphones and updates the snapshot's `local.devices`.
   *
   * @param options - whether to ask for permission so labels are filled
   * @returns the devices, as in the snapshot
   * @throws RoomClientError `media_access_denied`, `device_in_use`, `no_devices` (permission
   *   asked and refused or failed), `media_unavailable` (no `mediaDevices`: a server or an
   *   insecure page), `timeout`
   */
  list(options?: ListDevicesOptions): Promise<DevicesInfo>;
  /**
   * Chooses the camera: before joining, for this and every later join; while publishing, the
   * camera publisher switches in place (`setVideoSource`; republished only where the SDK lacks
   * it). On failure the previous camera stays in use and the choice is unchanged.
   *
   * @param deviceId - a camera's `deviceId` from `list()`
   * @returns resolves once switched (or chosen)
   * @throws RoomClientError `invalid_argument`, `not_found` (no such camera plugged in),
   *   `media_access_denied`, `device_in_use`, `media_unavailable` (the publisher sends no
   *   camera), `timeout`
   */
  selectCamera(deviceId: string): Promise<void>;
  /**
   * Chooses the microphone, like {@link RoomDevices.selectCamera} (`setAudioSource`).
   *
   * @param deviceId - a microphone's `deviceId` from `list()`
   * @returns resolves once switched (or chosen)
   * @throws RoomClientError like `selectCamera`
   */
  selectMicrophone(deviceId: string): Promise<void>;
  /**
   * Hears `devicechange` (plugged devices) until the returned function is called; while the room
   * is joined it listens anyway. For pre-join screens.
   *
   * @returns stops watching
   */
  watch(): () => void;
}

const created = new WeakMap<RoomClient, RoomDevices>();
const SOURCE = { camera: 'videoSource', microphone: 'audioSource' } as const;
const SELECTED = { camera: 'selectedCamera', microphone: 'selectedMicrophone' } as const;
const LIST = { camera: 'cameras', microphone: 'microphones' } as const;

/**
 * Cameras and microphones for a room client: list them, choose them before joining, switch them
 * during a call, and follow devices plugged in and out (`devicesChanged`,
 * `activeDeviceChanged`). One object per room client (the same on every call). Tree-shakeable:
 * a page that does not import it does not pay for it.
 *
 * @param room - the room client
 * @param options - where devices come from
 * @returns the room's devices
 * @example
 * ```ts
 * const devices = roomDevices(room);
 * const { cameras } = await devices.list({ requestPermission: true });
 * await devices.selectCamera(cameras[1].deviceId); // before or during the call
 * room.on('activeDeviceChanged', ({ kind, reason }) => reason === 'unplugged' && warn(kind));
 * ```
 */
export function roomDevices(room: RoomClient, options: RoomDevicesOptions = {}): RoomDevices {
  let devices = created.get(room);
  if (!devices) {
    devices = create(room as RoomInternals, options);
    created.set(room, devices);
  }
  return devices;
}

function create(room: RoomInternals, options: RoomDevicesOptions): RoomDevices {
  const host = room._host;
  const media =
    options.mediaDevices ??
    host._options.mediaDevices ??
    (globalThis as { navigator?: { mediaDevices?: MediaDevicesLike } }).navigator?.mediaDevices;
  const ms = host._timeouts.publish;
  const current = () => (host._devices ??= NO_DEVICES);
  const status = () => room._join?._publications.get('camera')?.status;
  let queue: Promise<unknown> = Promise.resolve();
  // Device operations run one at a time, in order (the SDK also serialises source changes).
  const serial = <T>(step: () => Promise<T>): Promise<T> => {
    const run = queue.then(step, step);
    queue = run.catch(() => {});
    return run;
  };

  const setActive = (
    kind: DeviceKind,
    deviceId: string | undefined,
    reason: ActiveDeviceChange['reason'],
  ) => {
    const previous = current()[SELECTED[kind]];
    if (previous === deviceId) return;
    host._devices = { ...current(), [SELECTED[kind]]: deviceId };
    host._dispatch('activeDeviceChanged', { kind, deviceId, previous, reason });
    // Only a choice is kept for the next camera start (a join, publish()): a default stays one.
    if (reason === 'published') return;
    const { selectedCamera: videoSource, selectedMicrophone: audioSource } = current();
    host._sources = {
      ...(videoSource && { videoSource }),
      ...(audioSource && { audioSource }),
    };
  };

  const refresh = async (requestPermission?: boolean): Promise<DevicesInfo> => {
    if (!media) {
      throw noMediaDevices();
    }
    const lists = await listDevices(media, requestPermission, ms);
    const before = current();
    const cameras = sameList(before.cameras, lists.cameras);
    const microphones = sameList(before.microphones, lists.microphones);
    if (cameras !== before.cameras || microphones !== before.microphones) {
      host._devices = { ...before, cameras, microphones };
      host._dispatch('devicesChanged', host._devices);
    }
    return current();
  };

  /** The camera publisher of the current join, once its media is ready. */
  const cameraPublisher = async (): Promise<[Join, OTPublisher] | undefined> => {
    if (status() === 'starting') await settled(room, status, ms);
    const join = room._join;
    const publisher = join?._publishers.get('camera');
    return join && publisher ? [join, publisher] : undefined;
  };

  /** The device the publisher sends now (undefined: unknown, or it sends none of that kind). */
  const inUse = (publisher: OTPublisher, kind: DeviceKind): string | undefined => {
    if (kind === 'camera') {
      const video = publisher.getVideoSource?.();
      return video?.type === 'camera' ? (video.deviceId ?? undefined) : undefined;
    }
    const track = publisher.getAudioSource?.() as { getSettings?(): { deviceId?: string } } | null;
    return track?.getSettings?.().deviceId;
  };

  const switchTo = async (join: Join, publisher: OTPublisher, kind: DeviceKind, id: string) => {
    const method = kind === 'camera' ? publisher.setVideoSource : publisher.setAudioSource;
    const action = kind === 'camera' ? 'setVideoSource' : 'setAudioSource';
    try {
      if (typeof method !== 'function') throw { name: 'OT_UNSUPPORTED_BROWSER', message: action };
      await withDeadline(Promise.resolve(method.call(publisher, id)), ms, action);
    } catch (error) {
      if ((error as { name?: string }).name !== 'OT_UNSUPPORTED_BROWSER') {
        throw deviceError(error, action);
      }
      // No in-place switch in this browser: publish the camera again with the new device.
      setActive(kind, id, 'selected');
      releasePublisher(join, 'camera', status() === 'published');
      setPublication(join, 'camera');
      host._dispatch('publication', 'camera');
      await room.publish();
    }
  };

  const select = (kind: DeviceKind, deviceId: string): Promise<void> => {
    if (typeof deviceId !== 'string' || !deviceId) {
      return Promise.reject(
        new RoomClientError('invalid_argument', `select ${kind}: need a deviceId, got ${deviceId}`),
      );
    }
    return serial(async () => {
      const chosen = host._options.publisher ? host._options.publisher[SOURCE[kind]] : undefined;
      if (chosen !== undefined && typeof chosen !== 'string') {
        throw new RoomClientError(
          'media_unavailable',
          `select ${kind}: the camera publisher sends no ${kind} device (publisher.${SOURCE[kind]})`,
        );
      }
      const info = await refresh();
      if (!info[LIST[kind]].some((device) => device.deviceId === deviceId)) {
        throw new RoomClientError('not_found', `no ${kind} ${deviceId} is plugged in`);
      }
      const camera = await cameraPublisher();
      if (camera) await switchTo(camera[0], camera[1], kind, deviceId);
      setActive(kind, deviceId, 'selected');
    });
  };

  // A device in use (or chosen) went away: the first one left takes over, and we say so.
  const recover = async (kind: DeviceKind, list: readonly MediaDeviceInfoLite[]) => {
    const camera = room._join?._publishers.get('camera');
    const used = (camera && inUse(camera, kind)) || current()[SELECTED[kind]];
    if (used === undefined || list.some((device) => device.deviceId === used)) return;
    const fallback =
      list.find((device) => device.deviceId === 'default')?.deviceId ?? list[0]?.deviceId;
    const ready = camera && (await cameraPublisher());
    if (ready && fallback) await switchTo(ready[0], ready[1], kind, fallback);
    setActive(kind, ready ? fallback : undefined, 'unplugged');
  };

  // OpenTok replaces an unplugged microphone itself (unless told not to): we only follow it.
  const sdkManagesMicrophone = () => {
    const properties = host._options.publisher || undefined;
    return !properties?.disableAudioInputDeviceManagement;
  };

  const onChange = () => {
    serial(async () => {
      const info = await refresh();
      await recover('camera', info.cameras);
      if (!sdkManagesMicrophone()) await recover('microphone', info.microphones);
    }).catch(report);
  };

  const followMicrophone = (join: Join, publisher: OTPublisher) => {
    if (!sdkManagesMicrophone()) return;
    join._listeners._add(
      publisher,
      'audioInputDeviceChanged',
      guard((event: { device?: { deviceId?: string } }) => {
        const id = event.device?.deviceId;
        serial(async () => {
          const before = current().selectedMicrophone;
          const { microphones } = await refresh();
          const kept = microphones.some((device) => device.deviceId === before);
          setActive(
            'microphone',
            id,
            before === undefined || kept ? 'defaultChanged' : 'unplugged',
          );
        }).catch(report);
      }),
    );
  };

  // The snapshot names the devices in use, also when the browser's defaults were published.
  const noteInUse = (publisher: OTPublisher) => {
    for (const kind of ['camera', 'microphone'] as const) {
      const id = inUse(publisher, kind);
      if (id !== undefined) setActive(kind, id, 'published');
    }
  };

  let watchers = 0;
  let listening = false;
  const update = () => {
    const { state } = room;
    const want = watchers > 0 || (state !== 'idle' && state !== 'disconnected');
    if (!media || want === listening) return;
    listening = want;
    if (want) media.addEventListener('devicechange', onChange);
    else media.removeEventListener('devicechange', onChange);
  };
  room.on('stateChanged', update);
  room.on('published', (publisher, source) => {
    const join = room._join;
    if (source !== 'camera' || !join) return;
    followMicrophone(join, publisher);
    noteInUse(publisher);
  });
  const joined = room._join;
  const publishing = joined?._publishers.get('camera');
  if (joined && publishing && status() === 'published') {
    followMicrophone(joined, publishing);
    noteInUse(publishing);
  }
  update();

  return {
    list: (options = {}) => serial(() => refresh(options.requestPermission)),
    selectCamera: (deviceId) => select('camera', deviceId),
    selectMicrophone: (deviceId) => select('microphone', deviceId),
    watch: () => {
      let stopped = false;
      watchers++;
      update();
      return () => {
        if (stopped) return;
        stopped = true;
        watchers--;
        update();
      };
    },
  };
}

/** Waits until the camera publisher is no longer `starting` (its media is ready or failed). */
function settled(room: RoomInternals, status: () => string | undefined, ms: number): Promise<void> {
  let stop: (() => void) | undefined;
  const done = new Promise<void>((resolve) => {
    const check = () => {
      if (status() !== 'starting') resolve();
    };
    stop = room._onChange(check);
    check();
  });
  return withDeadline(done, ms, 'camera start').finally(() => stop?.());
}
