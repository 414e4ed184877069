/**
 * Decides what a test file does when its server is missing: in CI the file fails with a clear
 * message (a skipped store test there would hide a broken pipeline); elsewhere it is skipped, with
 * a message saying how to start the server.
 *
 * @returns true when the server is there and the tests should run
 */
export function requireServer(
  what: string,
  problem: string | undefined,
  howToStart: string,
): boolean {
  if (problem === undefined) return true;
  const message = `${what} is not available (${problem}). ${howToStart}`;
  if (process.env.CI) throw new Error(`${message} CI must run these tests, so they fail here.`);
  console.warn(`[skipped] ${message}`);
  return false;
}
