import type { RemoteStreamInfo, RoomSnapshot } from '@opentok-rooms/room-client';
import { useCallback } from 'react';
import { shallowEqual, useRoomSnapshot } from '../use-room-snapshot.js';

const selectStreams = (s: RoomSnapshot): readonly RemoteStreamInfo[] => s.streams;

/**
 * The remote streams in arrival order, optionally of one kind (`'camera'` or `'screen'`); re-renders
 * only when that list changes (a stream added, removed, or its audio/video state changed).
 *
 * @param videoType - only streams of this kind
 * @returns the streams
 */
export function useRemoteStreams(
  videoType?: RemoteStreamInfo['videoType'],
): readonly RemoteStreamInfo[] {
  const select = useCallback(
    (s: RoomSnapshot) => s.streams.filter((stream) => stream.videoType === videoType),
    [videoType],
  );
  return useRoomSnapshot(videoType ? select : selectStreams, shallowEqual);
}
