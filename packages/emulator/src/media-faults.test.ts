import { describe, expect, it } from 'vitest';
import { createMediaFaultQueue, type MediaFault } from './faults.js';

describe('the media fault queue', () => {
  it('hands each scheduled fault to the next matching downstreams, in order, `times` times', () => {
    const faults = createMediaFaultQueue();
    faults.next({ kind: 'dropped' }, { streamId: 's1', times: 2 });
    faults.next({ kind: 'unanswered' }, { connectionId: 'c2' });
    expect(faults.take('s2', 'c1')).toBeUndefined();
    expect(faults.take('s1', 'c2')).toEqual({ kind: 'dropped' });
    expect(faults.take('s2', 'c2')).toEqual({ kind: 'unanswered' });
    expect(faults.take('s2', 'c2')).toBeUndefined();
    expect(faults.take('s1', 'c1')).toEqual({ kind: 'dropped' });
    expect(faults.take('s1', 'c1')).toBeUndefined();
  });

  it('rejects an unknown kind or a bad count and keeps what was scheduled', () => {
    const faults = createMediaFaultQueue();
    faults.next({ kind: 'unanswered' });
    expect(() => faults.next({ kind: 'slow' } as unknown as MediaFault)).toThrow(
      /Unknown media fault kind "slow"/,
    );
    expect(() => faults.next({ kind: 'dropped' }, { times: 0 })).toThrow(RangeError);
    expect(() => faults.next({ kind: 'dropped' }, { times: 1.5 })).toThrow(RangeError);
    expect(faults.take('s', 'c')).toEqual({ kind: 'unanswered' });
    expect(faults.take('s', 'c')).toBeUndefined();
    faults.next({ kind: 'dropped' });
    faults.clear();
    expect(faults.take('s', 'c')).toBeUndefined();
  });
});
