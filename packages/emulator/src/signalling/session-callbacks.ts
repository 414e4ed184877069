import { createHash, randomUUID } from 'node:crypto';
import type { ArchiveCallbackBody } from '../archive/archive-callback.js';
import { signHs256 } from '../jwt.js';
import type { MonitoringEvent } from './monitoring-event.js';

/** The JSON body OpenTok POSTs to a session-monitoring callback URL. */
export interface SessionCallbackBody {
  /** The session the event is about. */
  sessionId: string;
  /** The project (API key). */
  projectId: string;
  /** What happened. */
  event:
    | 'sessionCreated'
    | 'sessionDestroyed'
    | 'connectionCreated'
    | 'connectionDestroyed'
    | 'streamCreated'
    | 'streamDestroyed';
  /** When, in milliseconds since the epoch. */
  timestamp: number;
  /** The connection, for connection and stream events. */
  connection?: { id: string; createdAt: number; data: string };
  /** The stream, for stream events. */
  stream?: {
    id: string;
    connection: { id: string; createdAt: number; data: string };
    createdAt: number;
    name: string;
    videoType: string;
  };
  /** Why, for destroyed events (`clientDisconnected`, `forceDisconnected`, `networkDisconnected`). */
  reason?: string;
}

/**
 * Serialises a hub event into OpenTok's callback JSON shape.
 *
 * @param event - The hub event.
 * @param projectId - The API key.
 * @param timestamp - When it happened (ms).
 * @returns The callback body.
 * @internal
 */
export function callbackBody(
  event: MonitoringEvent,
  projectId: string,
  timestamp: number,
): SessionCallbackBody {
  const body: SessionCallbackBody = {
    sessionId: event.sessionId,
    projectId,
    event: event.event,
    timestamp,
  };
  if (event.event === 'connectionCreated' || event.event === 'connectionDestroyed') {
    const { connectionId, creationTime, data } = event.connection;
    body.connection = { id: connectionId, createdAt: creationTime, data };
  }
  if (event.event === 'streamCreated' || event.event === 'streamDestroyed') {
    const { stream, owner } = event;
    const connection = { id: owner.connectionId, createdAt: owner.creationTime, data: owner.data };
    body.connection = connection;
    body.stream = {
      id: stream.streamId,
      connection,
      createdAt: stream.creationTime,
      name: stream.name,
      videoType: stream.videoType,
    };
  }
  if ('reason' in event) body.reason = event.reason;
  return body;
}

/** Posts callbacks one after another, in event order, with a few retries. @internal */
export interface CallbackPoster {
  /** Queues one event. */
  post(event: MonitoringEvent): void;
  /** Queues an archive status callback (same queue: callbacks keep their order). */
  postArchive(body: ArchiveCallbackBody): void;
  /** Resolves when every queued callback was delivered or given up. */
  idle(): Promise<void>;
  /** Stops posting (queued callbacks are dropped). */
  close(): void;
}

const RETRY_DELAYS_MS = [100, 500, 2000] as const;

/**
 * The `Authorization` header of a signed ("secure") callback, as OpenTok sends it: a JWT, HS256 with
 * the signature secret, whose `payload_hash` is the SHA-256 (hex) of the exact body.
 *
 * @param body - The exact body text.
 * @param secret - The signature secret.
 * @param projectId - The API key.
 * @param nowMs - The issue time.
 * @returns `Bearer <jwt>`.
 * @internal
 */
export function callbackAuthorization(
  body: string,
  secret: string,
  projectId: string,
  nowMs: number,
): string {
  const iat = Math.floor(nowMs / 1000);
  const claims = {
    iat,
    exp: iat + 300,
    jti: randomUUID(),
    iss: 'Vonage',
    api_key: projectId,
    payload_hash: createHash('sha256').update(body, 'utf8').digest('hex'),
  };
  return `Bearer ${signHs256(claims, secret)}`;
}

/**
 * Creates the poster of session-monitoring callbacks.
 *
 * @param url - Where to POST.
 * @param projectId - The API key.
 * @param now - The clock.
 * @param onError - Told about a callback that failed after its retries.
 * @param signatureSecret - When set, every attempt is signed afresh (secure callbacks).
 * @returns The poster.
 * @internal
 */
export function createCallbackPoster(
  url: string,
  projectId: string,
  now: () => number,
  onError: (error: unknown, body: SessionCallbackBody | ArchiveCallbackBody) => void,
  signatureSecret?: string,
): CallbackPoster {
  let chain: Promise<void> = Promise.resolve();
  let closed = false;
  const controller = new AbortController();

  const send = async (body: SessionCallbackBody | ArchiveCallbackBody): Promise<void> => {
    const text = JSON.stringify(body);
    for (let attempt = 0; ; attempt += 1) {
      if (closed) return;
      try {
        const headers: Record<string, string> = { 'Content-Type': 'application/json' };
        if (signatureSecret !== undefined) {
          headers.Authorization = callbackAuthorization(text, signatureSecret, projectId, now());
        }
        const response = await fetch(url, {
          method: 'POST',
          headers,
          body: text,
          signal: controller.signal,
        });
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) return;
        if (attempt >= RETRY_DELAYS_MS.length) {
          throw new Error(`Callback answered HTTP ${response.status}.`);
        }
      } catch (error) {
        if (closed) return;
        if (attempt >= RETRY_DELAYS_MS.length) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[attempt]));
    }
  };

  return {
    post(event: MonitoringEvent): void {
      if (closed) return;
      const body = callbackBody(event, projectId, now());
      chain = chain.then(() => send(body)).catch((error: unknown) => onError(error, body));
    },
    postArchive(body: ArchiveCallbackBody): void {
      if (closed) return;
      chain = chain.then(() => send(body)).catch((error: unknown) => onError(error, body));
    },
    idle(): Promise<void> {
      return chain;
    },
    close(): void {
      closed = true;
      controller.abort();
    },
  };
}
