// One process of the rate-limit test: counts `hits` concurrent hits of one key into the shared Redis
// and prints the counts it was answered, as JSON.
const [build, url, keyPrefix, key, hits, now] = process.argv.slice(2);
const { redisRateLimitStore } = await import(build);
const store = redisRateLimitStore({ url, keyPrefix });
const counts = await Promise.all(
  Array.from(
    { length: Number(hits) },
    async () => (await store.hit(key, 60_000, Number(now))).count,
  ),
);
await store.close();
console.log(JSON.stringify({ pid: process.pid, counts }));
