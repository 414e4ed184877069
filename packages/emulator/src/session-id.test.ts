import OpenTok from 'opentok';
import { describe, expect, it } from 'vitest';
import { decodeSessionId, encodeSessionId } from './session-id.js';

describe('session ids', () => {
  it('round-trips every field', () => {
    const id = encodeSessionId({
      apiKey: '12345678',
      location: '192.168.0.1',
      createdAt: 1_700_000_000_123,
      random: 'AbCdEfGhIjKlMnOpQrStUvWx',
      flags: 'MX4',
    });
    expect(id).toMatch(/^1_[A-Za-z0-9_-]+$/);
    expect(decodeSessionId(id)).toEqual({
      prefix: '1',
      apiKey: '12345678',
      location: '192.168.0.1',
      createdAt: 1_700_000_000_123,
      random: 'AbCdEfGhIjKlMnOpQrStUvWx',
      flags: 'MX4',
    });
  });

  it('looks like a real id: about 72 characters, random part differs', () => {
    const first = encodeSessionId({ apiKey: '12345678' });
    const second = encodeSessionId({ apiKey: '12345678' });
    expect(first.length).toBeGreaterThanOrEqual(68);
    expect(first.length).toBeLessThanOrEqual(76);
    expect(first).not.toBe(second);
    expect(decodeSessionId(first)?.location).toBeUndefined();
  });

  it('decodes a real OpenTok id', () => {
    const real = '2_MX40NTU5MjA5Mn5-MTU5MDAxODk1NDg0Nn5HVkpZYk5nWEpuaEpRNVRLRjVnNjhMTnN-fg';
    expect(decodeSessionId(real)).toMatchObject({
      prefix: '2',
      apiKey: '45592092',
      createdAt: 1_590_018_954_846,
    });
  });

  it('is accepted by the SDK generateToken for the same key only', () => {
    const id = encodeSessionId({ apiKey: '12345678', location: '10.0.0.1' });
    expect(new OpenTok('12345678', 'secret').generateToken(id)).toMatch(/^ey/);
    expect(() => new OpenTok('12345679', 'secret').generateToken(id)).toThrow();
  });

  it('returns undefined for malformed ids', () => {
    for (const bad of [
      '',
      '1_',
      '3_MX4xMjM0fg',
      '1_!!!!',
      `1_${Buffer.from('2~123~~1~r~~').toString('base64url')}`,
      `1_${Buffer.from('1~~~1~r~~').toString('base64url')}`,
      `1_${Buffer.from('1~123~~soon~r~~').toString('base64url')}`,
      `1_${Buffer.from('1~123').toString('base64url')}`,
      `1_${'A'.repeat(300)}`,
    ]) {
      expect(decodeSessionId(bad), bad).toBeUndefined();
    }
  });

  it('refuses fields that would corrupt the id', () => {
    expect(() => encodeSessionId({ apiKey: '' })).toThrow(TypeError);
    expect(() => encodeSessionId({ apiKey: '1~2' })).toThrow(TypeError);
    expect(() => encodeSessionId({ apiKey: '1', createdAt: -1 })).toThrow(TypeError);
  });
});
