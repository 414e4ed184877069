/**
 * The default client of the rate limits: the remote address, an IPv6 one by its /64 (a host is
 * usually given a whole /64, so counting each address apart would let it rotate past the limits),
 * an IPv4-mapped one as the IPv4 address; `'*'`, one client for all, when no address is known.
 *
 * @param remoteAddress - the socket's remote address
 * @returns the key
 */
export function defaultClientKey(remoteAddress: string | undefined): string {
  if (remoteAddress === undefined || remoteAddress === '') return '*';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(remoteAddress);
  if (mapped) return mapped[1]!;
  // No node:net here: the handler runs on Fetch-only runtimes too.
  const address = remoteAddress.split('%')[0]!;
  const halves = address.split('::');
  if (!address.includes(':') || halves.length > 2) return remoteAddress;
  const split = (half: string) => (half === '' ? [] : half.split(':'));
  const [head, tail] = [split(halves[0]!), halves.length === 2 ? split(halves[1]!) : undefined];
  const all = [...head, ...(tail ?? [])];
  const ipv4Tail = all.length > 0 && all[all.length - 1]!.includes('.');
  const width = all.length + (ipv4Tail ? 1 : 0);
  const hex = (ipv4Tail ? all.slice(0, -1) : all).every((group) => /^[0-9a-f]{1,4}$/i.test(group));
  if (!hex || width > 8 || (tail === undefined && width !== 8)) return remoteAddress;
  // The '::' stands for as many zero groups as make eight (an IPv4 tail is two of them).
  const groups =
    tail === undefined ? all : [...head, ...Array<string>(8 - width).fill('0'), ...tail];
  const prefix = groups.slice(0, 4).map((group) => Number.parseInt(group, 16).toString(16));
  return `${prefix.join(':')}::/64`;
}
