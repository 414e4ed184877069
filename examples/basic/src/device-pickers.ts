// Camera and microphone pickers, in the lobby and in the call: room-client's roomDevices(room)
// lists the devices into the snapshot's local.devices and switches the camera publisher in place
// (the others keep receiving the same stream, nothing is republished).
import {
  isRoomClientError,
  listDevices,
  type MediaDeviceInfoLite,
  type RoomClient,
  roomDevices,
  roomSnapshot,
} from '@opentok-rooms/room-client';

/** Why a switch failed, in a person's words (room-client's error codes). */
const REASONS: Record<string, string> = {
  device_in_use: 'is in use by another application',
  media_access_denied: 'is blocked: allow it in the address bar',
  not_found: 'is no longer plugged in',
};

function fill(
  select: HTMLSelectElement,
  devices: readonly MediaDeviceInfoLite[],
  selected: string | undefined,
  noun: string,
): void {
  // Rebuilt only when the list changes: a rebuild while a person has the menu open would close it.
  const key = JSON.stringify([devices.map((d) => [d.deviceId, d.label]), selected]);
  if (select.dataset.key === key) return;
  select.dataset.key = key;
  const options = devices.map((device, index) =>
    Object.assign(document.createElement('option'), {
      value: device.deviceId,
      textContent: device.label || `${noun} ${index + 1}`,
    }),
  );
  // Nothing chosen yet means the browser's default: say so rather than show the first device.
  if (selected === undefined) {
    options.unshift(
      Object.assign(document.createElement('option'), {
        value: '',
        textContent: `Default ${noun.toLowerCase()}`,
      }),
    );
  }
  select.replaceChildren(...options);
  select.value = selected ?? '';
  select.disabled = devices.length === 0;
}

/**
 * Binds a camera and a microphone `<select>` to a room client's devices.
 *
 * @param room - the room client (joined or not: before joining a choice is kept for the join)
 * @param camera - the camera picker
 * @param microphone - the microphone picker
 * @param tell - shows why a device could not be listed or switched (undefined clears it)
 * @returns detaches the pickers
 */
export function attachDevicePickers(
  room: RoomClient,
  camera: HTMLSelectElement,
  microphone: HTMLSelectElement,
  tell: (message: string | undefined) => void,
): () => void {
  const devices = roomDevices(room);
  const render = (): void => {
    const { cameras, microphones, selectedCamera, selectedMicrophone } =
      roomSnapshot(room).getSnapshot().local.devices;
    fill(camera, cameras, selectedCamera, 'Camera');
    fill(microphone, microphones, selectedMicrophone, 'Microphone');
  };
  const choose = async (kind: 'camera' | 'microphone', select: HTMLSelectElement) => {
    if (select.value === '') return;
    select.disabled = true;
    try {
      if (kind === 'camera') await devices.selectCamera(select.value);
      else await devices.selectMicrophone(select.value);
      tell(undefined);
    } catch (error) {
      const why = isRoomClientError(error) ? (REASONS[error.code] ?? error.message) : 'failed';
      tell(`That ${kind} ${why}.`);
    } finally {
      // Back to what is really in use (unchanged when the switch failed).
      select.dataset.key = '';
      render();
    }
  };
  const onCamera = (): void => void choose('camera', camera);
  const onMicrophone = (): void => void choose('microphone', microphone);
  camera.addEventListener('change', onCamera);
  microphone.addEventListener('change', onMicrophone);
  const offSnapshot = roomSnapshot(room).subscribe(render);
  const stopWatching = devices.watch();
  render();
  // Labels need camera/microphone permission once: ask for it, or keep "Default" when refused.
  devices.list({ requestPermission: true }).catch(() => {
    tell('Camera and microphone are blocked: the browser’s defaults will be used.');
  });
  return () => {
    offSnapshot();
    stopWatching();
    camera.removeEventListener('change', onCamera);
    microphone.removeEventListener('change', onMicrophone);
  };
}

/** The lobby's choice: device ids, undefined for the browser's default. */
export interface LobbyChoice {
  camera: string | undefined;
  microphone: string | undefined;
}

/**
 * The lobby's pickers, before any room client exists: room-client's `listDevices()` fills them
 * (asking for permission once, so they show labels) and again whenever a device is plugged in or
 * out. The call hands the choice to its client (`roomDevices(room).selectCamera`) before joining.
 *
 * @param camera - the camera picker
 * @param microphone - the microphone picker
 * @param tell - shows why devices could not be listed
 * @returns what is chosen now
 */
export function attachLobbyPickers(
  camera: HTMLSelectElement,
  microphone: HTMLSelectElement,
  tell: (message: string | undefined) => void,
): () => LobbyChoice {
  const choice: LobbyChoice = { camera: undefined, microphone: undefined };
  const refresh = async (requestPermission: boolean): Promise<void> => {
    try {
      const { cameras, microphones } = await listDevices({ requestPermission });
      // A chosen device that went away: back to the default.
      if (!cameras.some((d) => d.deviceId === choice.camera)) choice.camera = undefined;
      if (!microphones.some((d) => d.deviceId === choice.microphone)) choice.microphone = undefined;
      fill(camera, cameras, choice.camera, 'Camera');
      fill(microphone, microphones, choice.microphone, 'Microphone');
    } catch {
      tell('Camera and microphone are blocked: the browser’s defaults will be used.');
    }
  };
  camera.addEventListener('change', () => {
    choice.camera = camera.value || undefined;
    void refresh(false);
  });
  microphone.addEventListener('change', () => {
    choice.microphone = microphone.value || undefined;
    void refresh(false);
  });
  navigator.mediaDevices?.addEventListener('devicechange', () => void refresh(false));
  void refresh(true);
  return () => ({ ...choice });
}
