import { withDeadline } from './deadline.js';
import { RoomClientError } from './errors.js';
import type { Host, RoomInternals } from './host.js';
import {
  isPublished,
  publishSource,
  releasePublisher,
  setPublication,
  startPublisher,
} from './media.js';
import type { OTLike, PublisherProperties } from './ot-types.js';
import type { RoomClient, ScreenShareOptions } from './types.js';

/** `OT.checkScreenSharingCapability`, where the SDK has it (the real one, the emulator, the fake). */
type CapabilityCheck = (callback?: (response: { supported: boolean }) => void) => unknown;

const ALREADY_SHARING = 'a screen is already shared: stopScreenShare(room) first';

async function checkCapability(host: Host, OT: OTLike): Promise<void> {
  const check = (OT as { checkScreenSharingCapability?: CapabilityCheck })
    .checkScreenSharingCapability;
  if (typeof check !== 'function') return;
  const answer = new Promise<{ supported: boolean }>((resolve) => {
    check.call(OT, resolve);
  });
  const { supported } = await withDeadline(answer, host._timeouts.publish, 'screen capability');
  if (!supported) {
    throw new RoomClientError(
      'media_unavailable',
      'screen sharing is not supported in this browser',
      {
        otName: 'OT_SCREEN_SHARING_NOT_SUPPORTED',
      },
    );
  }
}

/**
 * Shares your screen as a second publisher of the room (source `screen`; others see a stream with
 * `videoType: 'screen'`). Checks `OT.checkScreenSharingCapability`, opens the browser's picker,
 * publishes; the snapshot's `local.screen` follows. At most one share per client. When the browser
 * ends the capture (its "Stop sharing" button) the share ends: `screenShareEnded` with
 * `mediaStopped`. A function rather than a method so that a page that never shares a screen does
 * not pay for it (tree-shaken).
 *
 * @param room - a joined room client
 * @param options - screen audio (off by default), where its video goes, publisher properties
 * @returns resolves once published
 * @throws RoomClientError `not_connected` before `join()`; `invalid_argument` while a share is
 *   on; `media_unavailable` where screen sharing is unsupported; `media_access_denied` when the
 *   user cancels the picker (nothing is left published); `timeout`
 * @example
 * ```ts
 * import { shareScreen, stopScreenShare } from '@opentok-rooms/room-client';
 *
 * await shareScreen(room, { video: { container: '#my-screen' } });
 * room.on('screenShareEnded', (reason) => showShareButton());
 * stopButton.onclick = () => stopScreenShare(room);
 * ```
 */
export async function shareScreen(
  room: RoomClient,
  options: ScreenShareOptions = {},
): Promise<void> {
  const { _host: host, _join: join } = room as unknown as RoomInternals;
  const session = join?._session;
  const OT = join?._OT;
  if (!join?._connected || !session || !OT) {
    throw new RoomClientError('not_connected', 'await room.join() before shareScreen(room)');
  }
  if (join._publishers.has('screen'))
    throw new RoomClientError('invalid_argument', ALREADY_SHARING);
  await join._wait(checkCapability(host, OT));
  // The capability check yields: another call may have started a share meanwhile.
  if (join._publishers.has('screen'))
    throw new RoomClientError('invalid_argument', ALREADY_SHARING);
  const audio = options.audio === true;
  const properties: PublisherProperties = {
    ...options.publisher,
    videoSource: 'screen',
    // Screen audio only when asked for (Chromium offers it for tabs): never the microphone twice.
    audioSource: audio ? undefined : null,
    publishAudio: audio,
    publishVideo: true,
  };
  const ready = startPublisher(host, join, OT, 'screen', properties, options.video);
  const error = await publishSource(host, join, session, 'screen', ready);
  if (error) throw error;
}

/**
 * Stops sharing your screen: unpublishes and destroys the screen publisher (no-op when not
 * sharing) and emits `screenShareEnded` with `stopped`.
 *
 * @param room - the room client that shares
 */
export function stopScreenShare(room: RoomClient): void {
  const { _host: host, _join: join } = room as unknown as RoomInternals;
  if (!join?._publishers.has('screen')) return;
  releasePublisher(join, 'screen', isPublished(join, 'screen'));
  setPublication(join, 'screen');
  host._dispatch('screenShareEnded', 'stopped');
}
