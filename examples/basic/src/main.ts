import {
  activeSpeakerDetector,
  createRoomClient,
  isRoomClientError,
  type RoomClient,
  roomDevices,
} from '@opentok-rooms/room-client';
import { attachDevicePickers, attachLobbyPickers, type LobbyChoice } from './device-pickers.js';
import { attachMediaControls } from './media-controls.js';
import { attachRecording, hostJoin } from './recording.js';
import { attachTiles, tileFor } from './tiles.js';
import './style.css';
import './media.css';

interface AppConfig {
  mode: 'emulator' | 'opentok' | 'vonage';
  /** Which kind of account: the emulator's, or the real one's. */
  account: 'opentok' | 'vonage';
  otScriptUrl: string | null;
}

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const lobby = $('lobby');
const roomView = $('room-view');
const banner = $('banner');
let room: RoomClient | undefined;
let detachRecording: (() => void) | undefined;
/** What a call attached to the page (media buttons, pickers, tiles): undone on leave. */
let detachMedia: Array<() => void> = [];
/** The camera and microphone chosen in the lobby (set up in main). */
let lobbyChoice: () => LobbyChoice = () => ({ camera: undefined, microphone: undefined });
let refreshTimer: number | undefined;

function showBanner(text: string, kind: 'info' | 'error' = 'info'): void {
  banner.textContent = text;
  banner.className = `banner ${kind}`;
  banner.hidden = false;
}
const hideBanner = (): void => {
  banner.hidden = true;
};

function tell(id: string): (text: string | undefined) => void {
  return (text) => {
    $(id).textContent = text ?? '';
    $(id).hidden = text === undefined;
  };
}

function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(script);
  });
}

/** With the emulator, its `OT` comes from its script build; with real OpenTok, room-client loads it. */
async function loadOT(config: AppConfig): Promise<unknown> {
  if (config.mode !== 'emulator' || !config.otScriptUrl) return undefined;
  await loadScript(config.otScriptUrl);
  return (window as unknown as { OT: unknown }).OT;
}

async function refreshRooms(): Promise<void> {
  const list = $('rooms');
  const response = await fetch('/api/rooms?limit=20').catch(() => undefined);
  if (!response?.ok) return;
  const { rooms } = (await response.json()) as {
    rooms: Array<{ name: string; connectionCount: number }>;
  };
  list.replaceChildren(
    ...(rooms.length === 0
      ? [
          Object.assign(document.createElement('li'), {
            className: 'muted',
            textContent: 'No rooms yet.',
          }),
        ]
      : rooms.map((r) => {
          const item = document.createElement('li');
          const button = document.createElement('button');
          button.type = 'button';
          button.append(
            r.name,
            Object.assign(document.createElement('span'), {
              textContent: `${r.connectionCount} in the room`,
            }),
          );
          button.onclick = () => {
            $<HTMLInputElement>('room').value = r.name;
            $<HTMLInputElement>('name').focus();
          };
          item.append(button);
          return item;
        })),
  );
}

function setCount(others: number): void {
  $('count').textContent = String(others);
  $('count-label').textContent = others === 1 ? 'other here' : 'others here';
}

