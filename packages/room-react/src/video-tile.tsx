import type { PublisherSource, RemoteStreamInfo, RoomSnapshot } from '@opentok-rooms/room-client';
import { type CSSProperties, type ReactNode, useCallback } from 'react';
import { useIsSpeaking } from './hooks/use-active-speaker.js';
import { CameraOffIcon, initialsOf, MicrophoneOffIcon } from './tile-icons.js';
import { shallowEqual, useRoomSnapshot } from './use-room-snapshot.js';
import { useVideoElement } from './use-video-element.js';
import { localVideoKey } from './video-elements.js';

/** Props of {@link VideoTile}: a remote `stream`, or `local` for one of yours. */
export type VideoTileProps = {
  /** The name shown (default: the stream's name; `You` for your own tiles). */
  name?: string;
  /** Extra class names for the tile. */
  className?: string;
  /** Overlays rendered inside the tile, after the label. */
  children?: ReactNode;
} & (
  | { /** A remote stream (from `useRemoteStreams`). */ stream: RemoteStreamInfo; local?: never }
  | { /** One of your publishers. */ local: PublisherSource; stream?: never }
);

interface TileFacts {
  key: string;
  connectionId: string | undefined;
  name: string;
  source: 'camera' | 'screen';
  audioOff: boolean;
  videoOff: boolean;
  local: boolean;
}

function localFacts(s: RoomSnapshot, source: PublisherSource): TileFacts {
  const publication = source === 'camera' ? s.local.camera : s.local.screen;
  // Not published yet (or idle): a placeholder, but no "off" icons; failed or turned off: icons.
  const failed = publication?.status === 'failed';
  return {
    key: localVideoKey(source),
    connectionId: s.connectionId,
    name: '',
    source,
    audioOff: source === 'camera' && (failed || !s.local.microphoneEnabled),
    videoOff: failed || (source === 'camera' && !s.local.cameraEnabled),
    local: true,
  };
}

function remoteFacts(stream: RemoteStreamInfo): TileFacts {
  return {
    key: stream.streamId,
    connectionId: stream.connectionId,
    name: stream.name,
    source: stream.videoType === 'screen' ? 'screen' : 'camera',
    audioOff: !stream.hasAudio && stream.videoType !== 'screen',
    videoOff: !stream.hasVideo,
    local: false,
  };
}

const remoteOnly = (): undefined => undefined;

/**
 * One video: a remote stream or one of your publishers, with its name, a microphone-off icon,
 * a speaking state, and the person's initials while the video is off or has no frame yet. React
 * renders the tile; OpenTok's `<video>` element (room-client's `onElement` placement) is moved
 * into its slot. Unstyled: style the class names and data attributes, or import
 * `@opentok-rooms/react/styles.css`.
 *
 * Class names: `otr-tile`, `otr-tile-video`, `otr-tile-placeholder`, `otr-tile-avatar`,
 * `otr-tile-label`, `otr-tile-name`, `otr-tile-status`. Data attributes on the tile:
 * `data-source` (`camera`|`screen`), `data-local`, `data-speaking`, `data-video-off`,
 * `data-audio-off`.
 *
 * @param props - the stream or local source, an optional name and overlays
 * @returns the tile
 * @example
 * ```tsx
 * {useRemoteStreams().map((stream) => <VideoTile key={stream.streamId} stream={stream} />)}
 * <VideoTile local="camera" name="Ada" />
 * ```
 */
export function VideoTile(props: VideoTileProps): ReactNode {
  const { stream, local } = props;
  const selectLocal = useCallback((s: RoomSnapshot) => localFacts(s, local ?? 'camera'), [local]);
  const own = useRoomSnapshot(local ? selectLocal : remoteOnly, shallowEqual);
  const facts = own ?? remoteFacts(stream as RemoteStreamInfo);
  const speaking = useIsSpeaking(facts.source === 'camera' ? facts.connectionId : undefined);
  const { slot, hasElement } = useVideoElement(facts.key);
  const name =
    props.name ||
    facts.name ||
    (facts.local ? (facts.source === 'screen' ? 'Your screen' : 'You') : 'Guest');
  const showVideo = hasElement && !facts.videoOff;
  const label =
    facts.source === 'screen' && !facts.local && !props.name ? `${name} (screen)` : name;
  return (
    <div
      className={props.className ? `otr-tile ${props.className}` : 'otr-tile'}
      data-source={facts.source}
      data-local={facts.local || undefined}
      data-speaking={speaking || undefined}
      data-video-off={!showVideo || undefined}
      data-audio-off={facts.audioOff || undefined}
      style={{ '--otr-avatar-hue': hueOf(name) } as CSSProperties}
    >
      {/* The initials stay under the video: until its first frame arrives the tile shows them. */}
      <div className="otr-tile-placeholder">
        <span className="otr-tile-avatar" aria-hidden="true">
          {initialsOf(name)}
        </span>
      </div>
      <div className="otr-tile-video" ref={slot} hidden={!showVideo} />
      <div className="otr-tile-label">
        <span className="otr-tile-name">{label}</span>
        {facts.audioOff ? (
          <span className="otr-tile-status" role="img" aria-label="Microphone off">
            <MicrophoneOffIcon />
          </span>
        ) : null}
        {facts.videoOff && facts.source === 'camera' ? (
          <span className="otr-tile-status" role="img" aria-label="Camera off">
            <CameraOffIcon />
          </span>
        ) : null}
      </div>
      {props.children}
    </div>
  );
}

/** A stable hue per name, so each person's placeholder has its own colour. */
function hueOf(name: string): number {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) % 360;
  return hash;
}
