import { randomBytes, randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAccount, type EmulatorAccount, type EmulatorAccountKind } from './account.js';
import type { ArchiveCallbackBody } from './archive/archive-callback.js';
import { serveArchiveMedia } from './archive/archive-media.js';
import { type ArchivePauseTimeouts, resolvePauseTimeouts } from './archive/archive-pause.js';
import type { ArchiveRecorder } from './archive/archive-recorder.js';
import { ARCHIVE_MEDIA_PREFIX, ArchiveService } from './archive/archive-service.js';
import { createArchiveRecorder } from './archive/media-archive-recorder.js';
import { loadClientScript } from './client-script.js';
import { type ConnectStalls, createConnectStalls } from './connect-stalls.js';
import type { EmulatedSession } from './emulated-session.js';
import {
  createFaultQueue,
  type Fault,
  type FaultInjector,
  type MediaFaultInjector,
} from './faults.js';
import type { MediaRouterOptions } from './media/media-options.js';
import { MediaRouter } from './media/media-router.js';
import type { RoutedSessionStats } from './media/media-stats.js';
import { matchesPath } from './path-pattern.js';
import { SESSION_INFO_PATH, type SessionInfo, SIGNALLING_PATH } from './protocol.js';
import { MAX_BODY_BYTES, readBody, writeResponse } from './rest/http-io.js';
import { type EmulatorState, errorResponse, type RestResponse } from './rest/rest-types.js';
import { routeRequest } from './rest/router.js';
import type { ClientConnection, DropClientOptions } from './signalling/client-connection.js';
import {
  type CallbackPoster,
  createCallbackPoster,
  type SessionCallbackBody,
} from './signalling/session-callbacks.js';
import { SessionHub } from './signalling/session-hub.js';
import { attachSignalling } from './signalling/signalling-server.js';

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /**
   * Which kind of account to act as. `'opentok'` (default): an OpenTok project with an API key and
   * secret (HS256, `X-OPENTOK-AUTH`). `'vonage'`: a Vonage application with a generated RSA key
   * pair and application ID (`applicationId`, `privateKey`): REST calls need a Bearer RS256 JWT,
   * client tokens must be RS256, anything else is refused as the platform does (401,
   * `OT_AUTHENTICATION_ERROR`).
   */
  account?: EmulatorAccountKind;
  /** The project API key. Default: a random 8-digit number, like real keys. OpenTok accounts only. */
  apiKey?: string;
  /** The project API secret. Default: 40 random hex characters, like real secrets. */
  apiSecret?: string;
  /**
   * Session-monitoring callback URL: connection and stream events (and sessionCreated /
   * sessionDestroyed) are POSTed there as JSON, in OpenTok's shape, and so are archive status
   * changes (`{ event: 'archive', status, … }`). Default: none.
   */
  callbackUrl?: string;
  /**
   * Signs every callback as OpenTok's secure callbacks do (`Authorization: Bearer <JWT>`, HS256 with
   * this secret, `payload_hash` the SHA-256 of the body). Default: unsigned.
   */
  callbackSignatureSecret?: string;
  /**
   * Called when a callback still fails after its retries. Default: a `console.warn`.
   *
   * @param error - The last failure.
   * @param body - The callback that was not delivered.
   */
  onCallbackError?: (error: unknown, body: SessionCallbackBody | ArchiveCallbackBody) => void;
  /**
   * How long the connection of a client whose socket dropped waits for the client to come back,
   * in milliseconds. Default 10 000.
   */
  reconnectWindowMs?: number;
  /**
   * How long an archive may go without a published stream before the emulator stops it, as
   * OpenTok does (by default OpenTok's figures: 60 s with nobody connected or nobody published
   * yet, 60 min while clients stay connected without publishing). An archive whose session's last
   * stream ends goes `paused`, and back to `started` when someone publishes again. Tests shorten
   * these rather than wait a minute.
   */
  archivePauseTimeouts?: ArchivePauseTimeouts;
  /**
   * The media router of routed sessions: where its UDP sockets bind (default `127.0.0.1`), its
   * port range, caps on sessions and streams, and where archives are recorded.
   */
  media?: MediaRouterOptions;
}

