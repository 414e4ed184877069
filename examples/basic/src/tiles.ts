// One tile per remote stream: cameras in the grid, shared screens in their own row above it
// (room-client tells them apart by videoType). Each tile shows the person's name, a "Muted" /
// "Camera off" badge from the snapshot's hasAudio / hasVideo, and the active speaker's outline.
import type { OTStream, RoomClient, RoomSnapshot } from '@opentok-rooms/room-client';
import { roomSnapshot } from '@opentok-rooms/room-client';

const $ = (id: string): HTMLElement => document.getElementById(id)!;

/** The name a participant joined with (the server puts `{ name }` in the connection data). */
function nameOf(data: string, fallback: string): string {
  try {
    return (JSON.parse(data) as { name?: string }).name || fallback;
  } catch {
    return fallback;
  }
}

function badge(className: string, text: string): HTMLElement {
  return Object.assign(document.createElement('span'), {
    className,
    textContent: text,
    hidden: true,
  });
}

/**
 * Makes the tile a remote stream's video goes into: room-client's `subscriberVideo` placement.
 *
 * @param stream - the stream being subscribed
 * @returns the container OpenTok appends the video to
 */
export function tileFor(stream: OTStream): HTMLElement {
  const screen = stream.videoType === 'screen';
  const tile = document.createElement('div');
  tile.className = 'tile';
  tile.dataset.streamId = stream.streamId;
  tile.dataset.connectionId = stream.connection.connectionId;
  tile.dataset.source = screen ? 'screen' : 'camera';
  const name = nameOf(stream.connection.data, stream.name || 'Guest');
  const label = Object.assign(document.createElement('span'), {
    className: 'tile-name',
    textContent: screen ? `${name} (screen)` : name,
  });
  tile.append(
    label,
    badge('tile-badge muted-mic', 'Muted'),
    badge('tile-badge muted-cam', 'Camera off'),
  );
  $(screen ? 'screens' : 'grid').append(tile);
  return tile;
}

function render(snapshot: RoomSnapshot): void {
  const streams = new Map(snapshot.streams.map((s) => [s.streamId, s]));
  for (const tile of document.querySelectorAll<HTMLElement>('.tile[data-stream-id]')) {
    const stream = streams.get(tile.dataset.streamId!);
    if (!stream) continue;
    tile.querySelector<HTMLElement>('.muted-mic')!.hidden =
      stream.hasAudio || stream.videoType === 'screen';
    tile.querySelector<HTMLElement>('.muted-cam')!.hidden = stream.hasVideo;
    tile.toggleAttribute('data-audio-off', !stream.hasAudio);
    // The speaker is a connection: outline their camera, not their shared screen.
    tile.toggleAttribute(
      'data-speaking',
      stream.videoType !== 'screen' && stream.connectionId === snapshot.activeSpeaker,
    );
  }
  $('me').toggleAttribute(
    'data-speaking',
    snapshot.activeSpeaker !== undefined && snapshot.activeSpeaker === snapshot.connectionId,
  );
}

/**
 * Keeps the remote tiles in step with the room's snapshot.
 *
 * @param room - the room client whose `subscriberVideo` is {@link tileFor}
 * @returns stops following the room
 */
export function attachTiles(room: RoomClient): () => void {
  const offSnapshot = roomSnapshot(room).subscribe(() => render(roomSnapshot(room).getSnapshot()));
  // The stream ended: its subscriber is gone, so is its tile.
  const offRemoved = room.on('streamRemoved', (stream) => {
    document.querySelector(`.tile[data-stream-id="${CSS.escape(stream.streamId)}"]`)?.remove();
  });
  render(roomSnapshot(room).getSnapshot());
  return () => {
    offSnapshot();
    offRemoved();
  };
}
