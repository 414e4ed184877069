// Helpers shared by the benchmarks: timed loops and a printed table.

/**
 * Runs `fn` in batches for about `ms` milliseconds and returns operations per second.
 * Batches keep the clock out of the measured work.
 */
export function opsPerSecond(fn, ms, batch = 200) {
  let ops = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(ms) * 1_000_000n;
  let now = start;
  while (now < end) {
    for (let i = 0; i < batch; i++) fn();
    ops += batch;
    now = process.hrtime.bigint();
  }
  return ops / (Number(now - start) / 1e9);
}

/**
 * Measures every contender in interleaved rounds, so a noisy neighbour hurts all of them alike,
 * and keeps the median of each.
 */
export function compare(contenders, { rounds = 5, ms = 400, batch } = {}) {
  const samples = new Map(contenders.map((c) => [c.name, []]));
  for (const c of contenders) opsPerSecond(c.fn, 100, c.batch ?? batch); // warm up
  for (let round = 0; round < rounds; round++) {
    for (const c of contenders) samples.get(c.name).push(opsPerSecond(c.fn, ms, c.batch ?? batch));
  }
  return contenders.map((c) => ({ name: c.name, opsPerSecond: median(samples.get(c.name)) }));
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Prints a markdown table: rows of equal-length arrays, the first row the header. */
export function printTable(title, rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  const line = (r) => `| ${r.map((cell, i) => String(cell).padEnd(widths[i])).join(' | ')} |`;
  console.log(`\n${title}\n`);
  console.log(line(rows[0]));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows.slice(1)) console.log(line(r));
}

export const formatRate = (n) => Math.round(n).toLocaleString('en-US');

/**
 * Operations per second of an async `fn` kept `inFlight` deep for about `ms`, as `opsPerSecond`
 * does for a sync one.
 */
export async function asyncOpsPerSecond(fn, ms, inFlight = 1) {
  let ops = 0;
  const start = performance.now();
  const end = start + ms;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < end) {
        for (let i = 0; i < 20; i++) await fn();
        ops += 20;
      }
    }),
  );
  return ops / ((performance.now() - start) / 1000);
}

/**
 * `compare` for async contenders (each with its own `inFlight`), in interleaved rounds. Also gives
 * each one's process CPU time per operation (every thread: the libuv pool's work counts too), the
 * figure a shared machine cannot steal, and from it the operations per second of one core.
 */
export async function compareAsync(contenders, { rounds = 5, ms = 400 } = {}) {
  const samples = new Map(contenders.map((c) => [c.name, []]));
  const cpu = new Map(contenders.map((c) => [c.name, []]));
  for (const c of contenders) await asyncOpsPerSecond(c.fn, 100, c.inFlight); // warm up
  for (let round = 0; round < rounds; round++) {
    for (const c of contenders) {
      const before = process.cpuUsage();
      const started = performance.now();
      const rate = await asyncOpsPerSecond(c.fn, ms, c.inFlight);
      const { user, system } = process.cpuUsage(before);
      samples.get(c.name).push(rate);
      cpu.get(c.name).push((user + system) / (rate * ((performance.now() - started) / 1000)));
    }
  }
  return contenders.map((c) => {
    const cpuMicrosPerOp = median(cpu.get(c.name));
    return {
      name: c.name,
      opsPerSecond: median(samples.get(c.name)),
      cpuMicrosPerOp,
      opsPerCoreSecond: 1e6 / cpuMicrosPerOp,
    };
  });
}
