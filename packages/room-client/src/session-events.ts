import { RoomClientError } from './errors.js';
import type { Host } from './host.js';
import type { Join } from './join.js';
import type {
  OTArchiveEvent,
  OTConnectionEvent,
  OTSession,
  OTSessionDisconnectEvent,
  OTSignalEvent,
  OTStream,
  OTStreamEvent,
  OTStreamPropertyChangedEvent,
} from './ot-types.js';
import { guard } from './report.js';
import { dropSubscription, subscribeStream } from './subscriptions.js';

function wants(host: Host, stream: OTStream): boolean {
  const auto = host._options.autoSubscribe ?? true;
  return typeof auto === 'function' ? auto(stream) : auto;
}

/**
 * Attaches every session listener of one join; call it before `connect` so that the synchronous
 * initial burst (connections, then streams) is seen. Every handler is idempotent: a repeated or
 * out-of-order event changes nothing, so counts never go negative or double.
 */
export function attachSession(host: Host, join: Join, session: OTSession): void {
  const own = () => session.connection?.connectionId;
  const on = <E>(type: string, handler: (event: E) => void) =>
    join._listeners._add(
      session,
      type,
      guard((event: E) => {
        // Once released, only the disconnect we are waiting for matters.
        if (!join._closed) handler(event);
        else if (type === 'sessionDisconnected') join._onSettled?.();
      }),
    );
  on('connectionCreated', ({ connection }: OTConnectionEvent) => {
    const id = connection.connectionId;
    // A returning connection id (the SDK reuses it after a cancelled connect) is a participant again.
    if (id === own() || join._participants.has(id)) return;
    join._participants.set(id, connection);
    host._dispatch('participantJoined', connection);
  });
  on('connectionDestroyed', ({ connection, reason }: OTConnectionEvent) => {
    const id = connection.connectionId;
    if (id === own() || !join._participants.delete(id)) return;
    host._dispatch('participantLeft', connection, reason as string);
  });
  on('streamCreated', ({ stream }: OTStreamEvent) => {
    const id = stream.streamId;
    if (stream.connection.connectionId === own()) return;
    if (join._streams.has(id) || join._gone.has(id)) return;
    join._streams.set(id, stream);
    host._dispatch('streamAdded', stream);
    if (wants(host, stream)) subscribeStream(host, join, stream).catch(() => {});
  });
  on('streamDestroyed', ({ stream, reason }: OTStreamEvent) => {
    const id = stream.streamId;
    join._gone.add(id);
    if (!join._streams.delete(id)) return;
    dropSubscription(host, join, id, false);
    host._dispatch('streamRemoved', stream, reason as string);
  });
  on('streamPropertyChanged', (event: OTStreamPropertyChangedEvent) => {
    if (join._streams.has(event.stream.streamId)) host._dispatch('streamChanged', event);
  });
  on('signal', ({ type, data, from }: OTSignalEvent) => {
    host._dispatch('signalReceived', {
      // OpenTok dispatches one event object as `signal` and `signal:<type>`; its type is the latter.
      type: type.startsWith('signal:') ? type.slice(7) : '',
      data: data ?? '',
      from: from ?? null,
      isLocal: !!from && from.connectionId === own(),
    });
  });
  // A room already being recorded: the SDK fires archiveStarted right after the initial burst.
  on('archiveStarted', ({ id, name }: OTArchiveEvent) => {
    if (join._archives.has(id)) return;
    const startedAt = join._connected ? Date.now() : undefined;
    const change = { archiveId: id, name: name || undefined, startedAt };
    join._archives.set(id, change);
    host._dispatch('recordingStarted', change);
  });
  on('archiveStopped', ({ id, name }: OTArchiveEvent) => {
    // The snapshot shows the first started of those still recording.
    if (!join._archives.delete(id)) return;
    host._dispatch('recordingStopped', {
      archiveId: id,
      name: name || undefined,
      startedAt: undefined,
    });
  });
  on('sessionReconnecting', () => host._reconnecting(true));
  on('sessionReconnected', () => host._reconnecting(false));
  on('sessionDisconnected', ({ reason }: OTSessionDisconnectEvent) => {
    join._abort(new RoomClientError('network', `disconnected: ${reason}`));
    // While connecting, the pending join() fails and cleans up; after, we lost the room.
    if (join._connected) host._lost(join, reason);
  });
}
