import { useLocalMedia, useRoom } from '@opentok-rooms/react';
import type { ReactNode } from 'react';

export function Controls({
  panel,
  unread,
  onPanel,
  onLeave,
}: {
  panel: 'people' | 'chat' | undefined;
  unread: number;
  onPanel: (panel: 'people' | 'chat') => void;
  onLeave: () => void;
}): ReactNode {
  const room = useRoom();
  const { microphoneEnabled, cameraEnabled, camera } = useLocalMedia();
  const publishing = camera !== undefined && camera.status !== 'failed';
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
      <button type="button" className="control danger" onClick={onLeave} data-testid="leave">
        Leave
      </button>
    </nav>
  );
}
