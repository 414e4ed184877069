import { type DeviceLists, noMediaDevices, listDevices as read } from './device-list.js';
import type { ListDevicesOptions } from './devices.js';
import type { MediaDevicesLike } from './types.js';

/** Options of {@link listDevices}. */
export interface StandaloneListDevicesOptions extends ListDevicesOptions {
  /** Where devices are listed (default `navigator.mediaDevices`). */
  mediaDevices?: MediaDevicesLike;
  /** Deadline of each browser call (enumerating, the permission prompt). Default 30 000 ms. */
  timeoutMs?: number;
}

/**
 * Lists cameras and microphones with no room client: for a lobby or pre-join screen on a page of
 * its own. Hand the choice to the call with `roomDevices(room).selectCamera(id)` before `join()`
 * (or `publisher: { videoSource: id }`). Tree-shakeable.
 *
 * @param options - whether to ask for permission so labels are filled, where devices come from
 * @returns the cameras and microphones, labels `''` until access was granted once
 * @throws RoomClientError `media_unavailable` (no `mediaDevices`: a server or an insecure page),
 *   `media_access_denied`, `device_in_use`, `no_devices` (permission asked and refused or
 *   failed), `timeout`
 * @example
 * ```ts
 * const { cameras, microphones } = await listDevices({ requestPermission: true });
 * ```
 */
export async function listDevices(
  options: StandaloneListDevicesOptions = {},
): Promise<DeviceLists> {
  const media =
    options.mediaDevices ??
    (globalThis as { navigator?: { mediaDevices?: MediaDevicesLike } }).navigator?.mediaDevices;
  if (!media) {
    throw noMediaDevices();
  }
  return read(media, options.requestPermission, options.timeoutMs ?? 30_000);
}
