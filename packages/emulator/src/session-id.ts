import { randomInt } from 'node:crypto';

/** What {@link encodeSessionId} puts into a session id. */
export interface SessionIdInput {
  /** The project's API key. Must not be empty nor contain `~`. */
  apiKey: string;
  /** The location hint (an IPv4 address), if the session was created with one. */
  location?: string;
  /** Creation time in milliseconds since the epoch. Default: now. */
  createdAt?: number;
  /** The random part. Default: 24 random letters and digits, like OpenTok's. */
  random?: string;
  /** The flags field (free text without `~`). Default: empty. */
  flags?: string;
}

/** The fields {@link decodeSessionId} reads from a session id. */
export interface DecodedSessionId {
  /** The id's prefix digit (`1_...` or `2_...`). */
  prefix: '1' | '2';
  /** The project's API key. */
  apiKey: string;
  /** The location hint, when the id carries one. */
  location?: string;
  /** Creation time in milliseconds since the epoch. */
  createdAt: number;
  /** The random part. */
  random: string;
  /** The flags field (often empty). */
  flags: string;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const MAX_SESSION_ID_LENGTH = 255;

function randomPart(length: number): string {
  let text = '';
  for (let index = 0; index < length; index += 1) text += ALPHABET[randomInt(ALPHABET.length)];
  return text;
}

function checkField(name: string, value: string): void {
  if (value.includes('~') || !/^[\x20-\x7e]*$/.test(value)) {
    throw new TypeError(`Session id field "${name}" must be printable ASCII without "~".`);
  }
}

/**
 * Builds a session id in OpenTok's format: `1_` + unpadded base64url of
 * `1~{apiKey}~{location}~{createTime ms}~{random}~{flags}~` (about 72 characters).
 * The `opentok` SDK's `generateToken` accepts it for the same API key.
 *
 * @param input - The API key and optional location, creation time, random part and flags.
 * @returns The session id.
 * @throws TypeError when a field is empty where required or contains `~`.
 *
 * @example
 * ```ts
 * const sessionId = encodeSessionId({ apiKey: '12345678' });
 * decodeSessionId(sessionId)?.apiKey; // '12345678'
 * ```
 */
export function encodeSessionId(input: SessionIdInput): string {
  const { apiKey, location = '', random = randomPart(24), flags = '' } = input;
  const createdAt = input.createdAt ?? Date.now();
  if (apiKey.length === 0) throw new TypeError('Session id needs a non-empty apiKey.');
  if (!Number.isSafeInteger(createdAt) || createdAt < 0) {
    throw new TypeError('Session id createdAt must be a non-negative integer (ms).');
  }
  checkField('apiKey', apiKey);
  checkField('location', location);
  checkField('random', random);
  checkField('flags', flags);
  const raw = `1~${apiKey}~${location}~${createdAt}~${random}~${flags}~`;
  return `1_${Buffer.from(raw, 'ascii').toString('base64url')}`;
}

/**
 * Reads the fields of an OpenTok session id (`1_` or `2_` + base64url of `~`-separated fields).
 *
 * @param sessionId - A session id, from OpenTok or from {@link encodeSessionId}.
 * @returns The decoded fields, or `undefined` when `sessionId` is not a well-formed session id.
 */
export function decodeSessionId(sessionId: string): DecodedSessionId | undefined {
  if (typeof sessionId !== 'string' || sessionId.length > MAX_SESSION_ID_LENGTH) return undefined;
  const match = /^([12])_([A-Za-z0-9_-]+)$/.exec(sessionId);
  if (match === null) return undefined;
  const [, prefix, body = ''] = match;
  if (body.length % 4 === 1) return undefined;
  const text = Buffer.from(body, 'base64url').toString('latin1');
  if (!/^[\x20-\x7e]*$/.test(text)) return undefined;
  const fields = text.split('~');
  if (fields.length < 5) return undefined;
  const [version, apiKey = '', location = '', createTime = '', random = '', flags = ''] = fields;
  if (version !== '1' || apiKey.length === 0 || !/^\d+$/.test(createTime)) return undefined;
  const createdAt = Number(createTime);
  if (!Number.isSafeInteger(createdAt)) return undefined;
  const decoded: DecodedSessionId = {
    prefix: prefix === '2' ? '2' : '1',
    apiKey,
    createdAt,
    random,
    flags,
  };
  if (location.length > 0) decoded.location = location;
  return decoded;
}
