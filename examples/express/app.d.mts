import type { RoomServer } from '@opentok-rooms/room-server';
import type { Express } from 'express';

/** The example app with video rooms under /api/video. */
export function createApp(credentials: { apiKey: string; apiSecret: string; apiUrl?: string }): {
  app: Express;
  rooms: RoomServer;
};
