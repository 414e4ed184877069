import { type ServerMessage, SINGLE_PEER_CONNECTION_ID } from '../protocol.js';
import { Stream } from './connection.js';
import { createEvent } from './ot-event.js';
import type { Publisher } from './publisher.js';
import { onArchiveMessage } from './session-archives.js';
import { connectionFor, type SessionCore } from './session-core.js';
import { endSession } from './session-end.js';

/**
 * Turns a message the emulator pushed into the Session's events, or hands it to the own
 * publisher or subscriber it is for. Ignored while not connected.
 *
 * @param core - The session's state.
 * @param message - The message.
 * @internal
 */
export function onServerMessage(core: SessionCore, message: ServerMessage): void {
  const { session } = core;
  if (!session.isConnected()) return;
  switch (message.type) {
    case 'connectionCreated': {
      const connection = connectionFor(core, message.connection.connectionId, message.connection);
      core.dispatch(createEvent('connectionCreated', session, { connection }));
      return;
    }
    case 'connectionDestroyed': {
      const connection = connectionFor(core, message.connectionId);
      core.connections.delete(message.connectionId);
      for (const publisher of core.publishers) {
        publisher._removeSubscriber(undefined, message.connectionId);
      }
      core.dispatch(
        createEvent('connectionDestroyed', session, { connection, reason: message.reason }),
      );
      return;
    }
    case 'streamCreated': {
      const stream = new Stream(message.stream, connectionFor(core, message.stream.connectionId));
      core.streams.set(stream.streamId, stream);
      core.dispatch(createEvent('streamCreated', session, { stream }));
      return;
    }
    case 'streamDestroyed': {
      const stream = core.streams.get(message.streamId);
      if (stream === undefined) return;
      core.streams.delete(message.streamId);
      const event = createEvent(
        'streamDestroyed',
        session,
        { stream, reason: message.reason },
        true,
      );
      core.dispatch(event);
      for (const subscriber of session.getSubscribersForStream(stream)) {
        subscriber._streamGone(message.reason, event.isDefaultPrevented());
      }
      return;
    }
    case 'streamPropertyChanged': {
      const stream = core.streams.get(message.streamId);
      if (stream === undefined) return;
      const oldValue = stream[message.property];
      stream[message.property] = message.value;
      core.dispatch(
        createEvent('streamPropertyChanged', session, {
          stream,
          changedProperty: message.property,
          oldValue,
          newValue: message.value,
        }),
      );
      return;
    }
    case 'signal': {
      const from = message.from === null ? null : connectionFor(core, message.from);
      const type = message.signalType === undefined ? 'signal' : `signal:${message.signalType}`;
      const event = createEvent(type, session, { data: message.data, from });
      // Every signal reaches `signal` handlers; a typed one also `signal:<type>` handlers.
      core.dispatch(event, 'signal');
      if (message.signalType !== undefined) core.dispatch(event);
      return;
    }
    default:
      onMediaMessage(core, message);
  }
}

/** Media plumbing: subscribe requests and WebRTC messages for own publishers and subscribers. */
function onMediaMessage(core: SessionCore, message: ServerMessage): void {
  const own = (streamId: string): Publisher | undefined =>
    [...core.publishers].find((entry) => entry.stream?.streamId === streamId);
  switch (message.type) {
    case 'subscribe':
      own(message.streamId)?._addSubscriber(message.from, message.subscriberId);
      return;
    case 'unsubscribe':
      own(message.streamId)?._removeSubscriber(message.subscriberId, message.from);
      return;
    case 'rtc': {
      if (message.subscriberId === SINGLE_PEER_CONNECTION_ID) {
        core.bundle?.receive(message.payload, message.restart);
        return;
      }
      const publisher = own(message.streamId);
      if (publisher !== undefined) {
        publisher._receive(message.subscriberId, message.payload);
        return;
      }
      for (const subscriber of core.subscribers) {
        if (subscriber.id === message.subscriberId) {
          subscriber._receive(message.payload, message.restart);
        }
      }
      return;
    }
    case 'downstreamFailed':
      if (message.subscriberId === SINGLE_PEER_CONNECTION_ID) {
        core.bundle?.routerGaveUp(message.restart);
        return;
      }
      for (const subscriber of core.subscribers) {
        if (subscriber.id === message.subscriberId) subscriber._routerGaveUp();
      }
      return;
    case 'archive':
      onArchiveMessage(core, message.archive);
      return;
    case 'muteForced':
      own(message.streamId)?._muteForced();
      core.dispatch(createEvent('muteForced', core.session, {}));
      return;
    case 'unpublishForced':
      own(message.streamId)?._unpublish('forceUnpublished');
      return;
    case 'disconnected':
      void endSession(core, message.reason);
      return;
    default:
      return;
  }
}
