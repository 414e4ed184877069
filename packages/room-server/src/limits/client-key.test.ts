import { describe, expect, it } from 'vitest';
import { defaultClientKey } from './client-key.js';

describe('defaultClientKey', () => {
  it.each([
    [undefined, '*'],
    ['', '*'],
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3:8d3::/64'],
    ['2001:0DB8:85A3:08D3:ffff::1', '2001:db8:85a3:8d3::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['2001:db8:1:2::', '2001:db8:1:2::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['64:ff9b::203.0.113.7', '64:ff9b:0:0::/64'],
    ['not an address', 'not an address'],
    ['1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7:8:9'],
    ['1::2::3', '1::2::3'],
    ['1:2:3', '1:2:3'],
  ])('%j is %j', (address, key) => {
    expect(defaultClientKey(address)).toBe(key);
  });

  it('every address of one /64 is one client; the next /64 is another', () => {
    const keys = new Set(
      Array.from({ length: 100 }, (_, i) => defaultClientKey(`2001:db8:1:2:${i.toString(16)}::9`)),
    );
    expect([...keys]).toEqual(['2001:db8:1:2::/64']);
    expect(defaultClientKey('2001:db8:1:3::9')).not.toBe(defaultClientKey('2001:db8:1:2::9'));
  });
});
