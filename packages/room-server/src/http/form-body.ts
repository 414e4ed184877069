import { invalidArgument, RoomError } from '../errors.js';
import { decodeUtf8, parseJsonText, readBodyBytes } from './read-body.js';

const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);

/** A body read by {@link readJsonOrFormBody}: parsed JSON, or a form's fields as strings. */
export type JsonOrFormBody =
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'form'; readonly value: Record<string, string> };

/**
 * Reads a body sent as JSON or as an HTML form. OpenTok's sample pages post either: the older
 * ones with jQuery's `$.post(url, { sessionId })` (urlencoded), some with `fetch` and a
 * `FormData` (multipart), the newer ones JSON.
 *
 * @param request - the request
 * @param maxBytes - the size limit
 * @returns the parsed body; an empty body is the JSON `{}`
 * @throws RoomError `payload_too_large`, `unsupported_media_type` (neither JSON nor a form),
 *   `invalid_argument` (unparsable, a field given twice, a file in the form)
 */
export async function readJsonOrFormBody(
  request: Request,
  maxBytes: number,
): Promise<JsonOrFormBody> {
  const bytes = await readBodyBytes(request, maxBytes);
  const contentType = request.headers.get('content-type');
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (bytes.length === 0 || !FORM_TYPES.has(type)) {
    if (bytes.length > 0 && type !== 'application/json') {
      throw new RoomError(
        'unsupported_media_type',
        'Send the body as application/json or as a form (application/x-www-form-urlencoded or multipart/form-data).',
      );
    }
    return { kind: 'json', value: parseJsonText(decodeUtf8(bytes), contentType) };
  }
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { 'content-type': contentType! } }).formData();
  } catch (error) {
    throw new RoomError('invalid_argument', 'The request body is not a valid form.', {
      field: 'body',
      cause: error,
    });
  }
  const fields: Record<string, string> = {};
  for (const [key, value] of form) {
    if (typeof value !== 'string') {
      throw invalidArgument(key, `Form field "${key}" must be text, not a file.`);
    }
    if (Object.hasOwn(fields, key)) {
      throw invalidArgument(key, `Form field "${key}" is given more than once.`);
    }
    fields[key] = value;
  }
  return { kind: 'form', value: fields };
}
