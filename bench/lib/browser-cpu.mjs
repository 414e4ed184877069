// CPU time of the Chromium processes this benchmark started, read from /proc (Linux): what the
// pages cost next to the emulator's own CPU time. Reaped renderers count through their parent's
// children times, so a round's difference holds the pages closed during it.
import { readFileSync } from 'node:fs';
import { ownChromiumProcesses, threadIds } from '@opentok-rooms/browser-testkit';

const TICKS_PER_MS = 100 / 1000; // USER_HZ is 100 on Linux

/**
 * @returns Milliseconds of CPU (user + system, children included) of this process's Chromium
 *   processes, or `undefined` without /proc.
 */
export function chromiumCpuMs() {
  const own = ownChromiumProcesses();
  if (own === undefined) return undefined;
  let ticks = 0;
  for (const stat of own.values()) ticks += cpuTicks(stat, true).ticks;
  return ticks / TICKS_PER_MS;
}

// A process's role from its command line: Chromium's `--type=` (the browser has none), with the
// utility process's service (`network`, `audio`, `storage`...) when it says. Chromium rewrites its
// children's command lines into one space-separated string.
function processType(pid) {
  let argv;
  try {
    argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
  } catch {
    return undefined;
  }
  const value = (flag) => argv.find((arg) => arg.startsWith(`${flag}=`))?.slice(flag.length + 1);
  const type = value('--type');
  if (type === undefined) return argv[0]?.includes('crashpad') ? 'crashpad' : 'browser';
  const service = value('--utility-sub-type');
  return service ? `${type}:${service.split('.')[0]}` : type;
}

// A /proc stat line's name and CPU ticks. Fields after the name: state is field 3; utime, stime,
// cutime, cstime are 14 to 17 (children: reaped ones, counted through their parent).
function cpuTicks(stat, withChildren) {
  const close = stat.lastIndexOf(')');
  const fields = stat.slice(close + 2).split(' ');
  let ticks = Number(fields[14 - 3]) + Number(fields[15 - 3]);
  if (withChildren) ticks += Number(fields[16 - 3]) + Number(fields[17 - 3]);
  return { name: stat.slice(stat.indexOf('(') + 1, close), ticks };
}

/**
 * A snapshot of this process's Chromium processes' own CPU time, for {@link chromiumCpuByType}.
 *
 * @returns `processes`: pid to `{ type, ms }`; `threads`: `type/thread name` to ms, summed over
 *   the live threads of each type; or `undefined` without /proc.
 */
export function chromiumCpuSnapshot() {
  const chromium = ownChromiumProcesses();
  if (chromium === undefined) return undefined;
  const processes = new Map();
  const threads = new Map();
  for (const [pid, stat] of chromium) {
    const own = cpuTicks(stat, false);
    const type = processType(pid);
    if (type === undefined) continue;
    processes.set(pid, { type, ms: own.ticks / TICKS_PER_MS });
    for (const tid of threadIds(pid)) {
      try {
        const thread = cpuTicks(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'), false);
        // Thread names carry numbers (pool workers): one row per kind of thread.
        const key = `${type}/${thread.name.replace(/\d+$/, '#')}`;
        threads.set(key, (threads.get(key) ?? 0) + thread.ticks / TICKS_PER_MS);
      } catch {}
    }
  }
  return { processes, threads };
}

/**
 * CPU spent between two {@link chromiumCpuSnapshot}s, by process type and by thread, for
 * processes alive at the second one (a process started between them counts whole).
 *
 * @param before - the earlier snapshot.
 * @param after - the later snapshot.
 * @returns `types`: type to `{ ms, processes }`; `threads`: `type/thread` to ms, largest first.
 */
export function chromiumCpuByType(before, after) {
  const types = new Map();
  for (const [pid, { type, ms }] of after.processes) {
    const start = before.processes.get(pid);
    const spent = start?.type === type ? ms - start.ms : ms;
    const entry = types.get(type) ?? { ms: 0, processes: 0 };
    entry.ms += spent;
    entry.processes += 1;
    types.set(type, entry);
  }
  const threads = [...after.threads]
    .map(([key, ms]) => [key, ms - (before.threads.get(key) ?? 0)])
    .sort((a, b) => b[1] - a[1]);
  return { types, threads };
}
