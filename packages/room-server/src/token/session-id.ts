/**
 * Reads the API key out of an OpenTok session id: `1_` or `2_` followed by base64url of
 * `1~{apiKey}~{location}~{createTime}~{random}~{flags}~`. This is the only check the SDK makes before
 * signing, and the one that catches a session of another project.
 *
 * @param sessionId - an OpenTok session id
 * @returns the API key, or undefined when the id cannot be decoded
 */
export function apiKeyOfSessionId(sessionId: string): string | undefined {
  if (sessionId.length < 4 || sessionId.length > 255 || sessionId[1] !== '_') return undefined;
  const decoded = Buffer.from(sessionId.slice(2), 'base64url').toString('latin1');
  const fields = decoded.split('~');
  if (fields.length < 3) return undefined;
  return fields[1] || undefined;
}