async function enterRoom(
  config: AppConfig,
  roomName: string,
  displayName: string,
  hostCode: string,
): Promise<void> {
  window.clearInterval(refreshTimer);
  lobby.hidden = true;
  roomView.hidden = false;
  $('room-title').textContent = roomName;
  setCount(0);
  hideBanner();
  const OT = await loadOT(config);

  const host = hostJoin(hostCode);
  const client = createRoomClient({
    credentials: async () => {
      const response = await fetch(`/api/rooms/${encodeURIComponent(roomName)}/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...host.headers },
        body: JSON.stringify({ data: JSON.stringify({ name: displayName }), role: host.role }),
      });
      const body = await response.json();
      if (!response.ok) throw new Error(body.error?.message ?? `Join failed (${response.status}).`);
      return body;
    },
    ...(OT ? { OT: OT as never } : {}),
    publisher: { name: displayName, insertMode: 'append', width: '100%', height: '100%' },
    publisherVideo: { container: $('me') },
    subscriberVideo: (stream) => ({ container: tileFor(stream) }),
    subscriber: { insertMode: 'append', width: '100%', height: '100%' },
    activeSpeaker: activeSpeakerDetector(),
  });
  room = client;
  const tellMedia = tell('media-message');
  tellMedia(undefined);
  // The lobby's choice: the camera and microphone this join publishes with (or, if one was
  // unplugged since, the browser's default, and a word about it).
  const chosen = lobbyChoice();
  const devices = roomDevices(client);
  const unavailable = (kind: string) => () =>
    tellMedia(`The ${kind} chosen in the lobby is not available: using the default.`);
  if (chosen.camera) {
    await devices.selectCamera(chosen.camera).catch(unavailable('camera'));
  }
  if (chosen.microphone) {
    await devices.selectMicrophone(chosen.microphone).catch(unavailable('microphone'));
  }
  // Left while the devices were being chosen: this client never joins.
  if (room !== client) return;
  detachMedia = [
    attachMediaControls(client, tellMedia),
    attachDevicePickers(
      client,
      $<HTMLSelectElement>('call-camera'),
      $<HTMLSelectElement>('call-microphone'),
      tellMedia,
    ),
    attachTiles(client),
  ];
  client.on('countChanged', ({ others }) => setCount(others));
  client.on('stateChanged', ({ state, reason }) => {
    $('state').textContent = state;
    if (state === 'reconnecting') showBanner('Connection lost. Reconnecting…');
    else if (state === 'connected' && !client.publishError) hideBanner();
    else if (state === 'disconnected' && reason === 'networkDisconnected')
      showBanner('You were disconnected: the network is gone.', 'error');
    else if (state === 'disconnected' && reason === 'forceDisconnected')
      showBanner('A moderator removed you from the room.', 'error');
  });
  client.on('publishFailed', (error, source) => {
    // A screen share that did not start is told beside its button (media-controls.ts).
    if (source === 'screen') return;
    const why =
      error.code === 'media_access_denied' ? 'Camera or microphone blocked' : error.message;
    showBanner(`${why}: you are in the room receive-only.`, 'error');
  });

  try {
    await client.join();
    detachRecording = attachRecording(client, { room: roomName, hostCode });
  } catch (error) {
    const message = isRoomClientError(error)
      ? error.code === 'authentication_failed'
        ? 'Could not join: the room rejected your token. Try again.'
        : `Could not join: ${error.message}`
      : 'Could not join.';
    showBanner(message, 'error');
    await leaveRoom(false);
  }
}

async function leaveRoom(clearBanner = true): Promise<void> {
  detachRecording?.();
  detachRecording = undefined;
  for (const detach of detachMedia) detach();
  detachMedia = [];
  await room?.leave();
  room = undefined;
  $('grid').replaceChildren();
  $('screens').replaceChildren();
  $('me').replaceChildren();
  roomView.hidden = true;
  lobby.hidden = false;
  if (clearBanner) hideBanner();
  history.replaceState(null, '', '/');
  void refreshRooms();
  refreshTimer = window.setInterval(() => void refreshRooms(), 3000);
}

async function main(): Promise<void> {
  const config = (await (await fetch('/api/config')).json()) as AppConfig;
  $('mode').textContent =
    config.mode === 'emulator'
      ? `local emulator (${config.account === 'vonage' ? 'Vonage application' : 'OpenTok project'})`
      : config.mode === 'vonage'
        ? 'Vonage Video API'
        : 'OpenTok';
  const params = new URLSearchParams(location.search);
  if (params.get('room')) $<HTMLInputElement>('room').value = params.get('room')!;

  $<HTMLFormElement>('join-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const roomName = $<HTMLInputElement>('room').value.trim();
    const displayName = $<HTMLInputElement>('name').value.trim();
    const hostCode = $<HTMLInputElement>('host-code').value.trim();
    history.replaceState(null, '', `/?room=${encodeURIComponent(roomName)}`);
    void enterRoom(config, roomName, displayName, hostCode);
  });
  $('leave').addEventListener('click', () => void leaveRoom());
  lobbyChoice = attachLobbyPickers(
    $<HTMLSelectElement>('lobby-camera'),
    $<HTMLSelectElement>('lobby-microphone'),
    tell('lobby-devices-message'),
  );
  window.addEventListener('pagehide', () => void room?.leave());
  void refreshRooms();
  refreshTimer = window.setInterval(() => void refreshRooms(), 3000);
}

void main();
