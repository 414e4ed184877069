import { useLocalMedia, useRoom, useScreenShare } from '@opentok-rooms/react';
import type { ReactNode } from 'react';
import type { Panel } from './room-view.js';

export function Controls({
  name,
  panel,
  unread,
  onPanel,
  onLeave,
}: {
  /** Your name, for your screen share's tile on the others' pages. */
  name: string;
  panel: Panel | undefined;
  unread: number;
  onPanel: (panel: Panel) => void;
  onLeave: () => void;
}): ReactNode {
  const room = useRoom();
  const { microphoneEnabled, cameraEnabled, camera } = useLocalMedia();
  const publishing = camera !== undefined && camera.status !== 'failed';
  const screen = useScreenShare();
  return (
    <nav className="controls" aria-label="Call controls">
      <button
        type="button"
        className={microphoneEnabled ? 'control' : 'control off'}
        aria-pressed={!microphoneEnabled}
        disabled={!publishing}
        onClick={() => room.setMicrophoneEnabled(!microphoneEnabled)}
        data-testid="mic"
      >
        {microphoneEnabled ? 'Mute' : 'Unmute'}
      </button>
      <button
        type="button"
        className={cameraEnabled ? 'control' : 'control off'}
        aria-pressed={!cameraEnabled}
        disabled={!publishing}
        onClick={() => room.setCameraEnabled(!cameraEnabled)}
        data-testid="camera"
      >
        {cameraEnabled ? 'Stop video' : 'Start video'}
      </button>
      <button
        type="button"
        className={screen.sharing ? 'control active' : 'control'}
        aria-pressed={screen.sharing}
        disabled={screen.status === 'starting'}
        onClick={() =>
          screen.sharing ? screen.stop() : void screen.start({ publisher: { name } })
        }
        data-testid="share-screen"
      >
        {screen.sharing ? 'Stop sharing' : 'Share screen'}
      </button>
      <button
        type="button"
        className="control"
        aria-pressed={panel === 'people'}
        onClick={() => onPanel('people')}
      >
        People
      </button>
      <button
        type="button"
        className="control"
        aria-pressed={panel === 'chat'}
        onClick={() => onPanel('chat')}
        data-testid="chat-toggle"
      >
        Chat{unread > 0 ? <span className="unread">{unread}</span> : null}
      </button>
      <button
        type="button"
        className="control"
        aria-pressed={panel === 'devices'}
        onClick={() => onPanel('devices')}
        data-testid="devices-toggle"
      >
        Devices
      </button>
      <button type="button" className="control danger" onClick={onLeave} data-testid="leave">
        Leave
      </button>
    </nav>
  );
}
