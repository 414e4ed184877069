import { useDevices, useRoom } from '@opentok-rooms/react';
import { type ActiveDeviceChange, roomSnapshot } from '@opentok-rooms/room-client';
import { type ReactNode, useEffect, useState } from 'react';

const ERRORS: Record<string, string> = {
  device_in_use: 'is in use by another application',
  media_access_denied: 'is blocked: allow it in the address bar',
  not_found: 'is no longer plugged in',
};

/** Camera and microphone pickers in the call: switched in place, the others keep seeing you. */
export function DevicePanel({
  initialCamera,
  initialMicrophone,
}: {
  /** The pre-join choices, until a device is chosen here. */
  initialCamera: string | undefined;
  initialMicrophone: string | undefined;
}): ReactNode {
  const {
    cameras,
    microphones,
    selectedCamera,
    selectedMicrophone,
    selectCamera,
    selectMicrophone,
    error,
  } = useDevices();
  const [busy, setBusy] = useState<'camera' | 'microphone' | undefined>();
  const choose = async (kind: 'camera' | 'microphone', deviceId: string) => {
    setBusy(kind);
    await (kind === 'camera' ? selectCamera : selectMicrophone)(deviceId);
    setBusy(undefined);
  };
  return (
    <form className="devices" data-testid="devices" onSubmit={(event) => event.preventDefault()}>
      <label>
        Camera
        <select
          name="camera"
          value={selectedCamera ?? initialCamera ?? ''}
          disabled={cameras.length === 0 || busy !== undefined}
          onChange={(event) => void choose('camera', event.target.value)}
        >
          {(selectedCamera ?? initialCamera) ? null : <option value="">Default camera</option>}
          {cameras.map((device, index) => (
            <option key={device.deviceId || index} value={device.deviceId}>
              {device.label || `Camera ${index + 1}`}
            </option>
          ))}
        </select>
      </label>
      <label>
        Microphone
        <select
          name="microphone"
          value={selectedMicrophone ?? initialMicrophone ?? ''}
          disabled={microphones.length === 0 || busy !== undefined}
          onChange={(event) => void choose('microphone', event.target.value)}
        >
          {(selectedMicrophone ?? initialMicrophone) ? null : (
            <option value="">Default microphone</option>
          )}
          {microphones.map((device, index) => (
            <option key={device.deviceId || index} value={device.deviceId}>
              {device.label || `Microphone ${index + 1}`}
            </option>
          ))}
        </select>
      </label>
      <p className="muted small" data-testid="devices-status">
        {busy ? `Switching ${busy}…` : 'Others keep seeing and hearing you while you switch.'}
      </p>
      {error ? (
        <p className="banner error inline" role="alert" data-testid="devices-error">
          {ERRORS[error.code] ? `That device ${ERRORS[error.code]}.` : error.message}
        </p>
      ) : null}
    </form>
  );
}

/** A short notice when the camera or microphone in use was unplugged and another took over. */
export function useUnpluggedNotice(): string | undefined {
  const room = useRoom();
  const [notice, setNotice] = useState<string | undefined>();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = room.on('activeDeviceChanged', ({ kind, deviceId, reason }: ActiveDeviceChange) => {
      if (reason !== 'unplugged') return;
      const label = roomSnapshot(room)
        .getSnapshot()
        .local.devices[kind === 'camera' ? 'cameras' : 'microphones'].find(
          (device) => device.deviceId === deviceId,
        )?.label;
      setNotice(
        deviceId
          ? `Your ${kind} was unplugged: now using ${label || 'another one'}.`
          : `Your ${kind} was unplugged and no other is available.`,
      );
      clearTimeout(timer);
      timer = setTimeout(() => setNotice(undefined), 8000);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [room]);
  return notice;
}
