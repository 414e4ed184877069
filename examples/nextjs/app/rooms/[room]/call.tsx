'use client';
// The room itself: <Room> owns the connection (joins after hydration, leaves when the page is
// left), the hooks read its state; the page passes <VideoGrid> in as children.
import {
  Room,
  useLocalMedia,
  useParticipants,
  useRoom,
  useRoomCounts,
  useRoomState,
} from '@opentok-rooms/react';
import type { OTLike } from '@opentok-rooms/room-client';
import { type ReactNode, useSyncExternalStore } from 'react';
import { nameFromData } from '../../../lib/names';

interface CallProps {
  room: string;
  name: string;
  /** Whether the layout loaded the emulator's SDK (a script that defines window.OT). */
  emulator: boolean;
  /** The videos (the page's <VideoGrid>), between the status line and the controls. */
  children: ReactNode;
}

/** window.OT in the browser; undefined on the server (this runs in both). */
function scriptOT(): OTLike | undefined {
  return typeof window === 'undefined' ? undefined : (window as { OT?: OTLike }).OT;
}

const noSubscription = () => () => {};

/** False while rendering on the server and hydrating, true after: markup that only the browser knows. */
function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

export function Call({ room, name, emulator, children }: CallProps): ReactNode {
  // With the emulator the SDK is the script's OT; otherwise room-client imports @opentok/client
  // when it joins. A missing script never turns into the real SDK: the page says so, no join.
  const OT = emulator ? scriptOT() : undefined;
  const missingSdk = emulator && OT === undefined;
  return (
    <Room
      room={room}
      joinUrl={`/api/rooms/${encodeURIComponent(room)}/join`}
      joinData={JSON.stringify({ name })}
      publisher={{ name, resolution: '640x480' }}
      connect={!missingSdk}
      {...(OT ? { OT } : {})}
    >
      <Status missingSdk={missingSdk} />
      {children}
      <Controls />
      <People />
    </Room>
  );
}

const LABELS = {
  idle: 'Joining…',
  connecting: 'Joining…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  disconnecting: 'Leaving…',
  disconnected: 'Left',
} as const;

function Status({ missingSdk }: { missingSdk: boolean }): ReactNode {
  const { state, error } = useRoomState();
  const { others } = useRoomCounts();
  const hydrated = useHydrated();
  return (
    <div className="status">
      <p data-testid="state" data-state={state}>
        {LABELS[state]}
        {state === 'connected' ? ` · ${others === 1 ? '1 other' : `${others} others`} here` : ''}
      </p>
      {hydrated && missingSdk ? (
        <p role="alert">The emulator&apos;s SDK did not load: is the emulator running?</p>
      ) : null}
      {state === 'disconnected' && error ? (
        <p role="alert">Could not join: {error.message}</p>
      ) : null}
    </div>
  );
}

function Controls(): ReactNode {
  const room = useRoom();
  const { microphoneEnabled, cameraEnabled } = useLocalMedia();
  return (
    <div className="controls">
      <button type="button" onClick={() => room.setMicrophoneEnabled(!microphoneEnabled)}>
        {microphoneEnabled ? 'Mute' : 'Unmute'}
      </button>
      <button type="button" onClick={() => room.setCameraEnabled(!cameraEnabled)}>
        {cameraEnabled ? 'Stop video' : 'Start video'}
      </button>
    </div>
  );
}

function People(): ReactNode {
  const participants = useParticipants();
  if (participants.length === 0) return <p className="people">Nobody else yet.</p>;
  return (
    <ul className="people" aria-label="People here">
      {participants.map((p) => (
        <li key={p.connectionId}>{nameFromData(p.data)}</li>
      ))}
    </ul>
  );
}
