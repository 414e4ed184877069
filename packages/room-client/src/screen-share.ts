import { withDeadline } from './deadline.js';
import { RoomClientError } from './errors.js';
import type { Host } from './host.js';
import type { Join } from './join.js';
import { publishSource, releasePublisher, startPublisher } from './media.js';
import type { OTLike, PublisherProperties } from './ot-types.js';
import type { ScreenShareOptions } from './types.js';

/** `OT.checkScreenSharingCapability`, where the SDK has it (the real one, the emulator, the fake). */
type CapabilityCheck = (callback?: (response: { supported: boolean }) => void) => unknown;

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
 * `room.shareScreen()`: a second publisher (source `screen`) beside the camera. Checks the
 * capability, opens the browser's picker, publishes; a cancelled picker or any failure rejects
 * with a {@link RoomClientError} and leaves nothing published. When the browser ends the capture
 * (its "Stop sharing" button) the share ends: `screenShareEnded` with reason `mediaStopped`.
 *
 * @internal
 */
export async function shareScreen(
  host: Host,
  join: Join | undefined,
  options: ScreenShareOptions = {},
): Promise<void> {
  const session = join?._session;
  const OT = join?._OT;
  if (!join?._connected || !session || !OT) {
    throw new RoomClientError('not_connected', 'await join() before shareScreen()');
  }
  if (join._publishers.has('screen')) {
    throw new RoomClientError(
      'invalid_argument',
      'a screen is already shared: stopScreenShare() first',
    );
  }
  await join._wait(checkCapability(host, OT));
  if (join._publishers.has('screen')) {
    throw new RoomClientError(
      'invalid_argument',
      'a screen is already shared: stopScreenShare() first',
    );
  }
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
  await publishSource(host, join, session, 'screen', ready);
  const screen = host._snapshot().local.screen;
  if (screen?.status === 'failed') {
    throw screen.error ?? new RoomClientError('unknown', 'screen share failed');
  }
}

/**
 * `room.stopScreenShare()`: unpublishes and destroys the screen publisher, if there is one.
 *
 * @internal
 */
export function stopScreenShare(host: Host, join: Join | undefined): void {
  if (!join?._publishers.has('screen')) return;
  const published = host._snapshot().local.screen?.status === 'published';
  releasePublisher(join, 'screen', published);
  host._dispatch('screenShareEnded', 'stopped');
}
