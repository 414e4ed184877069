import { describe, expect, it } from 'vitest';
import { startsVp8Keyframe } from './vp8-keyframe.js';

describe('startsVp8Keyframe', () => {
  it('finds the first packet of a keyframe, with and without the extended descriptor', () => {
    // S=1, PID=0, no extension; VP8 header byte with P=0.
    expect(startsVp8Keyframe(Uint8Array.of(0x10, 0x00, 0x9d))).toBe(true);
    // X=1, S=1; I=1 with a 15-bit picture id (M=1), L=1, T=1.
    expect(startsVp8Keyframe(Uint8Array.of(0x90, 0xe0, 0x81, 0x23, 0x05, 0x40, 0x00))).toBe(true);
    // Same, with P=1 (an interframe).
    expect(startsVp8Keyframe(Uint8Array.of(0x90, 0xe0, 0x81, 0x23, 0x05, 0x40, 0x01))).toBe(false);
  });

  it('refuses continuation packets, other partitions and empty payloads', () => {
    expect(startsVp8Keyframe(Uint8Array.of(0x00, 0x00))).toBe(false);
    expect(startsVp8Keyframe(Uint8Array.of(0x11, 0x00))).toBe(false);
    expect(startsVp8Keyframe(new Uint8Array(0))).toBe(false);
    expect(startsVp8Keyframe(Uint8Array.of(0x90, 0x80))).toBe(false);
  });
});
