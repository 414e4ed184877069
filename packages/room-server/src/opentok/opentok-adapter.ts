import type { KeyObject } from 'node:crypto';
import { resolveAccount } from '../credentials.js';
import { RoomError } from '../errors.js';
import type { ResolvedSessionOptions } from '../session-options.js';
import type { Account, AccountKind } from './account.js';
import { createSession } from './create-session.js';
import { createRestTransport, type RestMethod, type RestRequestOptions } from './rest-transport.js';

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

/**
 * Options of {@link createOpenTokAdapter}: `{ apiKey, apiSecret }` for an OpenTok project or
 * `{ applicationId, privateKey }` for a Vonage application (one pair, never parts of both).
 */
export interface OpenTokAdapterOptions extends OpenTokCallOptions {
  /** An OpenTok project's API key (or, with a PEM `apiSecret`, a Vonage application ID). */
  apiKey?: string;
  /** An OpenTok project's API secret (or a Vonage application's PEM private key). */
  apiSecret?: string;
  /** A Vonage application ID (UUID). */
  applicationId?: string;
  /** A Vonage application's RSA private key: PEM text or a KeyObject. */
  privateKey?: string | KeyObject;
  /**
   * Where REST calls go. Default: `https://api.opentok.com` for OpenTok projects,
   * `https://video.api.vonage.com` for Vonage applications.
   */
  apiUrl?: string;
  /** Random numbers in [0, 1) for jitter (tests). */
  random?: () => number;
}

/** The one door to OpenTok / the Vonage Video API: promises, deadlines, retries, typed errors. */
export interface OpenTokAdapter {
  /** Which kind of account signs the calls. */
  readonly accountKind: AccountKind;
  /** `/v2/project/{apiKey or applicationId}`: the prefix of every project REST path. */
  readonly projectPath: string;
  /**
   * Calls any REST endpoint with the account's host and auth, and returns the parsed JSON answer
   * (`undefined` when empty). Archives and other services are built on this.
   *
   * @param method - the HTTP method
   * @param path - below the API URL, e.g. `${adapter.projectPath}/archive`
   * @param body - sent as JSON when given (a `URLSearchParams` as a form)
   * @param options - what is done (messages) and whether it may be retried (default only for GET,
   *   PUT and DELETE: never retry a call that must not happen twice)
   * @returns the parsed body
   * @throws RoomError `not_found`, `invalid_argument`, `conflict`, `opentok_*`, `timeout`
   */
  request(
    method: RestMethod,
    path: string,
    body?: unknown,
    options?: RestRequestOptions,
  ): Promise<unknown>;
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

/**
 * Creates the adapter through which every call into OpenTok / the Vonage Video API goes. The
 * credentials stay inside this closure (and the transport's): nothing returned or
 * thrown carries them.
 *
 * @param options - credentials, apiUrl, deadline and retry policy
 * @returns the adapter
 * @throws RoomError `invalid_argument` for missing, mixed or malformed credentials
 */
export function createOpenTokAdapter(options: OpenTokAdapterOptions): OpenTokAdapter {
  return createAdapterForAccount(resolveAccount(options), options);
}

/**
 * {@link createOpenTokAdapter} for credentials already resolved (room-server resolves them once).
 *
 * @param account - the resolved account
 * @param options - apiUrl, deadline and retry policy
 * @returns the adapter
 */
export function createAdapterForAccount(
  account: Account,
  options: Omit<OpenTokAdapterOptions, 'apiKey' | 'apiSecret' | 'applicationId' | 'privateKey'>,
): OpenTokAdapter {
  const timeoutMs = positiveInteger(options.timeoutMs ?? 10_000, 'opentok.timeoutMs');
  const retries = nonNegativeInteger(options.retries ?? 2, 'opentok.retries');
  const backoff = {
    baseDelayMs: nonNegativeInteger(options.retryBaseDelayMs ?? 200, 'opentok.retryBaseDelayMs'),
    maxDelayMs: nonNegativeInteger(options.retryMaxDelayMs ?? 2000, 'opentok.retryMaxDelayMs'),
    random: options.random ?? Math.random,
  };
  const transport = createRestTransport({
    account,
    ...(options.apiUrl === undefined ? {} : { apiUrl: options.apiUrl }),
    timeoutMs,
    retries,
    backoff,
  });
  const sessionPath = (sessionId: string) =>
    `${transport.projectPath}/session/${encodeURIComponent(sessionId)}`;

  return {
    accountKind: account.kind,
    projectPath: transport.projectPath,
    request: transport.request,
    createSession(session) {
      return createSession(transport, session);
    },
    async signal(sessionId, signal, connectionId) {
      const target =
        connectionId === undefined ? '' : `/connection/${encodeURIComponent(connectionId)}`;
      await transport.request(
        'POST',
        `${sessionPath(sessionId)}${target}/signal`,
        { type: signal.type, data: signal.data },
        { what: 'OpenTok signal', retry: false },
      );
    },
    async forceDisconnect(sessionId, connectionId) {
      await transport.request(
        'DELETE',
        `${sessionPath(sessionId)}/connection/${encodeURIComponent(connectionId)}`,
        undefined,
        { what: 'OpenTok forceDisconnect', retry: true },
      );
    },
    async muteAll(sessionId, excludedStreamIds = []) {
      await transport.request(
        'POST',
        `${sessionPath(sessionId)}/mute`,
        { active: true, excludedStreamIds: [...excludedStreamIds] },
        { what: 'OpenTok muteAll', retry: true },
      );
    },
  };
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
