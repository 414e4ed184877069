// The call's media buttons, drawn from room-client's snapshot rather than from clicks: the mute
// state also changes when a moderator mutes you, and a screen share also ends from the browser's
// own "Stop sharing" button (screenShareEnded), so the buttons follow the room, not the page.
import {
  isRoomClientError,
  type RoomClient,
  roomSnapshot,
  shareScreen,
  stopScreenShare,
} from '@opentok-rooms/room-client';

const $ = (id: string): HTMLElement => document.getElementById(id)!;

function show(button: HTMLElement, on: boolean, onText: string, offText: string): void {
  button.textContent = on ? onText : offText;
  button.classList.toggle('off', !on);
  button.setAttribute('aria-pressed', String(!on));
}

/**
 * Wires the microphone, camera and screen-share buttons to a room client.
 *
 * @param room - the room client
 * @param tell - shows why something did not happen (undefined clears it)
 * @returns detaches the buttons
 */
export function attachMediaControls(
  room: RoomClient,
  tell: (message: string | undefined) => void,
): () => void {
  const mic = $('mic');
  const camera = $('camera');
  const share = $('share-screen') as HTMLButtonElement;

  const render = (): void => {
    const { microphoneEnabled, cameraEnabled, screen } = roomSnapshot(room).getSnapshot().local;
    show(mic, microphoneEnabled, 'Mute mic', 'Unmute mic');
    show(camera, cameraEnabled, 'Stop camera', 'Start camera');
    share.disabled = screen?.status === 'starting';
    // A failed share stays in the snapshot (status `failed`, with its error): nothing is shared.
    share.textContent =
      screen?.status === 'starting'
        ? 'Choosing…'
        : screen?.status === 'published'
          ? 'Stop sharing'
          : 'Share screen';
    share.classList.toggle('sharing', screen?.status === 'published');
    $('my-screen').hidden = screen?.status !== 'published';
  };

  const toggleShare = async (): Promise<void> => {
    if (roomSnapshot(room).getSnapshot().local.screen?.status === 'published') {
      stopScreenShare(room);
      return;
    }
    tell(undefined);
    try {
      await shareScreen(room, { video: { container: $('my-screen') } });
    } catch (error) {
      // Cancelling the browser's picker is a choice, not a failure: say so quietly.
      if (isRoomClientError(error) && error.code === 'media_access_denied') {
        tell('Screen sharing cancelled: nothing is shared.');
      } else {
        tell(`Could not share your screen: ${error instanceof Error ? error.message : error}`);
      }
    }
  };

  const onMic = (): void =>
    room.setMicrophoneEnabled(!roomSnapshot(room).getSnapshot().local.microphoneEnabled);
  const onCamera = (): void =>
    room.setCameraEnabled(!roomSnapshot(room).getSnapshot().local.cameraEnabled);
  const onShare = (): void => void toggleShare();
  mic.addEventListener('click', onMic);
  camera.addEventListener('click', onCamera);
  share.addEventListener('click', onShare);
  const offSnapshot = roomSnapshot(room).subscribe(render);
  const offEnded = room.on('screenShareEnded', (reason) => {
    if (reason === 'mediaStopped') tell('You stopped sharing from the browser.');
  });
  render();
  return () => {
    offSnapshot();
    offEnded();
    mic.removeEventListener('click', onMic);
    camera.removeEventListener('click', onCamera);
    share.removeEventListener('click', onShare);
    $('my-screen').replaceChildren();
    $('my-screen').hidden = true;
  };
}
