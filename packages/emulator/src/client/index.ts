/**
 * The emulator's browser SDK, an `OT` compatible with `@opentok/client`.
 *
 * @module @opentok-rooms/emulator/client
 */
// The browser SDK of the emulator: `import OT from '@opentok-rooms/emulator/client'`.
import { createOT, type EmulatedOT } from './ot.js';

/**
 * The page's `OT` object, compatible with `@opentok/client`. Call `OT.setEmulatorUrl(url)` with
 * the emulator's `url` before connecting.
 *
 * @example
 * ```ts
 * import OT from '@opentok-rooms/emulator/client';
 *
 * OT.setEmulatorUrl('http://127.0.0.1:4000');
 * const session = OT.initSession(apiKey, sessionId);
 * session.on('streamCreated', (event) => session.subscribe(event.stream, 'videos', { insertMode: 'append' }));
 * session.connect(token, (error) => {
 *   if (!error) session.publish(OT.initPublisher('me'));
 * });
 * ```
 */
const OT: EmulatedOT = createOT();

export default OT;
export type { Connection, Stream } from './connection.js';
export type { WidgetOptions } from './dom.js';
export type { OTEventHandler } from './event-emitter.js';
export { OTEventEmitter } from './event-emitter.js';
export type { AudioLevelUpdatedEvent, MediaStoppedEvent } from './media-events.js';
export type { Device, EmulatedOT, GetUserMediaProperties } from './ot.js';
export { createOT } from './ot.js';
export type { OTError } from './ot-error.js';
export type { OTEvent } from './ot-event.js';
export type { CompletionHandler, PublisherProperties, VideoSourceInfo } from './publisher.js';
export { Publisher } from './publisher.js';
export type { ScreenSharingCapabilityResponse } from './screen-capture.js';
export type { SessionCapabilities, SessionOptions, SignalOptions } from './session.js';
export { Session } from './session.js';
export type { SubscriberProperties } from './subscriber.js';
export { Subscriber } from './subscriber.js';
export { OT };
