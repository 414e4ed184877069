// CPU time of every Chromium process on the machine, read from /proc (Linux): what the pages
// cost next to the emulator's own CPU time. Reaped renderers count through their parent's
// children times, so a round's difference holds the pages closed during it.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_MS = 100 / 1000; // USER_HZ is 100 on Linux

/**
 * @returns Milliseconds of CPU (user + system, children included) of all Chromium processes, or
 *   `undefined` without /proc.
 */
export function chromiumCpuMs() {
  let entries;
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  let ticks = 0;
  for (const pid of entries) {
    if (!/^\d+$/.test(pid)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // it exited meanwhile
    }
    const close = stat.lastIndexOf(')');
    if (!stat.slice(stat.indexOf('(') + 1, close).includes('chrom')) continue;
    // Fields after the name: state is field 3; utime, stime, cutime, cstime are 14 to 17.
    const fields = stat.slice(close + 2).split(' ');
    for (let field = 14; field <= 17; field++) ticks += Number(fields[field - 3]);
  }
  return ticks / TICKS_PER_MS;
}
