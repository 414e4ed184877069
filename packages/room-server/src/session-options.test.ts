import { describe, expect, it } from 'vitest';
import { resolveSessionOptions, sameSessionOptions } from './session-options.js';

describe('resolveSessionOptions', () => {
  it('defaults to routed, manual archiving, no e2ee', () => {
    expect(resolveSessionOptions(undefined)).toEqual({
      mediaMode: 'routed',
      archiveMode: 'manual',
      e2ee: false,
    });
  });
  it('applies server defaults under explicit options', () => {
    expect(
      resolveSessionOptions(
        { archiveMode: 'always' },
        { mediaMode: 'routed', location: '10.0.0.1' },
      ),
    ).toEqual({
      mediaMode: 'routed',
      archiveMode: 'always',
      e2ee: false,
      location: '10.0.0.1',
    });
    expect(resolveSessionOptions({ mediaMode: 'relayed' }, { mediaMode: 'routed' }).mediaMode).toBe(
      'relayed',
    );
  });
  it('keeps an IPv4 location', () => {
    expect(resolveSessionOptions({ location: '10.1.200.30' }).location).toBe('10.1.200.30');
  });
  it.each([
    [{ mediaMode: 'p2p' }, 'session.mediaMode'],
    [{ archiveMode: 'sometimes' }, 'session.archiveMode'],
    [{ mediaMode: 'relayed', archiveMode: 'always' }, 'session.archiveMode'],
    [{ mediaMode: 'relayed', e2ee: true }, 'session.e2ee'],
    [{ e2ee: 'yes' }, 'session.e2ee'],
    // OpenTok cannot record end-to-end encrypted sessions.
    [{ archiveMode: 'always', e2ee: true }, 'session.archiveMode'],
    [{ location: '::1' }, 'session.location'],
    [{ location: 'eu-west' }, 'session.location'],
    [{ region: 'eu' }, 'session.region'],
  ])('rejects %j on %s', (options, field) => {
    expect(() => resolveSessionOptions(options as never)).toThrowError(
      expect.objectContaining({ code: 'invalid_argument', field }),
    );
  });
  it('compares resolved options field by field', () => {
    const a = resolveSessionOptions({});
    expect(sameSessionOptions(a, resolveSessionOptions({ mediaMode: 'routed' }))).toBe(true);
    expect(sameSessionOptions(a, resolveSessionOptions({ e2ee: true }))).toBe(false);
  });
});
