import { describe, expect, it } from 'vitest';
import { createDeadlineQueue } from './deadline-queue.js';

describe('createDeadlineQueue', () => {
  it('expires a call that outlives its deadline, and only that one', async () => {
    const start = createDeadlineQueue(40);
    const expired: string[] = [];
    const cancelFirst = start(() => expired.push('first'));
    start(() => expired.push('second'));
    cancelFirst();
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(expired).toEqual(['second']);
  });

  it('re-arms for calls that start after the head was cancelled', async () => {
    const start = createDeadlineQueue(30);
    const expired: number[] = [];
    start(() => expired.push(1))();
    await new Promise((resolve) => setTimeout(resolve, 15));
    const startedAt = performance.now();
    let expiredAfter = 0;
    start(() => {
      expired.push(2);
      expiredAfter = performance.now() - startedAt;
    });
    await new Promise((resolve) => setTimeout(resolve, 70));
    expect(expired).toEqual([2]);
    expect(expiredAfter).toBeGreaterThanOrEqual(29);
  });
});
