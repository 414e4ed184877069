/** The display name in a connection's data (`{"name": "…"}`, set by the server's policy), or `fallback`. */
export function nameFromData(data: string, fallback = 'Guest'): string {
  try {
    const { name } = JSON.parse(data) as { name?: unknown };
    return typeof name === 'string' && name.trim() !== '' ? name : fallback;
  } catch {
    return fallback;
  }
}
