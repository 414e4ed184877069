import { describe, expect, it } from 'vitest';
import { createDeadlineQueue, type Waiting } from './deadline-queue.js';

/** An entry whose expiry runs `onExpire`. */
function entry(onExpire: () => void): Waiting {
  return { deadline: 0, expire: onExpire };
}

describe('createDeadlineQueue', () => {
  it('expires a call that outlives its deadline, and only that one', async () => {
    const queue = createDeadlineQueue(40);
    const expired: string[] = [];
    const first = entry(() => expired.push('first'));
    queue.add(first);
    queue.add(entry(() => expired.push('second')));
    queue.remove(first);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(expired).toEqual(['second']);
  });

  it('re-arms for calls that start after the head was cancelled', async () => {
    const queue = createDeadlineQueue(30);
    const expired: number[] = [];
    const first = entry(() => expired.push(1));
    queue.add(first);
    queue.remove(first);
    await new Promise((resolve) => setTimeout(resolve, 15));
    const startedAt = performance.now();
    let expiredAfter = 0;
    queue.add(
      entry(() => {
        expired.push(2);
        expiredAfter = performance.now() - startedAt;
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 70));
    expect(expired).toEqual([2]);
    expect(expiredAfter).toBeGreaterThanOrEqual(29);
  });
});
