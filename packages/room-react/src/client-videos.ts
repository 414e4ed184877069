import type { RoomClient } from '@opentok-rooms/room-client';
import { VideoElements } from './video-elements.js';

const registries = new WeakMap<RoomClient, VideoElements>();
// Clients not created by this package place their video themselves: tiles show placeholders.
const none = new VideoElements();

/** Remembers the video registry a client created by this package fills. */
export function registerVideos(client: RoomClient, videos: VideoElements): void {
  registries.set(client, videos);
}

/** The video elements of a client created by this package (an empty registry for any other). */
export function videosOf(client: RoomClient): VideoElements {
  return registries.get(client) ?? none;
}