/** The emulator's media router, as tests and the archive API see it. */
export interface EmulatorMedia {
  /**
   * Counts the subscriber streams the media router forwards right now (routed sessions only:
   * relayed sessions go peer to peer and count 0).
   *
   * @param sessionId - Only this session's. Default: every session.
   * @returns How many downstreams the router feeds.
   */
  forwardedStreams(sessionId?: string): number;
  /**
   * What the media router receives from each publisher and forwards to each subscriber: packets
   * and bytes by kind, keyframes, keyframe requests (PLI/FIR), NACKs, and the state (connection,
   * ICE, DTLS) of every peer connection it holds.
   *
   * @param sessionId - Only this session's. Default: every routed session.
   * @returns One entry per routed session.
   */
  stats(sessionId?: string): RoutedSessionStats[];
  /**
   * Schedules failures for the router's next downstream peer connections (a subscriber's that
   * never connects), to test the router's recovery: it rebuilds a downstream whose DTLS fails or
   * that is not connected within 15 s (30 s with its DTLS handshake under way), up to 3 times.
   */
  readonly faults: MediaFaultInjector;
  /** Records routed sessions to files (what the archive REST API starts and stops). */
  readonly recorder: ArchiveRecorder;
}

/** One REST request the emulator received. */
export interface RecordedRequest {
  /** Upper-case HTTP method. */
  method: string;
  /** The path without query string. */
  path: string;
  /** The status answered, or `hang`/`reset` for those faults. */
  status: number | 'hang' | 'reset';
  /** When the request was answered (or hung / reset), in milliseconds since the epoch. */
  at: number;
}

/** Which requests {@link Emulator.countRequests} counts. */
export interface RequestFilter {
  /** HTTP method (any case). Default: any. */
  method?: string;
  /** Exact path or a RegExp tested on it. Default: any. */
  path?: string | RegExp;
}

/** A running emulator (see {@link startEmulator}). */
export interface Emulator {
  /** Base URL, e.g. `http://127.0.0.1:PORT`: pass it as the SDK's `apiUrl`. */
  readonly url: string;
  /** Which kind of account the emulator acts as. */
  readonly account: EmulatorAccountKind;
  /** The project API key the emulator accepts (for a Vonage account: the application ID). */
  readonly apiKey: string;
  /**
   * The project API secret the emulator accepts (for a Vonage account: the private key PEM, so that
   * `new OpenTok(apiKey, apiSecret)` switches the SDK to its Vonage path).
   */
  readonly apiSecret: string;
  /** Vonage accounts: the application ID (a UUID). */
  readonly applicationId?: string;
  /** Vonage accounts: the application's RSA private key, PKCS#8 PEM. */
  readonly privateKey?: string;
  /** Schedules failures for the next REST requests. */
  readonly faults: FaultInjector;
  /**
   * Holds the next browser connects at a phase of the SDK's connect (the socket opening, or the
   * connect acknowledgement), as a slow network does: to test leaving while connecting.
   */
  readonly connectStalls: ConnectStalls;
  /** A snapshot of every REST request received so far, oldest first. */
  readonly requests: readonly RecordedRequest[];
  /**
   * Counts recorded requests.
   *
   * @param filter - Method and/or path to match. Default: all requests.
   * @returns How many recorded requests match.
   */
  countRequests(filter?: RequestFilter): number;
  /** The WebSocket URL browser clients connect to (`ws://…/v2/client/ws`). */
  readonly signallingUrl: string;
  /** The URL of the script build that defines a global `OT` (`{url}/ot.js`). */
  readonly scriptUrl: string;
  /** The media router of routed sessions, and its archive recorder. */
  readonly media: EmulatorMedia;
  /**
   * Lists the browser clients connected right now.
   *
   * @param sessionId - Only this session's. Default: every session.
   * @returns Snapshots, oldest first.
   */
  connections(sessionId?: string): readonly ClientConnection[];
  /**
   * Drops a client's socket as a network failure would (fault injection for clients).
   *
   * @param connectionId - The client's `session.connection.connectionId`.
   * @param options - `reconnect: true` (default): the client goes `sessionReconnecting` then
   *   `sessionReconnected`; `false`: its connection is gone and it gets `sessionDisconnected`
   *   with reason `networkDisconnected`.
   * @returns Whether such a connection existed.
   */
  dropClient(connectionId: string, options?: DropClientOptions): boolean;
  /**
   * Waits until every stopped archive has its final status (`available` or `failed`) and every
   * callback queued so far was delivered or given up.
   *
   * @returns Resolves when nothing is pending.
   */
  callbacksSettled(): Promise<void>;
  /**
   * Lists the sessions created so far.
   *
   * @returns Copies of the sessions, oldest first.
   */
  sessions(): readonly EmulatedSession[];
  /**
   * Stops the server and ends every open connection, hung requests included. Safe to call twice.
   *
   * @returns Resolves once the server is closed.
   */
  close(): Promise<void>;
}

