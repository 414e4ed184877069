import {
  Room,
  useLocalMedia,
  useRecording,
  useRoom,
  useRoomCounts,
  useRoomState,
  useScreenShare,
  useSignal,
  VideoGrid,
} from '@opentok-rooms/react';
import { activeSpeakerDetector, isRoomClientError } from '@opentok-rooms/room-client';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import type { Notice } from './app.js';
import { Chat, type ChatEntry, type ChatLine } from './chat.js';
import type { Backend } from './config.js';
import { Controls } from './controls.js';
import { DevicePanel, useUnpluggedNotice } from './device-panel.js';
import { ParticipantList } from './participant-list.js';
import type { JoinChoices } from './prejoin.js';

/** The side panel's tabs. */
export type Panel = 'people' | 'chat' | 'devices';

interface RoomViewProps {
  backend: Backend;
  room: string;
  choices: JoinChoices;
  onLeave: (why?: Notice) => void;
}

// One detector description for every room (each client starts its own detection from it).
const speakers = activeSpeakerDetector();

declare global {
  interface Window {
    /** Development builds only: how often the room screen's effects ran and were cleaned up. */
    __roomViewEffects?: { mounts: number; cleanups: number };
  }
}

/**
 * Development builds only (gone from the production bundle): counts the room screen's effect runs
 * in `window.__roomViewEffects`, so the Chromium test can see StrictMode's double mount (mount,
 * cleanup, mount: the `<Room>` below went through the same) before it counts connections.
 */
function useEffectCount(): void {
  useEffect(() => {
    if (process.env.NODE_ENV === 'production') return;
    window.__roomViewEffects ??= { mounts: 0, cleanups: 0 };
    const count = window.__roomViewEffects;
    count.mounts++;
    return () => {
      count.cleanups++;
    };
  }, []);
}

export function RoomView({ backend, room, choices, onLeave }: RoomViewProps): ReactNode {
  useEffectCount();
  return (
    <Room
      room={room}
      joinUrl={`/api/rooms/${encodeURIComponent(room)}/join`}
      joinData={JSON.stringify({ name: choices.name })}
      {...(backend.OT ? { OT: backend.OT } : {})}
      activeSpeaker={speakers}
      publisher={{
        name: choices.name,
        resolution: '640x480',
        ...(choices.cameraId ? { videoSource: choices.cameraId } : {}),
        ...(choices.microphoneId ? { audioSource: choices.microphoneId } : {}),
      }}
    >
      <RoomScreen room={room} choices={choices} onLeave={onLeave} />
    </Room>
  );
}

const PANEL_LABELS: Record<Panel, string> = { people: 'People', chat: 'Chat', devices: 'Devices' };

const STATE_LABELS = {
  idle: 'Joining…',
  connecting: 'Joining…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  disconnecting: 'Leaving…',
  disconnected: 'Left',
} as const;

/** Why the room ended, as the lobby should say it; undefined while in the room. */
function endNotice(status: ReturnType<typeof useRoomState>): Notice | undefined {
  if (status.state !== 'disconnected') return undefined;
  const { disconnectReason: reason, error } = status;
  if (reason === 'connectFailed') {
    const why =
      isRoomClientError(error) && error.code === 'credentials_failed'
        ? ((error.cause as Error | undefined)?.message ?? error.message)
        : (error?.message ?? 'the room could not be reached');
    return { kind: 'error', text: `Could not join: ${why}` };
  }
  if (reason === 'forceDisconnected')
    return { kind: 'error', text: 'A moderator removed you from the room.' };
  if (reason === 'networkDisconnected') {
    return { kind: 'error', text: 'You were disconnected: the network is gone.' };
  }
  return undefined;
}

