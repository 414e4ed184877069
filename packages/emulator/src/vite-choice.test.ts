import { describe, expect, it } from 'vitest';
import { chooseDevSdk } from './vite-choice.js';

describe('chooseDevSdk: the dev page follows the variables the server reads', () => {
  it('uses the emulator on its default port when nothing is set', () => {
    expect(chooseDevSdk({}, {})).toEqual({ sdk: 'emulator', url: 'http://127.0.0.1:4010' });
    expect(chooseDevSdk({}, { OPENTOK_EMULATOR_PORT: '4555' })).toEqual({
      sdk: 'emulator',
      url: 'http://127.0.0.1:4555',
    });
  });

  it('uses the real SDK when a real account is in the environment', () => {
    expect(chooseDevSdk({}, { OPENTOK_API_KEY: '123', OPENTOK_API_SECRET: 's' })).toEqual({
      sdk: 'real',
      reason: 'OPENTOK_API_KEY is set: a real account',
    });
    expect(chooseDevSdk({}, { VONAGE_APPLICATION_ID: 'app' }).sdk).toBe('real');
    // A regional (non-loopback) API URL is still a real account.
    expect(
      chooseDevSdk({}, { OPENTOK_API_KEY: '1', OPENTOK_API_URL: 'https://api.eu.example' }).sdk,
    ).toBe('real');
  });

  it('follows an API URL on loopback (what the emulator CLI prints) to the emulator', () => {
    const env = { OPENTOK_API_KEY: '1', OPENTOK_API_URL: 'http://127.0.0.1:4999/' };
    expect(chooseDevSdk({}, env)).toEqual({ sdk: 'emulator', url: 'http://127.0.0.1:4999' });
    expect(chooseDevSdk({}, { VONAGE_VIDEO_API_URL: 'http://localhost:5000' })).toEqual({
      sdk: 'emulator',
      url: 'http://localhost:5000',
    });
  });

  it('lets options and OPENTOK_EMULATOR_URL decide first', () => {
    expect(chooseDevSdk({ enabled: false }, {}).sdk).toBe('real');
    expect(chooseDevSdk({ url: 'http://10.0.0.2:4010/' }, { OPENTOK_API_KEY: '1' })).toEqual({
      sdk: 'emulator',
      url: 'http://10.0.0.2:4010',
    });
    expect(
      chooseDevSdk({}, { OPENTOK_API_KEY: '1', OPENTOK_EMULATOR_URL: 'http://10.0.0.3:4010' }),
    ).toEqual({ sdk: 'emulator', url: 'http://10.0.0.3:4010' });
    expect(chooseDevSdk({ enabled: true }, { OPENTOK_API_KEY: '1' }).sdk).toBe('emulator');
  });

  it('rejects a bad port or URL with a clear error', () => {
    expect(() => chooseDevSdk({}, { OPENTOK_EMULATOR_PORT: 'x' })).toThrow(
      'OPENTOK_EMULATOR_PORT must be an integer 0-65535, got "x".',
    );
    expect(() => chooseDevSdk({}, { OPENTOK_EMULATOR_URL: 'ws://x' })).toThrow(
      'OPENTOK_EMULATOR_URL must be an http(s) URL',
    );
  });
});
