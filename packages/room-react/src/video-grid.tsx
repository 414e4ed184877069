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
 * A last row that is not full is centred. Class names `otr-grid` and `otr-grid-cell` (one per
 * tile); data attributes `data-layout` (`grid` | `spotlight`) and `data-tiles`; the layout is
 * carried by CSS variables (`--otr-tracks`, `--otr-rows` and their `-narrow` twins) that the
 * optional stylesheet reads.
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
  const layout = spotlight ? spotlightLayout(tiles.length) : gridLayout(tiles.length);
  return (
    <div
      className={className ? `otr-grid ${className}` : 'otr-grid'}
      data-layout={spotlight ? 'spotlight' : 'grid'}
      data-tiles={tiles.length}
      style={layout.grid}
    >
      {tiles.map((tile, index) => (
        <div
          key={(tile as { key?: string | null }).key ?? index}
          className="otr-grid-cell"
          style={layout.cell(index)}
        >
          {tile}
        </div>
      ))}
    </div>
  );
}

interface Layout {
  grid: CSSProperties;
  cell: (index: number) => CSSProperties | undefined;
}

/**
 * As square as the count allows, wide and narrow (phone) variants. Every cell spans two tracks,
 * so a last row that is not full can be centred by starting it one track later.
 */
function gridLayout(count: number): Layout {
  const wide = Math.max(1, Math.ceil(Math.sqrt(count)));
  const narrow = count <= 2 ? 1 : 2;
  const start = (columns: number, index: number): number | undefined => {
    const rest = count % columns;
    if (rest === 0 || index !== count - rest) return undefined;
    return columns - rest + 1; // tracks are 1-based; centre the rest
  };
  return {
    grid: {
      '--otr-tracks': wide * 2,
      '--otr-rows': Math.ceil(count / wide),
      '--otr-tracks-narrow': narrow * 2,
      '--otr-rows-narrow': Math.ceil(count / narrow),
    } as CSSProperties,
    cell: (index) => {
      const wideStart = start(wide, index);
      const narrowStart = start(narrow, index);
      if (wideStart === undefined && narrowStart === undefined) return undefined;
      return {
        ...(wideStart === undefined ? {} : { '--otr-start': wideStart }),
        ...(narrowStart === undefined ? {} : { '--otr-start-narrow': narrowStart }),
      } as CSSProperties;
    },
  };
}

/** One big tile (a screen share) and a strip of the others: beside it, or below it on a phone. */
function spotlightLayout(count: number): Layout {
  const strip = Math.max(count - 1, 1);
  const narrow = Math.min(strip, 3);
  return {
    grid: {
      '--otr-rows': strip,
      '--otr-tracks-narrow': narrow * 2,
      '--otr-rows-narrow': 1 + Math.ceil(strip / narrow),
    } as CSSProperties,
    cell: () => undefined,
  };
}
