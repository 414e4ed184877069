import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';
import { callOnce } from './call-once.js';

describe('callOnce', () => {
  it('resolves with the first callback and ignores a second one', async () => {
    let second: (() => void) | undefined;
    const value = await callOnce<string>('test', 1000, (callback) => {
      callback(null, 'first');
      second = () => callback(new Error('second call'));
    });
    expect(value).toBe('first');
    expect(() => second?.()).not.toThrow();
  });
  it('rejects with the error of the first callback', async () => {
    await expect(callOnce('test', 1000, (cb) => cb(new Error('boom')))).rejects.toThrow('boom');
  });
  it('rejects when the call throws synchronously', async () => {
    await expect(
      callOnce('test', 1000, () => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
  });
  it('rejects with timeout when nothing calls back', async () => {
    await expect(callOnce('The thing', 20, () => {})).rejects.toMatchObject({
      code: 'timeout',
      message: 'The thing did not answer within 20 ms.',
    });
  });
});

describe('backoffDelay', () => {
  const fixed = (r: number) => ({ baseDelayMs: 100, maxDelayMs: 1000, random: () => r });
  it('doubles the cap each attempt up to the maximum, with full jitter', () => {
    expect([0, 1, 2, 3, 4, 5].map((a) => backoffDelay(a, fixed(0.999999)))).toEqual([
      99, 199, 399, 799, 999, 999,
    ]);
    expect(backoffDelay(3, fixed(0))).toBe(0);
    expect(backoffDelay(2, fixed(0.5))).toBe(200);
  });
});
