/**
 * Tests a request path against an optional exact path or RegExp.
 *
 * @param pattern - Exact path, RegExp, or `undefined` for any path.
 * @param path - The request path (no query).
 * @returns Whether the path matches.
 * @internal
 */
export function matchesPath(pattern: string | RegExp | undefined, path: string): boolean {
  if (pattern === undefined) return true;
  if (typeof pattern === 'string') return pattern === path;
  pattern.lastIndex = 0;
  return pattern.test(path);
}
