import { createRoomClient, type RoomClient } from '@opentok-rooms/room-client';
import { useEffect, useMemo, useRef } from 'react';
import { registerVideos } from './client-videos.js';
import { fetchJoinCredentials } from './join-url.js';
import { releaseClient, retainClient } from './lifecycle.js';
import type { RoomOptions } from './room-options.js';
import { localVideoKey, VideoElements } from './video-elements.js';

/**
 * Owns one `RoomClient` per `room`: joins after mount (in the browser only), leaves on
 * unmount. Correct under StrictMode (mount/unmount/mount ends with one connection and one
 * publisher) and under fast room switching (the old room is left before the new one is joined).
 * Video is placed with room-client's `onElement`, for `<VideoTile>`.
 *
 * @param options - the room, how to get credentials, and room-client options
 * @returns the client for the current `room` (idle during server rendering)
 * @throws Error when neither `credentials` nor `joinUrl` is given
 * @example
 * ```tsx
 * const room = useRoomClient({ room: 'standup', joinUrl: '/api/rooms/standup/join' });
 * return <RoomProvider client={room}><VideoGrid /></RoomProvider>;
 * ```
 */
export function useRoomClient(options: RoomOptions): RoomClient {
  if (options.credentials === undefined && options.joinUrl === undefined) {
    throw new Error(`Room "${options.room}" needs credentials or a joinUrl to join.`);
  }
  // Credentials are read at each join, so they may change without a new client.
  const latest = useRef(options);
  latest.current = options;
  // biome-ignore lint/correctness/useExhaustiveDependencies: one client per room, by design.
  const client = useMemo(() => createClientFor(latest), [options.room]);
  const connect = options.connect ?? true;
  useEffect(() => {
    if (!connect) return;
    retainClient(client, (error) => latest.current.onError?.(error));
    return () => releaseClient(client);
  }, [client, connect]);
  return client;
}

function createClientFor(latest: { current: RoomOptions }): RoomClient {
  const options = latest.current;
  const videos = new VideoElements();
  const create = options.createClient ?? createRoomClient;
  const client = create({
    credentials: () => {
      const { credentials, joinUrl, joinData } = latest.current;
      if (credentials !== undefined) {
        return typeof credentials === 'function' ? credentials() : credentials;
      }
      return fetchJoinCredentials(joinUrl as string, joinData);
    },
    ...(options.OT ? { OT: options.OT } : {}),
    ...(options.publisher === undefined ? {} : { publisher: options.publisher }),
    ...(options.subscriber ? { subscriber: options.subscriber } : {}),
    ...(options.autoSubscribe === undefined ? {} : { autoSubscribe: options.autoSubscribe }),
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
    ...(options.activeSpeaker ? { activeSpeaker: options.activeSpeaker } : {}),
    ...(options.mediaDevices ? { mediaDevices: options.mediaDevices } : {}),
    publisherVideo: { onElement: (element) => videos.set(localVideoKey('camera'), element) },
    subscriberVideo: (stream) => ({
      onElement: (element) => videos.set(stream.streamId, element),
    }),
  });
  registerVideos(client, videos);
  // Elements of ended streams and of a left room are forgotten (a re-join creates new ones).
  client.on('streamRemoved', (stream) => videos.delete(stream.streamId));
  client.on('screenShareEnded', () => videos.delete(localVideoKey('screen')));
  client.on('disconnected', () => videos.clear());
  return client;
}
