import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 8 * 1024;

/**
 * Random nonces from a pool of cryptographic random bytes, refilled in bulk: a system call per token
 * would cost more than signing it. Each nonce is a number in [0, 1) with 53 random bits, the same type
 * as the SDK's `Math.random()` nonce.
 */
export function createNoncePool(): () => number {
  const pool = Buffer.allocUnsafe(POOL_BYTES);
  let offset = POOL_BYTES;
  return () => {
    if (offset + 8 > POOL_BYTES) {
      randomFillSync(pool);
      offset = 0;
    }
    const high = pool.readUInt32BE(offset) >>> 11; // 21 bits
    const low = pool.readUInt32BE(offset + 4); // 32 bits
    offset += 8;
    return (high * 2 ** 32 + low) / 2 ** 53;
  };
}