/** Where the script build of the browser SDK is served. */
const SCRIPT_PATH = '/ot.js';

async function serveScript(response: ServerResponse): Promise<void> {
  const script = await loadClientScript();
  if (script === undefined) {
    writeResponse(response, {
      status: 404,
      body: '// ot.js is missing: build @opentok-rooms/emulator first (pnpm run build).\n',
      contentType: 'text/javascript; charset=utf-8',
    });
    return;
  }
  writeResponse(response, {
    status: 200,
    body: script,
    contentType: 'text/javascript; charset=utf-8',
    headers: { 'Cache-Control': 'no-cache', 'Access-Control-Allow-Origin': '*' },
  });
}

function listenUrl(host: string, port: number): string {
  let shown = host;
  if (host === '0.0.0.0' || host === '') shown = '127.0.0.1';
  else if (host === '::') shown = '::1';
  return shown.includes(':') ? `http://[${shown}]:${port}` : `http://${shown}:${port}`;
}

function checkOptions(options: EmulatorOptions): void {
  const { port, apiKey, apiSecret, callbackUrl, reconnectWindowMs, account } = options;
  if (account !== undefined && account !== 'opentok' && account !== 'vonage') {
    throw new TypeError('account must be "opentok" or "vonage".');
  }
  if (account === 'vonage' && (apiKey !== undefined || apiSecret !== undefined)) {
    throw new TypeError(
      'A Vonage account generates its application ID and key pair: do not pass apiKey or apiSecret.',
    );
  }
  if (callbackUrl !== undefined && !/^https?:\/\//.test(callbackUrl)) {
    throw new TypeError('callbackUrl must be an http(s) URL.');
  }
  if (
    reconnectWindowMs !== undefined &&
    (!Number.isFinite(reconnectWindowMs) || reconnectWindowMs < 0)
  ) {
    throw new RangeError('reconnectWindowMs must be a non-negative number.');
  }
  resolvePauseTimeouts(options.archivePauseTimeouts);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new RangeError(`port must be an integer 0-65535, got ${port}.`);
  }
  if (apiKey !== undefined && !/^[\x21-\x7d]+$/.test(apiKey)) {
    throw new TypeError('apiKey must be non-empty printable ASCII without spaces or "~".');
  }
  if (apiSecret !== undefined && apiSecret.length === 0) {
    throw new TypeError('apiSecret must not be empty.');
  }
}

function pathOf(rawUrl: string | undefined): { path: string; query: URLSearchParams } {
  // Split by hand: `new URL('//x/y', base)` would read `x` as a host.
  const target = rawUrl ?? '/';
  const mark = target.indexOf('?');
  if (mark < 0) return { path: target, query: new URLSearchParams() };
  return { path: target.slice(0, mark), query: new URLSearchParams(target.slice(mark + 1)) };
}

function faultResponse(fault: Extract<Fault, { kind: 'status' | 'malformed' }>): RestResponse {
  if (fault.kind === 'malformed') {
    return { status: 200, body: fault.body, contentType: fault.contentType };
  }
  return {
    status: fault.status,
    body: fault.body ?? JSON.stringify({ code: fault.status, message: 'Injected fault' }),
    contentType: fault.contentType ?? 'application/json',
  };
}

