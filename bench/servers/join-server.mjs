// A join endpoint in one of ten styles, for bench/http-join.mjs. Prints "READY <port>".
//   bare:          node:http answering a constant JSON (the floor of any endpoint)
//   bare-signer:   node:http + createTokenSigner per request (the floor of any join endpoint)
//   bare-signer-vonage: the same with an RS256 createTokenSigner (the floor of any join endpoint on
//                  a Vonage application)
//   express-floor: Express answering the constant JSON from a middleware (the floor of anything
//                  mounted with app.use)
//   ours-node:     room-server's handler on node:http (memory store)
//   ours-express:  the same handler mounted in Express with app.use(toExpressMiddleware(handler))
//   ours-before-express: the same handler in front of an Express app,
//                  toNodeListener(handler, { fallback: app })
//   bare-async-signer-vonage: node:http + the same RS256 token signed with crypto.sign's callback
//                  form (the libuv thread pool): the floor of a join endpoint that signs off the
//                  event loop
//   ours-node-vonage: room-server's handler on node:http (memory store) on a Vonage application
//   sample:       the way OpenTok's sample server does it: Express, a plain object of rooms,
//                 opentok.generateToken per request
// The *-vonage variants run against an emulator acting as a Vonage application (RS256), the others
// against one acting as an OpenTok project (HS256).
import { createPrivateKey, randomUUID, sign } from 'node:crypto';
import { createServer } from 'node:http';
import { startEmulator } from '@opentok-rooms/emulator';
import { createRoomServer, createTokenSigner } from '@opentok-rooms/room-server';
import {
  createRoomHandler,
  toExpressMiddleware,
  toNodeListener,
} from '@opentok-rooms/room-server/http';
import express from 'express';
import OpenTok from 'opentok';

const variant = process.argv[2];
const vonage = variant.endsWith('-vonage');
const emulator = await startEmulator(vonage ? { account: 'vonage' } : {});
const account = vonage
  ? { applicationId: emulator.applicationId, privateKey: emulator.privateKey }
  : { apiKey: emulator.apiKey, apiSecret: emulator.apiSecret };
const credentials = { ...account, apiUrl: emulator.url };

/** An Express app as an app has one: a body parser and routes of its own. */
function expressApp() {
  const app = express();
  app.use(express.json());
  app.get('/health', (_req, res) => {
    res.json({ ok: true });
  });
  return app;
}

let listener;
if (variant === 'bare' || variant === 'express-floor') {
  const body = JSON.stringify({
    apiKey: emulator.apiKey,
    sessionId: 'constant',
    token: 'constant',
  });
  const constant = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  };
  if (variant === 'bare') {
    listener = constant;
  } else {
    const app = express();
    app.use(constant);
    listener = app;
  }
} else if (variant === 'bare-signer' || variant === 'bare-signer-vonage') {
  const signer = createTokenSigner(account);
  const rooms = createRoomServer(credentials);
  const { room } = await rooms.getOrCreateRoom('bench');
  listener = (_req, res) => {
    const { apiKey, sessionId, token } = signer.sign(room.sessionId, { role: 'publisher' });
    const body = JSON.stringify({ apiKey, sessionId, token });
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  };
} else if (variant === 'bare-async-signer-vonage') {
  // The token bytes of createTokenSigner's Vonage path (same claims, same order), but signed in the
  // thread pool: the event loop only builds the payload and writes the answer.
  const key = createPrivateKey(emulator.privateKey);
  const rooms = createRoomServer(credentials);
  const { room } = await rooms.getOrCreateRoom('bench');
  const header = Buffer.from('{"alg":"RS256","typ":"JWT"}').toString('base64url');
  const sessionJson = JSON.stringify(room.sessionId);
  const applicationIdJson = JSON.stringify(emulator.applicationId);
  listener = (_req, res) => {
    const iat = Math.round(Date.now() / 1000);
    const payload =
      `{"scope":"session.connect","session_id":${sessionJson},"role":"publisher"` +
      `,"initial_layout_class_list":"","exp":${iat + 86_400}` +
      ',"sub":"video","acl":{"paths":{"/session/**":{}}}' +
      `,"jti":"${randomUUID()}","iat":${iat},"application_id":${applicationIdJson}}`;
    const input = `${header}.${Buffer.from(payload).toString('base64url')}`;
    sign('sha256', Buffer.from(input, 'latin1'), key, (error, signature) => {
      if (error) {
        res.writeHead(500).end();
        return;
      }
      const token = `${input}.${signature.toString('base64url')}`;
      const body = JSON.stringify({
        apiKey: emulator.applicationId,
        sessionId: room.sessionId,
        token,
      });
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    });
  };
} else if (variant === 'sample') {
  const opentok = new OpenTok(emulator.apiKey, emulator.apiSecret, { apiUrl: emulator.url });
  const roomToSessionIdDictionary = {};
  const app = express();
  app.get('/room/:name', (req, res) => {
    const roomName = req.params.name;
    const sessionId = roomToSessionIdDictionary[roomName];
    if (sessionId) {
      const token = opentok.generateToken(sessionId);
      res.json({ apiKey: emulator.apiKey, sessionId, token });
      return;
    }
    opentok.createSession({ mediaMode: 'routed' }, (error, session) => {
      if (error) {
        res.status(500).send({ error: 'createSession error' });
        return;
      }
      roomToSessionIdDictionary[roomName] = session.sessionId;
      res.json({
        apiKey: emulator.apiKey,
        sessionId: session.sessionId,
        token: opentok.generateToken(session.sessionId),
      });
    });
  });
  listener = app;
} else {
  // Limits off: autocannon is one client making tens of thousands of joins.
  const handler = createRoomHandler({ rooms: createRoomServer(credentials), limits: false });
  if (variant === 'ours-express') {
    const app = express();
    app.use(toExpressMiddleware(handler)); // before the body parser, as its README says
    app.use(expressApp());
    listener = app;
  } else if (variant === 'ours-before-express') {
    listener = toNodeListener(handler, { fallback: expressApp() });
  } else {
    listener = toNodeListener(handler);
  }
}

const server = createServer(listener);
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', async () => {
  const { port } = server.address();
  // Create the room once: the benchmark measures joins of an existing room.
  const warm = await fetch(`http://127.0.0.1:${port}/room/bench`);
  if (!warm.ok) throw new Error(`warm-up failed: ${warm.status}`);
  console.log(`READY ${port}`);
});
// CPU time is what a shared machine cannot steal from a measurement: the benchmark asks for it.
process.on('message', (message) => {
  if (message === 'cpu') process.send(process.cpuUsage());
});
process.on('SIGTERM', async () => {
  server.closeAllConnections();
  server.close();
  await emulator.close();
  process.exit(0);
});
