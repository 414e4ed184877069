// The demo until the example app exists: a local OpenTok emulator, a room, and tokens for two people,
// through the packages exactly as an app would use them. With OPENTOK_API_KEY and OPENTOK_API_SECRET
// set, the same code talks to real OpenTok instead.
import { startEmulator, verifyClientToken } from '@opentok-rooms/emulator';
import { createRoomServer } from '@opentok-rooms/room-server';

const real = process.env.OPENTOK_API_KEY && process.env.OPENTOK_API_SECRET;
const emulator = real ? undefined : await startEmulator();
const credentials = real
  ? { apiKey: process.env.OPENTOK_API_KEY, apiSecret: process.env.OPENTOK_API_SECRET }
  : { apiKey: emulator.apiKey, apiSecret: emulator.apiSecret, apiUrl: emulator.url };

console.log(real ? 'Using real OpenTok.' : `OpenTok emulator listening at ${emulator.url}`);
const rooms = createRoomServer(credentials);

try {
  // Two people open the same new room at the same moment: one session is created.
  const [ada, grace] = await Promise.all([
    rooms.joinRoom('demo-room', { data: JSON.stringify({ name: 'Ada' }) }),
    rooms.joinRoom('demo-room', { data: JSON.stringify({ name: 'Grace' }), role: 'subscriber' }),
  ]);
  console.log(`\nRoom "demo-room" -> session ${ada.sessionId}`);
  console.log(`Both joins share it: ${ada.sessionId === grace.sessionId}`);
  if (emulator) {
    console.log(
      `create-session requests made: ${emulator.countRequests({ path: '/session/create' })}`,
    );
  }
  for (const [who, join] of [
    ['Ada', ada],
    ['Grace', grace],
  ]) {
    console.log(`\n${who}: role ${join.role}, expires ${join.expiresAt}`);
    console.log(`  token ${join.token.slice(0, 48)}... (${join.token.length} chars)`);
    if (emulator) {
      const claims = verifyClientToken(join.token, emulator);
      console.log(`  accepted by the emulator: role ${claims.role}, data ${claims.connectionData}`);
    }
  }
  const { rooms: listed } = await rooms.listRooms();
  console.log(
    `\nRooms: ${listed.map((r) => `${r.name} (${r.sessionOptions.mediaMode})`).join(', ')}`,
  );
  const bad = await rooms.joinRoom('no spaces allowed').catch((error) => error);
  console.log(`A bad room name is refused: ${bad.code}: ${bad.message}`);
} finally {
  await rooms.close();
  await emulator?.close();
}
