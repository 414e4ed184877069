import {
  type DevicesInfo,
  isRoomClientError,
  RoomClientError,
  type RoomSnapshot,
  roomDevices,
} from '@opentok-rooms/room-client';
import { useCallback, useEffect, useState } from 'react';
import { useRoom } from '../room-context.js';
import { useRoomSnapshot } from '../use-room-snapshot.js';

/** Options of {@link useDevices}. */
export interface UseDevicesOptions {
  /**
   * Ask for camera and microphone access on mount when labels are missing (a pre-join screen
   * wants names in its pickers). Default false: labels appear once the camera was granted.
   */
  requestPermission?: boolean | undefined;
}

/** What {@link useDevices} returns: the snapshot's `local.devices`, and ways to change them. */
export interface Devices extends DevicesInfo {
  /**
   * Why the last list or switch failed, until the next one succeeds: `media_access_denied`,
   * `device_in_use`, `not_found`, `no_devices`, `media_unavailable`, `timeout`.
   */
  readonly error: RoomClientError | undefined;
  /**
   * Chooses the camera: for the next join before joining, switched in place during a call.
   * Never rejects (safe as an `onChange`): resolves to the error (also in `error`) or undefined.
   */
  readonly selectCamera: (deviceId: string) => Promise<RoomClientError | undefined>;
  /** Chooses the microphone, like `selectCamera`. */
  readonly selectMicrophone: (deviceId: string) => Promise<RoomClientError | undefined>;
  /** Lists devices again (e.g. after the user granted access elsewhere). Never rejects. */
  readonly refresh: (options?: UseDevicesOptions) => Promise<RoomClientError | undefined>;
}

const selectDevices = (s: RoomSnapshot): DevicesInfo => s.local.devices;

const asError = (caught: unknown): RoomClientError =>
  isRoomClientError(caught)
    ? caught
    : new RoomClientError('unknown', String(caught), { cause: caught });

/**
 * The room's cameras and microphones (room-client's `roomDevices`): lists them on mount, follows
 * devices plugged in and out while mounted (and while the room is joined), and chooses them
 * before or during a call. Re-renders only when the device slice (or the last error) changes.
 *
 * @param options - whether to ask for permission on mount so labels are filled
 * @returns the devices, the chosen ones, the last error and the functions to choose
 * @example
 * ```tsx
 * const { cameras, selectedCamera, selectCamera } = useDevices();
 * <select value={selectedCamera ?? ''} onChange={(e) => selectCamera(e.target.value)}>
 *   {cameras.map((c) => <option key={c.deviceId} value={c.deviceId}>{c.label}</option>)}
 * </select>
 * ```
 */
export function useDevices(options: UseDevicesOptions = {}): Devices {
  const room = useRoom();
  const info = useRoomSnapshot(selectDevices);
  const [error, setError] = useState<RoomClientError | undefined>();
  const attempt = useCallback(async (action: () => Promise<unknown>) => {
    try {
      await action();
      setError(undefined);
      return undefined;
    } catch (caught) {
      const failure = asError(caught);
      setError(failure);
      return failure;
    }
  }, []);
  const { requestPermission } = options;
  useEffect(() => {
    const devices = roomDevices(room);
    const stop = devices.watch();
    void attempt(() => devices.list(listOptions(requestPermission)));
    return stop;
  }, [room, attempt, requestPermission]);
  const selectCamera = useCallback(
    (deviceId: string) => attempt(() => roomDevices(room).selectCamera(deviceId)),
    [room, attempt],
  );
  const selectMicrophone = useCallback(
    (deviceId: string) => attempt(() => roomDevices(room).selectMicrophone(deviceId)),
    [room, attempt],
  );
  const refresh = useCallback(
    (again: UseDevicesOptions = {}) =>
      attempt(() => roomDevices(room).list(listOptions(again.requestPermission))),
    [room, attempt],
  );
  return { ...info, error, selectCamera, selectMicrophone, refresh };
}

/** room-client's list options: `requestPermission: undefined` is the same as leaving it out. */
function listOptions(requestPermission: boolean | undefined): { requestPermission?: boolean } {
  return requestPermission === undefined ? {} : { requestPermission };
}
