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
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return '';
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
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new RoomError('invalid_argument', 'The request body is not valid UTF-8.', {
      field: 'body',
    });
  }
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
  if (text.trim() === '') return { value: {}, text };
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new RoomError('unsupported_media_type', 'Send the body as application/json.');
  }
  try {
    return { value: JSON.parse(text), text };
  } catch {
    throw new RoomError('invalid_argument', 'The request body is not valid JSON.', {
      field: 'body',
    });
  }
}

function tooLarge(maxBytes: number): RoomError {
  return new RoomError('payload_too_large', `The request body must be at most ${maxBytes} bytes.`);
}
