import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RestResponse } from './rest-types.js';

/** Largest request body the emulator reads, in bytes (64 KiB). @internal */
export const MAX_BODY_BYTES: number = 64 * 1024;

/**
 * Reads a request body as UTF-8 text, up to `limit` bytes.
 *
 * @param request - The incoming request.
 * @param limit - Largest body accepted, in bytes.
 * @returns The body, or `undefined` when it is larger than `limit`.
 * @throws Error when the client aborts the request.
 * @internal
 */
export function readBody(request: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      request.resume();
      resolve(undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (action: () => void): void => {
      if (settled) return;
      settled = true;
      action();
    };
    request.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) settle(() => resolve(undefined));
      else chunks.push(chunk);
    });
    request.on('end', () => settle(() => resolve(Buffer.concat(chunks).toString('utf8'))));
    request.on('error', (error) => settle(() => reject(error)));
    request.on('close', () => settle(() => reject(new Error('Request aborted by the client.'))));
  });
}

/**
 * Writes a REST response (ends it).
 *
 * @param response - The server response.
 * @param rest - Status, content type, body and extra headers.
 * @param closeConnection - Ask the client to close the connection afterwards.
 * @internal
 */
export function writeResponse(
  response: ServerResponse,
  rest: RestResponse,
  closeConnection = false,
): void {
  if (response.headersSent || response.destroyed) return;
  const body = Buffer.from(rest.body, 'utf8');
  response.statusCode = rest.status;
  response.setHeader('Content-Type', rest.contentType);
  response.setHeader('Content-Length', body.length);
  for (const [name, value] of Object.entries(rest.headers ?? {})) response.setHeader(name, value);
  if (closeConnection) response.setHeader('Connection', 'close');
  response.end(body);
}
