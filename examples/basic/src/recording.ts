// Recording in the room page: the host starts and stops it, everyone sees the indicator (from
// room-client's recordingStarted / recordingStopped) and the room's recordings with their status
// and, once available, a link to the file.
import type { RoomClient } from '@opentok-rooms/room-client';
import { roomSnapshot } from '@opentok-rooms/room-client';
import './recording.css';

/** The header the server reads the host code from (see recording-policy.mjs). */
const HOST_CODE_HEADER = 'x-host-code';
/** Statuses after which an archive no longer changes by itself (no need to poll). */
const FINAL = new Set(['available', 'uploaded', 'failed', 'expired', 'deleted']);
const POLL_MS = 1500;

/** One archive as `GET /api/rooms/:name/archives` lists it (room-server's `Archive`). */
interface ListedArchive {
  id: string;
  name?: string;
  status: string;
  createdAt: number;
  duration: number;
  size: number;
  url?: string;
}

/** What the recording panel needs from the page. */
export interface RecordingPanelOptions {
  room: string;
  /** The host code typed in the lobby ('' for a guest). */
  hostCode: string;
}

/**
 * What a join sends for the host: the moderator role and the code. A guest sends nothing more.
 *
 * @param hostCode - the code typed in the lobby, or ''
 * @returns the extra headers and the role to ask for
 */
export function hostJoin(hostCode: string): {
  headers: Record<string, string>;
  role?: 'moderator';
} {
  return hostCode === ''
    ? { headers: {} }
    : { headers: { [HOST_CODE_HEADER]: hostCode }, role: 'moderator' };
}

const $ = (id: string): HTMLElement => document.getElementById(id)!;

function describe(archive: ListedArchive): string {
  const when = new Date(archive.createdAt).toLocaleTimeString();
  const parts = [when, archive.status];
  if (archive.duration > 0) parts.push(`${archive.duration} s`);
  if (archive.size > 0) parts.push(`${Math.max(1, Math.round(archive.size / 1024))} KB`);
  return parts.join(' · ');
}

function renderList(archives: readonly ListedArchive[]): void {
  const list = $('recording-list');
  if (archives.length === 0) {
    list.replaceChildren(
      Object.assign(document.createElement('li'), {
        className: 'muted',
        textContent: 'No recordings of this room yet.',
      }),
    );
    return;
  }
  list.replaceChildren(
    ...archives.map((archive) => {
      const item = document.createElement('li');
      item.dataset.status = archive.status;
      item.dataset.archiveId = archive.id;
      const title = Object.assign(document.createElement('strong'), {
        textContent: archive.name || 'Recording',
      });
      const info = Object.assign(document.createElement('span'), {
        className: 'muted',
        textContent: describe(archive),
      });
      item.append(title, info);
      if (archive.status === 'available' && archive.url) {
        const link = Object.assign(document.createElement('a'), {
          href: archive.url,
          textContent: 'Download',
          className: 'download',
        });
        link.setAttribute('download', '');
        item.append(link);
      }
      return item;
    }),
  );
}

/**
 * Shows the room's recording state and list, and lets the host start and stop.
 *
 * @param client - the joined (or joining) room client
 * @param options - the room and the host code
 * @returns detaches the listeners and stops polling (on leave)
 */
export function attachRecording(client: RoomClient, options: RecordingPanelOptions): () => void {
  const base = `/api/rooms/${encodeURIComponent(options.room)}/archives`;
  const headers = hostJoin(options.hostCode).headers;
  const button = $('record') as HTMLButtonElement;
  const indicator = $('rec-indicator');
  const message = $('record-message');
  let current: string | undefined = roomSnapshot(client).getSnapshot().recording.archiveId;
  let pollTimer: number | undefined;
  let detached = false;
  const ended = new Set<string>();

  /** Why the last start or stop did not happen; cleared when the recording changes. */
  function tell(text: string | undefined): void {
    message.textContent = text ?? '';
    message.hidden = text === undefined;
  }

  function showState(): void {
    indicator.hidden = current === undefined;
    button.textContent = current === undefined ? 'Start recording' : 'Stop recording';
    button.classList.toggle('recording', current !== undefined);
  }

  async function refresh(): Promise<void> {
    window.clearTimeout(pollTimer);
    const response = await fetch(`${base}?count=20`).catch(() => undefined);
    if (detached) return;
    if (response?.ok) {
      const { items } = (await response.json()) as { items: ListedArchive[] };
      renderList(items);
      // A recording being processed turns `available` shortly: look again until it does.
      if (items.some((archive) => !FINAL.has(archive.status))) {
        pollTimer = window.setTimeout(() => void refresh(), POLL_MS);
      }
    }
  }

  async function toggleRecording(): Promise<void> {
    button.disabled = true;
    // Decided once: the room's events may change `current` before the answer arrives.
    const starting = current === undefined;
    try {
      const response = await fetch(starting ? base : `${base}/${current}/stop`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: starting ? JSON.stringify({ name: `${options.room} recording` }) : '{}',
      });
      if (response.ok && starting) {
        // The answer can come before the room's archiveStarted event: show it now (unless its
        // archiveStopped came first).
        const { id } = (await response.json()) as { id: string };
        if (!ended.has(id)) current = id;
        showState();
      } else if (!response.ok) {
        const body = (await response.json().catch(() => ({}))) as {
          error?: { message?: string };
        };
        tell(body.error?.message ?? `Recording could not change (${response.status}).`);
      }
    } catch {
      tell('Recording could not change: the server is unreachable.');
    } finally {
      button.disabled = false;
      void refresh();
    }
  }

  const offStarted = client.on('recordingStarted', ({ archiveId }) => {
    current = archiveId;
    tell(undefined);
    showState();
    void refresh();
  });
  const offStopped = client.on('recordingStopped', ({ archiveId }) => {
    ended.add(archiveId);
    if (current === archiveId) current = undefined;
    tell(undefined);
    showState();
    void refresh();
  });
  const onClick = (): void => void toggleRecording();
  button.addEventListener('click', onClick);
  showState();
  void refresh();

  return () => {
    detached = true;
    window.clearTimeout(pollTimer);
    offStarted();
    offStopped();
    button.removeEventListener('click', onClick);
    current = undefined;
    showState();
    tell(undefined);
    $('recording-list').replaceChildren();
  };
}
