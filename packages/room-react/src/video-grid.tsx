import type { RemoteStreamInfo, RoomSnapshot } from '@opentok-rooms/room-client';
import type { CSSProperties, ReactNode } from 'react';
import { useRemoteStreams } from './hooks/use-remote-streams.js';
import { useRoomSnapshot } from './use-room-snapshot.js';
import { VideoTile } from './video-tile.js';

/** Props of {@link VideoGrid}. */
export interface VideoGridProps {
  /** Whether your own camera has a tile (default `true`). */
  showLocal?: boolean;
  /** The name on your own camera tile (default `You`). */
  localName?: string;
  /** Extra class names for the grid. */
  className?: string;
  /**
   * Renders one remote stream's tile (default `<VideoTile stream={stream} />`), e.g. to add
   * overlays. Give the element `key={stream.streamId}`.
   */
  renderTile?: (stream: RemoteStreamInfo) => ReactNode;
}

const selectLocalScreen = (s: RoomSnapshot): boolean =>
  s.local.screen !== undefined && s.local.screen.status !== 'failed';

/**
 * Every video in the room in a responsive grid: screen shares first (the first one large, the
 * rest in a strip beside it, below it on a narrow screen), then your camera, then the others in
 * arrival order. A pure CSS layout (`display: grid`, columns from the tile count), so it renders
 * the same on the server and needs no measuring.
 *
 * Class name `otr-grid`; data attributes `data-layout` (`grid` | `spotlight`) and `data-tiles`;
 * CSS variables `--otr-columns`, `--otr-rows`, `--otr-columns-narrow`, `--otr-rows-narrow`.
 *
 * @param props - whether to show yourself, your name, a tile renderer
 * @returns the grid
 */
export function VideoGrid({
  showLocal = true,
  localName,
  className,
  renderTile,
}: VideoGridProps): ReactNode {
  const streams = useRemoteStreams();
  const sharingScreen = useRoomSnapshot(selectLocalScreen);
  const screens = streams.filter((stream) => stream.videoType === 'screen');
  const cameras = streams.filter((stream) => stream.videoType !== 'screen');
  const render = (stream: RemoteStreamInfo): ReactNode =>
    renderTile ? renderTile(stream) : <VideoTile key={stream.streamId} stream={stream} />;
  const tiles = [
    ...(sharingScreen ? [<VideoTile key="local:screen" local="screen" />] : []),
    ...screens.map(render),
    ...(showLocal
      ? [
          <VideoTile
            key="local:camera"
            local="camera"
            {...(localName === undefined ? {} : { name: localName })}
          />,
        ]
      : []),
    ...cameras.map(render),
  ];
  const spotlight = sharingScreen || screens.length > 0;
  const count = tiles.length;
  // Spotlight: one big tile plus a strip of the rest; grid: as square as the count allows.
  const strip = Math.max(count - 1, 1);
  const columns = spotlight ? 2 : Math.max(1, Math.ceil(Math.sqrt(count)));
  const narrowColumns = spotlight ? Math.min(strip, 3) : count <= 2 ? 1 : 2;
  const style = {
    '--otr-columns': columns,
    '--otr-rows': spotlight ? strip : Math.max(1, Math.ceil(count / columns)),
    '--otr-columns-narrow': narrowColumns,
    '--otr-rows-narrow': spotlight
      ? 1 + Math.ceil(strip / narrowColumns)
      : Math.max(1, Math.ceil(count / narrowColumns)),
  } as CSSProperties;
  return (
    <div
      className={className ? `otr-grid ${className}` : 'otr-grid'}
      data-layout={spotlight ? 'spotlight' : 'grid'}
      data-tiles={count}
      style={style}
    >
      {tiles}
    </div>
  );
}
