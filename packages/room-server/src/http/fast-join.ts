import type { IncomingMessage, ServerResponse } from 'node:http';
import { defaultClientKey } from '../limits/client-key.js';
import { grantedJoin, type JoinRequest } from './join-flow.js';
import { decodeUtf8, parseJsonText } from './read-body.js';
import { errorReply, type Reply } from './reply.js';
import { joinRoomBody, parseWith } from './request-schemas.js';
import { compatReply, joinReply, type RouteContext, stripUndefined } from './room-routes.js';

/** Where a handler keeps what its node:http fast path needs. */
export const FAST_JOIN: unique symbol = Symbol('opentok-rooms.fastJoin');

/** What the fast path of a handler needs: the same context its Fetch routes use. */
export interface FastJoinRoutes {
  context: RouteContext;
  basePath: string;
  compat: boolean;
  clientKey: (request: Request, remoteAddress: string | undefined) => string;
  /** `authorize` or `clientKey` is the user's: they get a real Fetch `Request`. */
  custom: boolean;
  onServerError: ((error: unknown, request: Request) => void) | undefined;
}

// The fast path takes only requests the Fetch path would see exactly as sent: a plain path (no
// percent-escapes, query, dot segments) and a host @hono/node-server takes as it is (its own rule).
// Anything else, and every other route, goes through Hono; so the fast path needs no URL decoder
// and no router of its own beyond these three fixed shapes.
const PLAIN_PATH = /^\/[A-Za-z0-9._~\-/]*$/;
const DOT_SEGMENT = /\/\.\.?(?:\/|$)/;
const PLAIN_HOST = /^[a-z0-9._-]+(?::(?:[1-5]\d{3,4}|[6-9]\d{3}))?$/;
const DIGITS = /^\d+$/;

type Hot = { room: string; kind: 'join' | 'compat' };

function match(fast: FastJoinRoutes, method: string, path: string): Hot | undefined {
  if (!path.startsWith(fast.basePath)) return undefined;
  const rest = path.slice(fast.basePath.length);
  if (method === 'POST' && rest.startsWith('/rooms/') && rest.endsWith('/join')) {
    const room = rest.slice(7, -5);
    if (room !== '' && !room.includes('/')) return { room, kind: 'join' };
  } else if (method === 'GET' && fast.compat) {
    if (rest === '/session') return { room: 'session', kind: 'compat' };
    if (rest.startsWith('/room/')) {
      const room = rest.slice(6);
      if (room !== '' && !room.includes('/')) return { room, kind: 'compat' };
    }
  }
  return undefined;
}

/**
 * The join routes answered straight from `node:http`, without building a Fetch `Request` and
 * `Response` (most of a join's cost through the adapter). The answer is the Fetch path's to the
 * byte: both come from the same {@link Reply} and the same join flow, which a test checks over the
 * fuzz corpus.
 *
 * @param fast - the handler's fast-path context
 * @returns `(incoming, outgoing)`: a promise when it answers, undefined to leave the request to
 *   the Fetch path
 */
export function createFastJoin(
  fast: FastJoinRoutes,
): (incoming: IncomingMessage, outgoing: ServerResponse) => Promise<void> | undefined {
  const { context } = fast;
  return (incoming, outgoing) => {
    const url = incoming.url ?? '';
    const host = incoming.headers.host;
    if (
      incoming.httpVersionMajor !== 1 ||
      host === undefined ||
      !PLAIN_HOST.test(host) ||
      !PLAIN_PATH.test(url) ||
      DOT_SEGMENT.test(url)
    ) {
      return undefined;
    }
    const hot = match(fast, incoming.method ?? '', url);
    if (!hot) return undefined;
    let declared = 0;
    if (hot.kind === 'join') {
      const length = incoming.headers['content-length'];
      if (incoming.headers['transfer-encoding'] !== undefined || incoming.readableEnded) {
        return undefined;
      }
      if (length !== undefined) {
        if (!DIGITS.test(length)) return undefined;
        declared = Number(length);
        // Refusing a body before reading it leaves the connection to the adapter's drain rules.
        if (declared > context.maxBodyBytes) return undefined;
      }
    }
    let request: Request | undefined;
    const requestOf = (): Request => {
      request ??= new Request(`http://${host}${url}`, {
        method: incoming.method ?? 'GET',
        headers: headersOf(incoming),
      });
      return request;
    };
    if (fast.custom) {
      try {
        requestOf();
      } catch {
        return undefined;
      }
    }
    return answer(incoming, outgoing, hot, declared, requestOf);
  };

  async function answer(
    incoming: IncomingMessage,
    outgoing: ServerResponse,
    hot: Hot,
    declared: number,
    requestOf: () => Request,
  ): Promise<void> {
    let reply: Reply;
    try {
      const remoteAddress = incoming.socket?.remoteAddress;
      const clientKey = fast.custom
        ? fast.clientKey(requestOf(), remoteAddress)
        : defaultClientKey(remoteAddress);
      let requested: JoinRequest['requested'] = {};
      if (hot.kind === 'join') {
        const text = declared === 0 ? '' : decodeUtf8(await readBody(incoming, declared));
        const body = parseJsonText(text, incoming.headers['content-type']);
        requested = stripUndefined(parseWith(joinRoomBody, body));
      }
      const join = await grantedJoin(context, {
        request: requestOf,
        clientKey,
        room: hot.room,
        requested,
        compat: hot.kind === 'compat',
      });
      reply = hot.kind === 'join' ? joinReply(join) : compatReply(join);
    } catch (error) {
      reply = errorReply(error);
      if (reply.status >= 500) fast.onServerError?.(error, requestOf());
    }
    write(outgoing, reply);
  }
}

/** Writes a reply the way @hono/node-server writes the Fetch response made of it. */
function write(outgoing: ServerResponse, reply: Reply): void {
  const headers: Record<string, string | number> = {};
  // A Fetch Headers object iterates in sorted order; the adapter appends content-length last.
  for (const name of Object.keys(reply.headers).sort()) headers[name] = reply.headers[name]!;
  headers['content-length'] = Buffer.byteLength(reply.body);
  outgoing.writeHead(reply.status, headers);
  outgoing.end(reply.body);
}

function headersOf(incoming: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = incoming.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  return headers;
}

/** Reads a body of a known length (the HTTP parser holds the client to it). */
function readBody(incoming: IncomingMessage, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const onData = (chunk: Buffer) => chunks.push(chunk);
    const onEnd = () => {
      cleanUp();
      resolve(Buffer.concat(chunks, length));
    };
    const onError = (error: unknown) => {
      cleanUp();
      reject(error);
    };
    function cleanUp() {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
      incoming.off('aborted', onError);
    }
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
    incoming.on('aborted', onError);
  });
}
