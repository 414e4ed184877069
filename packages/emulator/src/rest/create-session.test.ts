import { describe, expect, it } from 'vitest';
import { createSession } from './create-session.js';
import type { EmulatorState, RestRequest } from './rest-types.js';

const request = (body: string): RestRequest => ({
  method: 'POST',
  path: '/session/create',
  query: new URLSearchParams(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body,
  params: {},
});

// Only what createSession reads: the media router is told of routed sessions, so that it loads
// werift and its certificate before the first page joins.
function state(): { state: EmulatorState; told: number } {
  const result = {
    told: 0,
    state: {
      apiKey: '123456',
      apiSecret: 'secret',
      sessions: new Map(),
      now: () => 1_700_000_000_000,
      routedSessionCreated: () => {
        result.told += 1;
      },
    } as unknown as EmulatorState,
  };
  return result;
}

describe('createSession and the media router', () => {
  it('tells the router about a routed session as it is created', () => {
    const fake = state();
    expect(createSession(request('p2p.preference=disabled'), fake.state).status).toBe(200);
    expect(fake.told).toBe(1);
  });

  it('does not for a relayed session or a rejected one', () => {
    const fake = state();
    createSession(request('p2p.preference=enabled'), fake.state);
    createSession(request('p2p.preference=disabled&archiveMode=never'), fake.state);
    expect(fake.told).toBe(0);
  });
});