/**
 * Starts a local OpenTok emulator: an HTTP server speaking the REST API the `opentok` server SDK
 * uses, with fault injection and a request log.
 *
 * @param options - Port, host and credentials; all optional.
 * @returns The running emulator.
 * @throws RangeError or TypeError for invalid options; the listen error when the port is taken.
 *
 * @example
 * ```ts
 * import OpenTok from 'opentok';
 * import { startEmulator } from '@opentok-rooms/emulator';
 *
 * const emulator = await startEmulator();
 * const opentok = new OpenTok(emulator.apiKey, emulator.apiSecret, { apiUrl: emulator.url });
 * opentok.createSession({ mediaMode: 'routed' }, (error, session) => {
 *   console.log(error ?? session.sessionId);
 * });
 * // later
 * await emulator.close();
 * ```
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  checkOptions(options);
  const host = options.host ?? '127.0.0.1';
  const account: EmulatorAccount =
    options.account === 'vonage'
      ? await createAccount()
      : {
          kind: 'opentok',
          apiKey: options.apiKey ?? String(randomInt(10_000_000, 100_000_000)),
          apiSecret: options.apiSecret ?? randomBytes(20).toString('hex'),
        };
  const credentials = {
    apiKey: account.apiKey,
    apiSecret: account.apiSecret,
    ...(account.publicKey === undefined ? {} : { publicKey: account.publicKey }),
  };
  const now = (): number => Date.now();
  let poster: CallbackPoster | undefined;
  if (options.callbackUrl !== undefined) {
    const onError =
      options.onCallbackError ??
      ((error: unknown, body: SessionCallbackBody | ArchiveCallbackBody): void => {
        console.warn(`opentok-emulator: callback ${body.event} not delivered:`, error);
      });
    poster = createCallbackPoster(
      options.callbackUrl,
      credentials.apiKey,
      now,
      onError,
      options.callbackSignatureSecret,
    );
  }
  let baseUrl = '';
  const sessions = new Map<string, EmulatedSession>();
  const hub: SessionHub = new SessionHub({
    credentials,
    reconnectWindowMs: options.reconnectWindowMs ?? 10_000,
    now,
    onEvent: (event) => {
      router.onHubEvent(event);
      poster?.post(event);
      archives.onSessionEvent(event);
    },
    recordingArchives: (sessionId) => archives.recordingArchives(sessionId),
  });
  const router = new MediaRouter(options.media, {
    mediaModeOf: (sessionId) => sessions.get(sessionId)?.mediaMode ?? 'relayed',
    deliver: (connectionId, message) => hub.deliverTo(connectionId, message),
  });
  const recorder = createArchiveRecorder(router, router.options.archiveDirectory);
  const archives: ArchiveService = new ArchiveService({
    apiKey: credentials.apiKey,
    sessions,
    hub,
    now,
    baseUrl: () => baseUrl,
    postCallback: (body) => poster?.postArchive(body),
    // Routed sessions are recorded by the media router; any other session's archive file is a
    // generated placeholder (see the README).
    recorderFor: (sessionId) =>
      sessions.get(sessionId)?.mediaMode === 'routed' ? recorder : undefined,
    pauseTimeouts: resolvePauseTimeouts(options.archivePauseTimeouts),
  });
  const state: EmulatorState = { ...credentials, sessions, hub, archives, now };
  const faults = createFaultQueue();
  const stalls = createConnectStalls();
  const recorded: RecordedRequest[] = [];
  const hung = new Set<ServerResponse>();

  const record = (method: string, path: string, status: RecordedRequest['status']): void => {
    recorded.push({ method, path, status, at: Date.now() });
  };

  const answer = (
    response: ServerResponse,
    method: string,
    path: string,
    rest: RestResponse,
    closeConnection = false,
  ): void => {
    record(method, path, rest.status);
    writeResponse(response, rest, closeConnection);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const method = (request.method ?? 'GET').toUpperCase();
    const { path, query } = pathOf(request.url);
    if (path === SCRIPT_PATH && (method === 'GET' || method === 'HEAD')) {
      await serveScript(response);
      return;
    }
    if (path === SESSION_INFO_PATH && method === 'GET') {
      // Read by pages of any origin, like ot.js itself; not an OpenTok REST call, so not recorded.
      const info: SessionInfo = {
        sessionId: query.get('sessionId') ?? '',
        signallingPath: SIGNALLING_PATH,
      };
      writeResponse(response, {
        status: 200,
        body: JSON.stringify(info),
        contentType: 'application/json',
        headers: { 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' },
      });
      return;
    }
    if (path.startsWith(ARCHIVE_MEDIA_PREFIX) && (method === 'GET' || method === 'HEAD')) {
      record(method, path, 200);
      serveArchiveMedia(archives, path, response);
      return;
    }
    const fault = faults.take(path);
    if (fault?.kind === 'reset') {
      record(method, path, 'reset');
      request.socket.destroy();
      return;
    }
    if (fault?.kind === 'hang') {
      record(method, path, 'hang');
      hung.add(response);
      response.on('close', () => hung.delete(response));
      request.resume();
      return;
    }
    const body = await readBody(request, MAX_BODY_BYTES);
    if (fault !== undefined) {
      answer(response, method, path, faultResponse(fault));
      return;
    }
    if (body === undefined) {
      const tooLarge = errorResponse(413, `Request body is larger than ${MAX_BODY_BYTES} bytes.`);
      answer(response, method, path, tooLarge, true);
      return;
    }
    const rest = routeRequest({ method, path, query, headers: request.headers, body }, state);
    answer(response, method, path, rest);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      // The client went away while sending, or a handler threw: answer 500 if still possible.
      if (!response.headersSent && !response.destroyed) {
        const { path } = pathOf(request.url);
        const method = (request.method ?? 'GET').toUpperCase();
        answer(response, method, path, errorResponse(500, 'Internal emulator error.'), true);
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = listenUrl(host, port);
  baseUrl = url;
  const signalling = attachSignalling(server, hub, router, stalls);

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve, reject) => {
      signalling.close();
      hub.close();
      archives.close();
      router.close();
      poster?.close();
      const closed = new Promise<void>((done, fail) =>
        server.close((error) => (error === undefined ? done() : fail(error))),
      );
      Promise.all([closed, recorder.close()]).then(() => resolve(), reject);
      for (const response of hung) response.destroy();
      hung.clear();
      server.closeAllConnections();
    });
    return closing;
  };

  const injector: FaultInjector = {
    next: (fault, faultOptions) => faults.next(fault, faultOptions),
    clear: () => faults.clear(),
  };

  return {
    url,
    account: account.kind,
    apiKey: state.apiKey,
    apiSecret: state.apiSecret,
    ...(account.kind === 'vonage'
      ? { applicationId: account.apiKey, privateKey: account.apiSecret }
      : {}),
    signallingUrl: `${url.replace(/^http/, 'ws')}${SIGNALLING_PATH}`,
    scriptUrl: `${url}${SCRIPT_PATH}`,
    media: {
      forwardedStreams: (sessionId) => router.forwardedStreams(sessionId),
      stats: (sessionId) => router.stats(sessionId),
      faults: router.faults,
      recorder,
    },
    faults: injector,
    connectStalls: { next: (stall) => stalls.next(stall), clear: () => stalls.clear() },
    connections: (sessionId) => hub.connections(sessionId),
    dropClient: (connectionId, dropOptions = {}) =>
      hub.drop(connectionId, dropOptions.reconnect ?? true),
    callbacksSettled: async () => {
      await archives.settled();
      await poster?.idle();
    },
    get requests(): readonly RecordedRequest[] {
      return recorded.map((entry) => ({ ...entry }));
    },
    countRequests(filter: RequestFilter = {}): number {
      const method = filter.method?.toUpperCase();
      return recorded.filter(
        (entry) =>
          (method === undefined || entry.method === method) && matchesPath(filter.path, entry.path),
      ).length;
    },
    sessions(): readonly EmulatedSession[] {
      return [...state.sessions.values()].map((session) => ({ ...session }));
    },
    close,
  };
}
