// room-server with a Vonage application, end to end against the emulator acting as one: sessions
// and moderation over the REST transport's Bearer RS256 JWT, RS256 tokens the emulator's own
// verifier accepts, and refusals that name the Vonage credentials.
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { type Emulator, startEmulator, verifyClientToken } from '@opentok-rooms/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenTokAdapter, createRoomServer, type RoomServerOptions } from '../src/index.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ account: 'vonage' });
});
afterAll(async () => {
  await emulator.close();
});

function vonageRooms(options: Partial<RoomServerOptions> = {}) {
  return createRoomServer({
    applicationId: emulator.applicationId,
    privateKey: emulator.privateKey,
    apiUrl: emulator.url,
    opentok: { retryBaseDelayMs: 5, retryMaxDelayMs: 20 },
    ...options,
  });
}

describe('a Vonage application against the emulator', () => {
  it('joins a room: session created with Bearer RS256, a token the emulator verifies as RS256', async () => {
    const rooms = vonageRooms();
    const join = await rooms.joinRoom('standup', { role: 'moderator', data: 'name=Ada' });
    expect(join).toMatchObject({
      room: 'standup',
      created: true,
      apiKey: emulator.applicationId,
      role: 'moderator',
    });
    expect(emulator.sessions().map((s) => s.sessionId)).toContain(join.sessionId);
    const claims = verifyClientToken(join.token, {
      apiKey: emulator.apiKey,
      apiSecret: emulator.apiSecret,
      publicKey: createPublicKey(emulator.privateKey ?? ''),
    });
    expect(claims).toMatchObject({
      sessionId: join.sessionId,
      role: 'moderator',
      connectionData: 'name=Ada',
    });
  });

  it('works the same given the SDK style (UUID apiKey + PEM apiSecret) or fromEnv', async () => {
    const sdkStyle = createRoomServer({
      apiKey: emulator.apiKey,
      apiSecret: emulator.apiSecret,
      apiUrl: emulator.url,
    });
    expect(sdkStyle.accountKind).toBe('vonage');
    await expect(sdkStyle.joinRoom('sdk-style')).resolves.toMatchObject({ created: true });
    const fromEnv = createRoomServer.fromEnv({
      env: {
        VONAGE_APPLICATION_ID: emulator.applicationId,
        VONAGE_PRIVATE_KEY: (emulator.privateKey ?? '').replace(/\n/g, '\\n'),
        VONAGE_VIDEO_API_URL: emulator.url,
      },
    });
    await expect(fromEnv.joinRoom('from-env')).resolves.toMatchObject({
      created: true,
      apiKey: emulator.applicationId,
    });
  });

  it('moderates through the REST transport with the Bearer JWT', async () => {
    const rooms = vonageRooms();
    const { room } = await rooms.getOrCreateRoom('town-hall');
    const signals = emulator.countRequests({
      path: new RegExp(`/session/${room.sessionId}/signal$`),
    });
    await rooms.signal('town-hall', { type: 'chat', data: 'hello' });
    expect(emulator.countRequests({ path: new RegExp(`/session/${room.sessionId}/signal$`) })).toBe(
      signals + 1,
    );
    expect(emulator.requests.at(-1)).toMatchObject({ status: 204 });
    await expect(rooms.muteAll('town-hall')).resolves.toBeUndefined();
    // not_found, not opentok_auth: the emulator accepted the JWT and looked the connection up.
    await expect(rooms.forceDisconnect('town-hall', 'nobody')).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('a wrong private key is opentok_auth naming the Vonage credentials, for sessions and REST calls', async () => {
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const wrong = vonageRooms({ privateKey: otherKey });
    const refused = await wrong.joinRoom('refused').catch((error: unknown) => error);
    expect(refused).toMatchObject({
      code: 'opentok_auth',
      message: expect.stringContaining(
        'the Vonage Video API rejected the application ID or private key',
      ),
    });
    expect(String((refused as Error).message)).toContain('VONAGE_PRIVATE_KEY');
    const { room } = await vonageRooms().getOrCreateRoom('shared');
    const wrongAdapter = createOpenTokAdapter({
      applicationId: emulator.applicationId,
      privateKey: otherKey,
      apiUrl: emulator.url,
    });
    await expect(
      wrongAdapter.signal(room.sessionId, { type: 't', data: 'd' }),
    ).rejects.toMatchObject({
      code: 'opentok_auth',
      message:
        'OpenTok signal failed: the Vonage Video API rejected the application ID or private key (Bearer RS256 JWT). Check VONAGE_APPLICATION_ID and VONAGE_PRIVATE_KEY (or VONAGE_PRIVATE_KEY_PATH).',
    });
    expect(emulator.requests.at(-1)).toMatchObject({ status: 401 });
    // A token signed with the wrong key does not verify either.
    const token = wrong.createToken(room.sessionId).token;
    expect(() =>
      verifyClientToken(token, {
        apiKey: emulator.apiKey,
        apiSecret: emulator.apiSecret,
        publicKey: createPublicKey(emulator.privateKey ?? ''),
      }),
    ).toThrow(/private key/);
  });
});
