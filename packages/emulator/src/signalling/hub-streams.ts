import { randomUUID } from 'node:crypto';
import type { ClientMessage, WireStream } from '../protocol.js';
import { broadcast, deliver, emit } from './hub-delivery.js';
import type { HubOutcome, HubState, LiveConnection, LiveSession } from './hub-state.js';
import { WIRE_ERRORS } from './wire-errors.js';

/** A `publish` request from a client. @internal */
export type PublishRequest = Extract<ClientMessage, { type: 'publish' }>;

/**
 * Adds a stream for a connection and tells the others.
 *
 * @param state - The hub's state.
 * @param connectionId - The publishing connection.
 * @param request - The stream's properties.
 * @returns The stream, or `OT_PERMISSION_DENIED` for a `subscriber` token.
 * @internal
 */
export function publishStream(
  state: HubState,
  connectionId: string,
  request: PublishRequest,
): HubOutcome<WireStream> {
  const connection = state.byId.get(connectionId);
  if (connection === undefined) return { error: WIRE_ERRORS.notConnected('Not connected.') };
  if (connection.role === 'subscriber') return { error: WIRE_ERRORS.publishDenied() };
  const stream: WireStream = {
    streamId: randomUUID(),
    connectionId,
    creationTime: state.options.now(),
    name: String(request.name ?? ''),
    hasAudio: request.hasAudio === true,
    hasVideo: request.hasVideo === true,
    videoType: request.videoType ?? 'camera',
    videoDimensions: request.videoDimensions ?? { width: 640, height: 480 },
  };
  const session = state.sessions.get(connection.sessionId)!;
  session.streams.set(stream.streamId, stream);
  broadcast(session, { type: 'streamCreated', stream }, connectionId);
  emit(state, {
    event: 'streamCreated',
    sessionId: connection.sessionId,
    stream,
    owner: connection.wire,
  });
  return { ok: stream };
}

/**
 * Removes a stream its owner stops publishing (ignored for streams it does not own).
 *
 * @param state - The hub's state.
 * @param connectionId - The owner.
 * @param streamId - The stream.
 * @param reason - Reason given to the other clients.
 * @internal
 */
export function unpublishStream(
  state: HubState,
  connectionId: string,
  streamId: string,
  reason: string,
): void {
  const own = ownStream(state, connectionId, streamId);
  if (own) removeStream(state, own.session, own.connection, own.stream, reason);
}

/**
 * A moderator's `forceUnpublish`: the stream goes for everyone with reason `forceUnpublished`, and
 * its publisher is told so (its Publisher ends with that reason).
 *
 * @param state - The hub's state.
 * @param sessionId - The moderator's session.
 * @param by - The moderator's connection.
 * @param streamId - The stream to stop.
 * @returns Nothing, or `OT_PERMISSION_DENIED` / `OT_NOT_FOUND`.
 * @internal
 */
export function forceUnpublishStream(
  state: HubState,
  sessionId: string,
  by: string,
  streamId: string,
): HubOutcome<null> {
  if (state.byId.get(by)?.role !== 'moderator') {
    return { error: WIRE_ERRORS.forceUnpublishDenied() };
  }
  const session = state.sessions.get(sessionId);
  const stream = session?.streams.get(streamId);
  const owner = stream && session?.connections.get(stream.connectionId);
  if (session === undefined || stream === undefined || owner === undefined) {
    return { error: WIRE_ERRORS.notFound('The stream does not exist.') };
  }
  owner.link?.send({ type: 'unpublishForced', streamId });
  removeStream(state, session, owner, stream, 'forceUnpublished');
  return { ok: null };
}

/** A stream with the connection that publishes it and its session, when `connectionId` owns it. */
interface OwnStream {
  connection: LiveConnection;
  session: LiveSession;
  stream: WireStream;
}

function ownStream(state: HubState, connectionId: string, streamId: string): OwnStream | undefined {
  const connection = state.byId.get(connectionId);
  const session = connection && state.sessions.get(connection.sessionId);
  const stream = session?.streams.get(streamId);
  if (!connection || !session || !stream || stream.connectionId !== connectionId) return undefined;
  return { connection, session, stream };
}

/**
 * Updates `hasAudio`/`hasVideo` of an own stream and tells the others.
 *
 * @param state - The hub's state.
 * @param connectionId - The owner.
 * @param streamId - The stream.
 * @param property - `hasAudio` or `hasVideo`.
 * @param value - The new value.
 * @internal
 */
export function setStreamProperty(
  state: HubState,
  connectionId: string,
  streamId: string,
  property: 'hasAudio' | 'hasVideo',
  value: boolean,
): void {
  const own = ownStream(state, connectionId, streamId);
  if (!own || own.stream[property] === value) return;
  own.session.streams.set(streamId, { ...own.stream, [property]: value });
  broadcast(
    own.session,
    { type: 'streamPropertyChanged', streamId, property, value },
    connectionId,
  );
}

/**
 * Asks the publishers of a session's streams to mute their audio.
 *
 * @param state - The hub's state.
 * @param sessionId - The session.
 * @param streamIds - Which streams; `undefined` for all.
 * @param excluded - Streams to leave alone.
 * @returns How many streams were asked.
 * @internal
 */
export function muteStreams(
  state: HubState,
  sessionId: string,
  streamIds: readonly string[] | undefined,
  excluded: readonly string[],
): number {
  const session = state.sessions.get(sessionId);
  if (session === undefined) return 0;
  let count = 0;
  for (const stream of session.streams.values()) {
    if (streamIds !== undefined && !streamIds.includes(stream.streamId)) continue;
    if (excluded.includes(stream.streamId)) continue;
    const owner = session.connections.get(stream.connectionId);
    if (owner !== undefined) deliver(owner, { type: 'muteForced', streamId: stream.streamId });
    count += 1;
  }
  return count;
}

/**
 * Finds a stream in any session.
 *
 * @param state - The hub's state.
 * @param streamId - The stream.
 * @returns The stream, or `undefined`.
 * @internal
 */
export function findStream(state: HubState, streamId: string): WireStream | undefined {
  for (const session of state.sessions.values()) {
    const stream = session.streams.get(streamId);
    if (stream !== undefined) return stream;
  }
  return undefined;
}

/**
 * Removes a stream: the others see `streamDestroyed`, and so does session monitoring.
 *
 * @param state - The hub's state.
 * @param session - The stream's session.
 * @param owner - The publishing connection.
 * @param stream - The stream.
 * @param reason - Reason given to the other clients.
 * @internal
 */
export function removeStream(
  state: HubState,
  session: LiveSession,
  owner: LiveConnection,
  stream: WireStream,
  reason: string,
): void {
  session.streams.delete(stream.streamId);
  broadcast(
    session,
    { type: 'streamDestroyed', streamId: stream.streamId, reason },
    owner.wire.connectionId,
  );
  emit(state, {
    event: 'streamDestroyed',
    sessionId: owner.sessionId,
    stream,
    owner: owner.wire,
    reason,
  });
}
