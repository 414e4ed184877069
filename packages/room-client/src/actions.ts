import type { Join } from './join.js';
import type { PublisherSource } from './snapshot-types.js';
import type { RoomClientEvents } from './types.js';

/** An event of {@link RoomClientEvents} with its arguments: every event is also an action. */
export type EventAction = {
  [K in keyof RoomClientEvents]: [K, ...Parameters<RoomClientEvents[K]>];
}[keyof RoomClientEvents];

/**
 * Everything the client tells its listeners and opt-in modules (the snapshot store, the active
 * speaker): its own events, and a few internal changes no event listener sees. The state they
 * describe is already updated when they are dispatched.
 */
export type RoomAction =
  | EventAction
  /** You connected (your connection id is set). */
  | ['connection']
  /** A local publisher started, or was dropped without an event (a device switch republishing). */
  | ['publication', PublisherSource]
  /** A subscription ended (the stream may stay). */
  | ['unsubscribed', string]
  /** Everything of this join is gone: participants, streams, your connection, your publishers. */
  | ['left', Join];
