import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';

/** What the person chose before joining. */
export interface JoinChoices {
  name: string;
  cameraId: string | undefined;
  microphoneId: string | undefined;
  microphoneOn: boolean;
  cameraOn: boolean;
}

type Preview =
  | { status: 'starting' }
  | { status: 'live'; stream: MediaStream }
  | { status: 'denied' | 'unavailable'; message: string };

/** A camera and microphone preview with the chosen devices (released on join or unmount). */
function usePreview(cameraId: string | undefined, microphoneId: string | undefined): Preview {
  const [preview, setPreview] = useState<Preview>({ status: 'starting' });
  useEffect(() => {
    let stream: MediaStream | undefined;
    let stopped = false;
    navigator.mediaDevices
      .getUserMedia({
        video: cameraId ? { deviceId: { exact: cameraId } } : true,
        audio: microphoneId ? { deviceId: { exact: microphoneId } } : true,
      })
      .then(
        (media) => {
          stream = media;
          if (stopped) for (const track of media.getTracks()) track.stop();
          else setPreview({ status: 'live', stream: media });
        },
        (error: DOMException) => {
          if (stopped) return;
          setPreview(
            error.name === 'NotAllowedError'
              ? {
                  status: 'denied',
                  message:
                    'Camera and microphone are blocked. You can still join and watch; allow them in the address bar to be seen and heard.',
                }
              : { status: 'unavailable', message: `No camera available (${error.message}).` },
          );
        },
      );
    return () => {
      stopped = true;
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [cameraId, microphoneId]);
  return preview;
}

function useDevices(ready: boolean): MediaDeviceInfo[] {
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: labels appear once permission is granted; enumerate again then.
  useEffect(() => {
    const refresh = () =>
      navigator.mediaDevices.enumerateDevices().then(setDevices, () => setDevices([]));
    void refresh();
    navigator.mediaDevices.addEventListener('devicechange', refresh);
    return () => navigator.mediaDevices.removeEventListener('devicechange', refresh);
  }, [ready]);
  return devices;
}

export function PreJoin({
  room,
  onJoin,
  onBack,
}: {
  room: string;
  onJoin: (choices: JoinChoices) => void;
  onBack: () => void;
}): ReactNode {
  const [name, setName] = useState(() => localStorage.getItem('otr-name') ?? '');
  const [cameraId, setCameraId] = useState<string | undefined>();
  const [microphoneId, setMicrophoneId] = useState<string | undefined>();
  const [microphoneOn, setMicrophoneOn] = useState(true);
  const [cameraOn, setCameraOn] = useState(true);
  const preview = usePreview(cameraId, microphoneId);
  const devices = useDevices(preview.status === 'live');
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (video.current) video.current.srcObject = preview.status === 'live' ? preview.stream : null;
  }, [preview]);
  const cameras = devices.filter((d) => d.kind === 'videoinput');
  const microphones = devices.filter((d) => d.kind === 'audioinput');
  const trimmed = name.trim();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!trimmed) return;
    localStorage.setItem('otr-name', trimmed);
    onJoin({ name: trimmed, cameraId, microphoneId, microphoneOn, cameraOn });
  };

  return (
    <main className="prejoin">
      <section className="preview card" aria-label="Camera preview">
        <div className="preview-frame" data-state={preview.status}>
          <video
            ref={video}
            autoPlay
            muted
            playsInline
            hidden={preview.status !== 'live' || !cameraOn}
            data-testid="preview"
          />
          {preview.status === 'live' && cameraOn ? null : (
            <div className="preview-placeholder">
              <span className="preview-avatar">
                {trimmed ? [...trimmed][0]!.toUpperCase() : '?'}
              </span>
              <span className="muted">
                {preview.status === 'starting'
                  ? 'Starting your camera…'
                  : preview.status === 'live'
                    ? 'Your camera is off'
                    : 'No camera'}
              </span>
            </div>
          )}
          <div className="preview-toggles">
            <button
              type="button"
              className={microphoneOn ? 'round' : 'round off'}
              aria-pressed={!microphoneOn}
              onClick={() => setMicrophoneOn((on) => !on)}
            >
              {microphoneOn ? 'Mic on' : 'Mic off'}
            </button>
            <button
              type="button"
              className={cameraOn ? 'round' : 'round off'}
              aria-pressed={!cameraOn}
              onClick={() => setCameraOn((on) => !on)}
            >
              {cameraOn ? 'Camera on' : 'Camera off'}
            </button>
          </div>
        </div>
        {preview.status === 'denied' || preview.status === 'unavailable' ? (
          <div className="banner error inline" role="alert" data-testid="camera-banner">
            {preview.message}
          </div>
        ) : null}
      </section>
      <form className="card join-form" onSubmit={submit}>
        <p className="eyebrow">Joining</p>
        <h1 data-testid="prejoin-room">{room}</h1>
        <label>
          Your name
          <input
            name="name"
            value={name}
            onChange={(event) => setName(event.target.value)}
            maxLength={40}
            required
            autoComplete="nickname"
            placeholder="How others see you"
          />
        </label>
        <label>
          Camera
          <select
            name="camera"
            value={cameraId ?? ''}
            onChange={(event) => setCameraId(event.target.value || undefined)}
            disabled={cameras.length === 0}
          >
            <option value="">{cameras.length ? 'Default camera' : 'No camera found'}</option>
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
            value={microphoneId ?? ''}
            onChange={(event) => setMicrophoneId(event.target.value || undefined)}
            disabled={microphones.length === 0}
          >
            <option value="">
              {microphones.length ? 'Default microphone' : 'No microphone found'}
            </option>
            {microphones.map((device, index) => (
              <option key={device.deviceId || index} value={device.deviceId}>
                {device.label || `Microphone ${index + 1}`}
              </option>
            ))}
          </select>
        </label>
        <div className="row">
          <button type="button" className="ghost" onClick={onBack}>
            Back
          </button>
          <button type="submit" className="primary grow" disabled={!trimmed}>
            Join room
          </button>
        </div>
      </form>
    </main>
  );
}
