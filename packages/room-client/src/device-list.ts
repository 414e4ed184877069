import { withDeadline } from './deadline.js';
import { RoomClientError, type RoomClientErrorCode, toRoomClientError } from './errors.js';
import type { DevicesInfo, MediaDeviceInfoLite } from './snapshot-types.js';
import type { MediaDevicesLike } from './types.js';

/** Cameras and microphones, as the snapshot holds them. */
export interface DeviceLists {
  cameras: readonly MediaDeviceInfoLite[];
  microphones: readonly MediaDeviceInfoLite[];
}

const NONE: readonly never[] = [];

/** The devices of a room whose devices were never listed: the browser's defaults. @internal */
export const NO_DEVICES: DevicesInfo = {
  cameras: NONE,
  microphones: NONE,
  selectedCamera: undefined,
  selectedMicrophone: undefined,
};

// The browser's getUserMedia failures (DOMException names), as the codes a page switches on.
const BROWSER_NAMES: Record<string, RoomClientErrorCode> = {
  NotAllowedError: 'media_access_denied',
  SecurityError: 'media_access_denied',
  NotFoundError: 'no_devices',
  NotReadableError: 'device_in_use',
  TrackStartError: 'device_in_use',
  OverconstrainedError: 'not_found',
};

/**
 * A device operation's failure as a RoomClientError: the browser's names and OpenTok's
 * (`OT_INVALID_VIDEO_SOURCE`: no such camera) mapped to device codes.
 *
 * @internal
 */
export function deviceError(error: unknown, action: string): RoomClientError {
  const name = (error as { name?: string } | undefined)?.name ?? '';
  const code = BROWSER_NAMES[name] ?? (name === 'OT_INVALID_VIDEO_SOURCE' && 'not_found');
  if (!code) return toRoomClientError(error, action);
  return new RoomClientError(code, `${action}: ${name}: ${(error as Error).message}`, {
    cause: error,
    otName: name.startsWith('OT_') ? name : undefined,
  });
}

/** Thrown where there is no `navigator.mediaDevices` to list or watch. @internal */
export const noMediaDevices = (): RoomClientError =>
  new RoomClientError(
    'media_unavailable',
    'no navigator.mediaDevices here (a server, or a page not served over https)',
  );

function split(
  entries: ReadonlyArray<{ deviceId: string; label: string; kind: string }>,
): DeviceLists {
  const of = (kind: 'videoInput' | 'audioInput') =>
    entries
      .filter((entry) => entry.kind.toLowerCase() === kind.toLowerCase())
      .map(({ deviceId, label }) => ({ deviceId, label, kind }));
  return { cameras: of('videoInput'), microphones: of('audioInput') };
}

/**
 * Lists cameras and microphones; with `requestPermission`, first asks for access (a capture
 * stopped at once) when labels are missing, as browsers hide them until then.
 *
 * @internal
 */
export async function listDevices(
  media: MediaDevicesLike,
  requestPermission: boolean | undefined,
  ms: number,
): Promise<DeviceLists> {
  const enumerate = async () =>
    split(await withDeadline(media.enumerateDevices(), ms, 'enumerateDevices'));
  const lists = await enumerate();
  const all = [...lists.cameras, ...lists.microphones];
  if (!requestPermission || !media.getUserMedia || all.every((device) => device.label)) {
    return lists;
  }
  const asked = media.getUserMedia({
    audio: lists.microphones.length > 0,
    video: lists.cameras.length > 0,
  });
  // Stopped whenever it arrives, also after our deadline: no camera light left on.
  asked.then(
    (stream) => {
      for (const track of stream.getTracks()) track.stop();
    },
    () => {},
  );
  try {
    await withDeadline(asked, ms, 'camera and microphone permission');
  } catch (error) {
    throw deviceError(error, 'camera and microphone permission');
  }
  return enumerate();
}

/**
 * The previous list when the new one has the same devices (ids, labels, order): the snapshot
 * keeps its identity.
 *
 * @internal
 */
export function sameList(
  previous: readonly MediaDeviceInfoLite[],
  next: readonly MediaDeviceInfoLite[],
): readonly MediaDeviceInfoLite[] {
  const same =
    previous.length === next.length &&
    next.every(
      (device, i) =>
        device.deviceId === previous[i]?.deviceId && device.label === previous[i]?.label,
    );
  return same ? previous : next;
}
