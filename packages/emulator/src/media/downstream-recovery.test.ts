import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RtcPayload } from '../protocol.js';
import {
  type RecoverableDownstream,
  RecoveringDownstream,
  type RecoveryOptions,
} from './downstream-recovery.js';
import type { DownstreamStats } from './media-stats.js';
import type { MediaKind, Upstream } from './upstream.js';

/** A peer connection that connects or fails when the test says. */
class FakeDownstream implements RecoverableDownstream {
  readonly received: RtcPayload[] = [];
  readonly enabled: Record<MediaKind, boolean>;
  closed = false;
  handshake = false;
  #listener: ((state: 'connected' | 'failed') => void) | undefined;

  constructor(
    readonly restart: number,
    enabled: Record<MediaKind, boolean>,
  ) {
    this.enabled = enabled;
  }

  receive(payload: RtcPayload): void {
    this.received.push(payload);
  }
  setEnabled(kind: MediaKind, enabled: boolean): void {
    this.enabled[kind] = enabled;
  }
  stats(): DownstreamStats {
    return { subscriberId: 'sub', rebuilds: 0 } as DownstreamStats;
  }
  close(): void {
    this.closed = true;
  }
  onConnection(listener: (state: 'connected' | 'failed') => void): void {
    this.#listener = listener;
  }
  handshaking(): boolean {
    return this.handshake;
  }
  emit(state: 'connected' | 'failed'): void {
    this.#listener?.(state);
  }
}

const OPTIONS: RecoveryOptions = { connectTimeoutMs: 10_000, maxRebuilds: 3 };
const ANSWER: RtcPayload = { kind: 'description', description: { type: 'answer', sdp: '' } };

describe('RecoveringDownstream: the router’s rebuild bookkeeping', () => {
  let made: FakeDownstream[];
  let gaveUp: number;
  const start = (options = OPTIONS, video = true): RecoveringDownstream =>
    new RecoveringDownstream(
      {
        subscriberId: 'sub',
        connectionId: 'conn',
        upstream: {} as Upstream,
        audio: true,
        video,
      },
      (restart, enabled) => {
        const downstream = new FakeDownstream(restart, enabled);
        made.push(downstream);
        return downstream;
      },
      options,
      () => {
        gaveUp += 1;
      },
    );

  beforeEach(() => {
    vi.useFakeTimers();
    made = [];
    gaveUp = 0;
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('clears its connect timer once connected, and never rebuilds a connected downstream on time', () => {
    const downstream = start();
    expect(made).toHaveLength(1);
    expect(downstream.waiting).toBe(true);
    vi.advanceTimersByTime(4_000);
    made[0]!.emit('connected');
    expect(downstream.waiting).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(60_000);
    expect(made).toHaveLength(1);
    expect(downstream.restart).toBe(0);
    expect(downstream.stats()).toMatchObject({
      rebuilds: 0,
      rebuildReasons: [],
      connectedAfterMs: 4_000,
    });
  });

  it('rebuilds one that is not connected in time: the old closed, a fresh one with the same choices', () => {
    const downstream = start(OPTIONS, false);
    downstream.setEnabled('audio', false);
    vi.advanceTimersByTime(9_999);
    expect(made).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(made).toHaveLength(2);
    expect(made[0]!.closed).toBe(true);
    expect(made[1]!.restart).toBe(1);
    expect(made[1]!.enabled).toEqual({ audio: false, video: false });
    expect(downstream.restart).toBe(1);
    expect(downstream.reasons).toEqual(['timeout']);
    // One timer: the new peer connection's.
    expect(vi.getTimerCount()).toBe(1);
    made[1]!.emit('connected');
    expect(vi.getTimerCount()).toBe(0);
    expect(downstream.stats()).toMatchObject({ rebuilds: 1, rebuildReasons: ['timeout'] });
  });

  it('gives a peer connection whose DTLS handshake runs the bound once more', () => {
    const downstream = start();
    made[0]!.handshake = true;
    vi.advanceTimersByTime(10_000);
    expect(made).toHaveLength(1);
    expect(downstream.waiting).toBe(true);
    vi.advanceTimersByTime(10_000);
    expect(made).toHaveLength(2);
    expect(downstream.reasons).toEqual(['timeout']);
    made[1]!.handshake = true;
    vi.advanceTimersByTime(15_000);
    made[1]!.emit('connected');
    expect(vi.getTimerCount()).toBe(0);
    expect(made).toHaveLength(2);
  });

  it('rebuilds at once when DTLS fails, or the browser says its peer connection failed', () => {
    const downstream = start();
    made[0]!.emit('failed');
    expect(made).toHaveLength(2);
    made[1]!.emit('connected');
    made[1]!.emit('failed'); // a failure after connecting is recovered too
    expect(made).toHaveLength(3);
    downstream.browserFailed(0); // about a peer connection already replaced: ignored
    expect(made).toHaveLength(3);
    downstream.browserFailed(2);
    expect(made).toHaveLength(4);
    expect(downstream.reasons).toEqual(['failed', 'failed', 'browserFailed']);
  });

  it('hands messages only to the peer connection they answer', () => {
    const downstream = start();
    downstream.receive(ANSWER);
    vi.advanceTimersByTime(10_000);
    downstream.receive(ANSWER, 0); // the replaced peer connection's late answer
    downstream.receive(ANSWER, 1);
    expect(made[0]!.received).toHaveLength(1);
    expect(made[1]!.received).toHaveLength(1);
  });

  it('gives up after its last rebuild fails: nothing open, no timer, told once', () => {
    const downstream = start();
    for (let attempt = 0; attempt < 3; attempt += 1) vi.advanceTimersByTime(10_000);
    expect(made).toHaveLength(4);
    expect(gaveUp).toBe(0);
    made[3]!.emit('failed');
    expect(gaveUp).toBe(1);
    expect(made.every((entry) => entry.closed)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    expect(downstream.closed).toBe(true);
    expect(downstream.stats()).toBeUndefined();
    made[3]!.emit('failed');
    downstream.browserFailed(3);
    vi.advanceTimersByTime(60_000);
    expect(gaveUp).toBe(1);
    expect(made).toHaveLength(4);
  });

  it('closes cleanly during a rebuild: the current peer connection closed, its timer cleared', () => {
    const downstream = start();
    vi.advanceTimersByTime(10_000);
    expect(made).toHaveLength(2);
    downstream.close();
    expect(made[1]!.closed).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    made[1]!.emit('failed');
    downstream.receive(ANSWER, 1);
    vi.advanceTimersByTime(60_000);
    expect(made).toHaveLength(2);
    expect(made[1]!.received).toHaveLength(0);
    expect(gaveUp).toBe(0);
  });
});