function RoomScreen({
  room,
  choices,
  onLeave,
}: {
  room: string;
  choices: JoinChoices;
  onLeave: (why?: Notice) => void;
}): ReactNode {
  const client = useRoom();
  const status = useRoomState();
  const { others } = useRoomCounts();
  const local = useLocalMedia();
  const recording = useRecording();
  const [panel, setPanel] = useState<Panel | undefined>('people');
  const [lines, setLines] = useState<ChatEntry[]>([]);
  const [unread, setUnread] = useState(0);
  const openPanel = useRef(panel);
  openPanel.current = panel;
  const sendChat = useSignal<ChatLine>('chat', {
    decode: (data) => {
      const line = JSON.parse(data) as ChatLine;
      if (typeof line?.text !== 'string') throw new Error('not a chat line');
      return line;
    },
    encode: JSON.stringify,
    onReceived: (message) => {
      setLines((all) => [...all.slice(-199), { ...message, id: (all.at(-1)?.id ?? 0) + 1 }]);
      if (!message.isLocal && openPanel.current !== 'chat') setUnread((n) => n + 1);
    },
  });

  // The pre-join choices apply before the join (child effects run before <Room>'s).
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per room client.
  useEffect(() => {
    client.setMicrophoneEnabled(choices.microphoneOn);
    client.setCameraEnabled(choices.cameraOn);
  }, [client]);

  const ended = endNotice(status)?.text;
  useEffect(() => {
    if (ended) onLeave({ kind: 'error', text: ended });
  }, [ended, onLeave]);

  useEffect(() => {
    if (panel === 'chat') setUnread(0);
  }, [panel]);

  const cameraError = local.camera?.status === 'failed' ? local.camera.error : undefined;
  const screenError = useScreenShare().error;
  const joined = status.state === 'connected' || status.state === 'reconnecting';
  const unplugged = useUnpluggedNotice();

  return (
    <main className="room" data-state={status.state} data-panel={panel ?? 'none'}>
      <div className="room-bar">
        <h1 data-testid="room-title">{room}</h1>
        <span className="pill" data-testid="count">
          {joined ? `${others + 1} in the room` : 'Joining…'}
        </span>
        {recording.active ? (
          <span className="pill recording" data-testid="recording" title={recording.name ?? ''}>
            <span className="dot" aria-hidden="true" /> Recording
          </span>
        ) : null}
        <span className="state" data-testid="state" data-state={status.state}>
          <span className="dot" aria-hidden="true" />
          {STATE_LABELS[status.state]}
        </span>
      </div>
      {status.state === 'reconnecting' ? (
        <div className="banner info" role="status" data-testid="banner">
          Connection lost. Reconnecting…
        </div>
      ) : null}
      {cameraError ? (
        <div className="banner error" role="alert" data-testid="banner">
          {cameraError.code === 'media_access_denied'
            ? 'Camera or microphone blocked: you are in the room receive-only.'
            : `Your camera could not start (${cameraError.message}): you are in the room receive-only.`}
        </div>
      ) : null}
      {unplugged ? (
        <div className="banner info" role="status" data-testid="device-banner">
          {unplugged}
        </div>
      ) : null}
      {screenError && screenError.code !== 'media_access_denied' ? (
        <div className="banner error" role="alert" data-testid="banner">
          {screenError.code === 'media_unavailable'
            ? 'This browser cannot share a screen.'
            : `Your screen could not be shared (${screenError.message}).`}
        </div>
      ) : null}
      <div className="stage">
        <section className="videos" aria-label="Videos">
          <VideoGrid localName={`${choices.name} (you)`} />
        </section>
        {panel ? (
          <aside className="panel card" aria-label={PANEL_LABELS[panel]}>
            <div className="tabs" role="tablist">
              {(['people', 'chat', 'devices'] as const).map((tab) => (
                <button
                  key={tab}
                  type="button"
                  role="tab"
                  aria-selected={panel === tab}
                  onClick={() => setPanel(tab)}
                >
                  {PANEL_LABELS[tab]}
                  {tab === 'people' ? <span className="tab-count"> {others + 1}</span> : null}
                </button>
              ))}
              <button
                type="button"
                className="panel-close"
                aria-label="Close panel"
                onClick={() => setPanel(undefined)}
              >
                ×
              </button>
            </div>
            {panel === 'people' ? <ParticipantList name={choices.name} /> : null}
            {panel === 'chat' ? <Chat lines={lines} send={sendChat} disabled={!joined} /> : null}
            {panel === 'devices' ? (
              <DevicePanel
                initialCamera={choices.cameraId}
                initialMicrophone={choices.microphoneId}
              />
            ) : null}
          </aside>
        ) : null}
      </div>
      <Controls
        name={choices.name}
        panel={panel}
        unread={panel === 'chat' ? 0 : unread}
        onPanel={(next) => setPanel((open) => (open === next ? undefined : next))}
        onLeave={() => onLeave()}
      />
    </main>
  );
}
