import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { ROOM_NAME } from './config.js';

interface RoomSummary {
  name: string;
  connectionCount: number;
}

/** The room list, refreshed every few seconds (counts come from session-monitoring callbacks). */
function useRoomList(): RoomSummary[] | undefined {
  const [rooms, setRooms] = useState<RoomSummary[] | undefined>();
  useEffect(() => {
    let stopped = false;
    const refresh = async () => {
      const response = await fetch('/api/rooms?limit=20').catch(() => undefined);
      if (!response?.ok || stopped) return;
      const body = (await response.json()) as { rooms: RoomSummary[] };
      if (!stopped) setRooms(body.rooms);
    };
    void refresh();
    const timer = setInterval(() => void refresh(), 2500);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);
  return rooms;
}

export function Lobby({ onPick }: { onPick: (room: string) => void }): ReactNode {
  const rooms = useRoomList();
  const [name, setName] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (ROOM_NAME.test(name)) onPick(name);
  };
  return (
    <main className="lobby">
      <section className="card hero">
        <h1>Video rooms, one import away</h1>
        <p className="muted">
          Start a room or pick one below. Share the address: whoever opens it lands in the same
          room.
        </p>
        <form className="row" onSubmit={submit}>
          <label className="grow">
            <span className="sr-only">Room name</span>
            <input
              name="room"
              value={name}
              onChange={(event) => setName(event.target.value)}
              placeholder="e.g. standup"
              maxLength={64}
              pattern="[A-Za-z0-9][A-Za-z0-9._\-]*"
              required
              autoComplete="off"
            />
          </label>
          <button type="submit" className="primary">
            Continue
          </button>
        </form>
      </section>
      <section className="card" aria-labelledby="rooms-title">
        <h2 id="rooms-title">Rooms</h2>
        {rooms === undefined ? (
          <p className="muted">Loading rooms…</p>
        ) : rooms.length === 0 ? (
          <p className="muted" data-testid="no-rooms">
            No rooms yet. Start one above.
          </p>
        ) : (
          <ul className="room-list" data-testid="room-list">
            {rooms.map((room) => (
              <li key={room.name}>
                <button type="button" onClick={() => onPick(room.name)} data-room={room.name}>
                  <span className="room-name">{room.name}</span>
                  <span className="room-count" data-testid="room-count">
                    {room.connectionCount === 0
                      ? 'empty'
                      : `${room.connectionCount} ${room.connectionCount === 1 ? 'person' : 'people'}`}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
