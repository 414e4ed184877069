import { RoomError } from '../errors.js';

/**
 * Reads a request body as text, refusing more than `maxBytes` (by Content-Length up front, and by
 * counting as it streams, for bodies sent without one).
 *
 * @param request - the request
 * @param maxBytes - the limit
 * @returns the body text ('' when there is none)
 * @throws RoomError `payload_too_large`, or `invalid_argument` for a body that is not UTF-8
 */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  return decodeUtf8(await readBodyBytes(request, maxBytes));
}

/**
 * Reads a request body's bytes, refusing more than `maxBytes` (as {@link readBodyText}).
 *
 * @param request - the request
 * @param maxBytes - the limit
 * @returns the bytes (empty when there is no body)
 * @throws RoomError `payload_too_large`
 */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads a JSON body: empty means `{}`, anything else must be `application/json` and parse.
 *
 * @param request - the request
 * @param maxBytes - the size limit
 * @returns the parsed value and the raw text
 * @throws RoomError `payload_too_large`, `unsupported_media_type`, `invalid_argument`
 */
export async function readJsonBody(
  request: Request,
  maxBytes: number,
): Promise<{ value: unknown; text: string }> {
  const text = await readBodyText(request, maxBytes);
  return { value: parseJsonText(text, request.headers.get('content-type')), text };
}

/**
 * Parses a JSON body's text: empty means `{}`, anything else must be `application/json` and parse.
 *
 * @param text - the body
 * @param contentType - the Content-Type header, or null
 * @returns the parsed value
 * @throws RoomError `unsupported_media_type`, `invalid_argument`
 */
export function parseJsonText(text: string, contentType: string | null | undefined): unknown {
  if (text.trim() === '') return {};
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new RoomError('unsupported_media_type', 'Send the body as application/json.');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new RoomError('invalid_argument', 'The request body is not valid JSON.', {
      field: 'body',
    });
  }
}

/**
 * Decodes a body's bytes as UTF-8, refusing anything that is not.
 *
 * @throws RoomError `invalid_argument`
 */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new RoomError('invalid_argument', 'The request body is not valid UTF-8.', {
      field: 'body',
    });
  }
}

/** The `payload_too_large` error of a body over `maxBytes`. */
export function tooLarge(maxBytes: number): RoomError {
  return new RoomError('payload_too_large', `The request body must be at most ${maxBytes} bytes.`);
}
