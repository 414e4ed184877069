import { createServer } from 'node:http';
import { launchChromium, newMediaContext } from '@opentok-rooms/browser-testkit';
import OpenTok from 'opentok';
import { startEmulator } from '../dist/index.js';
const N = Number(process.argv[2] ?? 4);
const emulator = await startEmulator();
const ot = new OpenTok(emulator.apiKey, emulator.apiSecret, { apiUrl: emulator.url });
const sessionId = await new Promise((r) => ot.createSession({ mediaMode: 'routed' }, (e, s) => r(s.sessionId)));
const html = `<!doctype html><script>const N=RTCPeerConnection;window.pcs=[];window.RTCPeerConnection=class extends N{constructor(...a){super(...a);window.pcs.push(this)}}</script><script src="${emulator.scriptUrl}"></script><div id=me></div><div id=o></div><script>
window.join = ({ apiKey, sessionId, token }) => new Promise((resolve) => { const s = OT.initSession(apiKey, sessionId);
s.on('streamCreated', (e) => s.subscribe(e.stream, 'o', {insertMode:'append'}));
s.connect(token, () => s.publish(OT.initPublisher('me', {insertMode:'append'}), resolve)); });
window.state = async () => Promise.all(window.pcs.map(async (pc) => { const st=[...(await pc.getStats()).values()]; const v = st.find(e=>e.type==='inbound-rtp'&&e.kind==='video'); const o = st.find(e=>e.type==='outbound-rtp'&&e.kind==='video'); return pc.connectionState + (v? ' in:'+v.packetsReceived+'/dec'+v.framesDecoded+'/pli'+v.pliCount+'/kf'+v.keyFramesDecoded : '') + (o? ' out:'+o.packetsSent+'/pli'+o.pliCount+'/kf'+o.keyFramesEncoded:''); }));
</script>`;
const server = createServer((q, r) => r.writeHead(200, { 'Content-Type': 'text/html' }).end(html));
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const browser = await launchChromium();
const pages = [];
const t0 = Date.now();
for (let i = 0; i < N; i++) {
  const p = await (await newMediaContext(browser)).newPage();
  await p.goto(`http://127.0.0.1:${server.address().port}/`);
  await p.evaluate((x) => window.join(x), { apiKey: emulator.apiKey, sessionId, token: ot.generateToken(sessionId) });
  pages.push(p);
}
for (let k = 0; k < 8; k++) {
  await new Promise((r) => setTimeout(r, 5000));
  console.log(`t=${Math.round((Date.now()-t0)/1000)}s fwd=${emulator.media.forwardedStreams(sessionId)}`);
  for (const [i, p] of pages.entries()) console.log(' page', i, JSON.stringify(await p.evaluate(() => window.state())));
}
await browser.close(); server.close(); await emulator.close();
