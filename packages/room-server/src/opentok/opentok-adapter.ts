import OpenTok from 'opentok';
import { RoomError } from '../errors.js';
import type { ResolvedSessionOptions } from '../session-options.js';
import { backoffDelay } from './backoff.js';
import { callOnce } from './call-once.js';
import { classifyOpenTokError } from './classify-error.js';
import { callOpenTokRest, type RestCall } from './rest-call.js';

/** Deadlines and retries for calls into OpenTok. */
export interface OpenTokCallOptions {
  /** Deadline of one attempt. Default 10000 ms. */
  timeoutMs?: number;
  /** Retries of session creation after a network error, a 5xx or a timeout. Default 2. */
  retries?: number;
  /** First backoff cap. Default 200 ms. */
  retryBaseDelayMs?: number;
  /** Largest backoff cap. Default 2000 ms. */
  retryMaxDelayMs?: number;
}

/** Options of {@link createOpenTokAdapter}. */
export interface OpenTokAdapterOptions extends OpenTokCallOptions {
  apiKey: string;
  apiSecret: string;
  /** Where the SDK sends REST calls; OpenTok's own by default. */
  apiUrl?: string;
  /** Random numbers in [0, 1) for jitter (tests). */
  random?: () => number;
}

/** The one door to the `opentok` SDK: promises, deadlines, retries, typed errors. */
export interface OpenTokAdapter {
  /**
   * Creates an OpenTok session.
   *
   * @param options - the resolved session options
   * @returns the new session id
   * @throws RoomError `opentok_auth`, `opentok_unavailable`, `opentok_bad_response` or `timeout`
   */
  createSession(options: ResolvedSessionOptions): Promise<string>;
  /**
   * Sends a signal to every connection of a session, or to one. Not retried: a signal is not
   * idempotent.
   *
   * @throws RoomError `not_found`, `invalid_argument`, `opentok_*`, `timeout`
   */
  signal(sessionId: string, signal: OpenTokSignal, connectionId?: string): Promise<void>;
  /**
   * Disconnects one connection from a session. Retried like session creation.
   *
   * @throws RoomError `not_found`, `opentok_*`, `timeout`
   */
  forceDisconnect(sessionId: string, connectionId: string): Promise<void>;
  /**
   * Mutes the audio of every stream in a session but the excluded ones. Retried like session
   * creation.
   *
   * @throws RoomError `not_found`, `opentok_*`, `timeout`
   */
  muteAll(sessionId: string, excludedStreamIds?: readonly string[]): Promise<void>;
}

/** A signal sent through OpenTok's REST API. */
export interface OpenTokSignal {
  /** At most 128 characters of letters, digits, `-`, `_` and `~`. */
  type: string;
  /** At most 8 KB. */
  data: string;
}

/** OpenTok's REST API when no apiUrl is given. */
export const DEFAULT_OPENTOK_API_URL = 'https://api.opentok.com';

const SESSION_ID = /^[12]_[A-Za-z0-9_-]{8,253}$/;

/**
 * Creates the adapter through which every call into the `opentok` SDK goes. The SDK instance (which
 * holds the secret) stays inside this closure: nothing returned or thrown carries it.
 *
 * @param options - credentials, apiUrl, deadline and retry policy
 * @returns the adapter
 */
export function createOpenTokAdapter(options: OpenTokAdapterOptions): OpenTokAdapter {
  const timeoutMs = positiveInteger(options.timeoutMs ?? 10_000, 'opentok.timeoutMs');
  const retries = nonNegativeInteger(options.retries ?? 2, 'opentok.retries');
  const backoff = {
    baseDelayMs: nonNegativeInteger(options.retryBaseDelayMs ?? 200, 'opentok.retryBaseDelayMs'),
    maxDelayMs: nonNegativeInteger(options.retryMaxDelayMs ?? 2000, 'opentok.retryMaxDelayMs'),
    random: options.random ?? Math.random,
  };
  const sdk =
    options.apiUrl === undefined
      ? new OpenTok(options.apiKey, options.apiSecret)
      : new OpenTok(options.apiKey, options.apiSecret, { apiUrl: options.apiUrl });

  async function createSessionOnce(session: ResolvedSessionOptions): Promise<string> {
    // A fresh object each time: the SDK mutates the options it is given.
    const sdkOptions: {
      mediaMode: 'routed' | 'relayed';
      archiveMode: 'manual' | 'always';
      location?: string;
      e2ee?: boolean;
    } = { mediaMode: session.mediaMode, archiveMode: session.archiveMode };
    if (session.location !== undefined) sdkOptions.location = session.location;
    if (session.e2ee) sdkOptions.e2ee = true;
    const created = await callOnce<{ sessionId: string | undefined } | undefined>(
      'OpenTok createSession',
      timeoutMs,
      (callback) => sdk.createSession(sdkOptions, callback),
    );
    const sessionId = created?.sessionId;
    // The SDK reads json[0].session_id of whatever came back: a non-JSON answer gives undefined
    // without an error. Never let that reach a store.
    if (typeof sessionId !== 'string' || !SESSION_ID.test(sessionId)) {
      throw new RoomError(
        'opentok_bad_response',
        'OpenTok createSession answered without a session id (is apiUrl an OpenTok API endpoint?).',
      );
    }
    return sessionId;
  }

  async function withRetries<T>(what: string, attemptOnce: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await attemptOnce();
      } catch (raw) {
        const { error, retryable } = classifyOpenTokError(what, raw);
        if (!retryable || attempt >= retries) throw error;
        await sleep(backoffDelay(attempt, backoff));
      }
    }
  }

  const rest = {
    apiKey: options.apiKey,
    apiSecret: options.apiSecret,
    apiUrl: options.apiUrl ?? DEFAULT_OPENTOK_API_URL,
    timeoutMs,
  };
  const sessionPath = (sessionId: string) =>
    `/v2/project/${encodeURIComponent(options.apiKey)}/session/${encodeURIComponent(sessionId)}`;
  const call = (request: RestCall) => callOpenTokRest(rest, request);

  return {
    createSession(session) {
      return withRetries('OpenTok createSession', () => createSessionOnce(session));
    },
    signal(sessionId, signal, connectionId) {
      const target =
        connectionId === undefined ? '' : `/connection/${encodeURIComponent(connectionId)}`;
      return call({
        method: 'POST',
        path: `${sessionPath(sessionId)}${target}/signal`,
        body: { type: signal.type, data: signal.data },
        what: 'OpenTok signal',
      });
    },
    forceDisconnect(sessionId, connectionId) {
      return withRetries('OpenTok forceDisconnect', () =>
        call({
          method: 'DELETE',
          path: `${sessionPath(sessionId)}/connection/${encodeURIComponent(connectionId)}`,
          what: 'OpenTok forceDisconnect',
        }),
      );
    },
    muteAll(sessionId, excludedStreamIds = []) {
      return withRetries('OpenTok muteAll', () =>
        call({
          method: 'POST',
          path: `${sessionPath(sessionId)}/mute`,
          body: { active: true, excludedStreamIds: [...excludedStreamIds] },
          what: 'OpenTok muteAll',
        }),
      );
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function positiveInteger(value: number, field: string): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new RoomError('invalid_argument', `${field} must be a positive integer.`, { field });
  }
  return value;
}

function nonNegativeInteger(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new RoomError('invalid_argument', `${field} must be a non-negative integer.`, { field });
  }
  return value;
}
