import { createServer } from 'node:http';
import { launchChromium, newMediaContext } from '@opentok-rooms/browser-testkit';
import OpenTok from 'opentok';
import { startEmulator } from '../dist/index.js';
const emulator = await startEmulator();
const ot = new OpenTok(emulator.apiKey, emulator.apiSecret, { apiUrl: emulator.url });
const sessionId = await new Promise((r) => ot.createSession({ mediaMode: 'routed' }, (e, s) => r(s.sessionId)));
const html = `<!doctype html><script src="${emulator.scriptUrl}"></script><div id=me></div><div id=o></div><script>
window.join = ({ apiKey, sessionId, token }) => new Promise((resolve) => { const s = OT.initSession(apiKey, sessionId);
s.on('streamCreated', (e) => s.subscribe(e.stream, 'o', {insertMode:'append'}));
s.connect(token, () => s.publish(OT.initPublisher('me', {insertMode:'append'}), resolve)); });
window.playing = () => [...document.querySelectorAll('#o video')].filter((v) => v.videoWidth > 0 && v.currentTime > 0.5).length;
</script>`;
const server = createServer((q, r) => r.writeHead(200, { 'Content-Type': 'text/html' }).end(html));
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const browser = await launchChromium();
const pages = [];
for (let i = 0; i < 2; i++) {
  const p = await (await newMediaContext(browser)).newPage();
  await p.goto(`http://127.0.0.1:${server.address().port}/`);
  await p.evaluate((x) => window.join(x), { apiKey: emulator.apiKey, sessionId, token: ot.generateToken(sessionId) });
  pages.push(p);
}
for (const p of pages) await p.waitForFunction(() => window.playing() >= 1, null, { timeout: 90000 });
console.log('playing', new Date().toISOString());
for (const mode of ['individual', 'composed', 'individual']) {
  const t = Date.now();
  const rec = emulator.media.recorder.start({ sessionId, archiveId: `a${t}`, outputMode: mode, hasAudio: true, hasVideo: true, streamMode: 'auto' });
  await new Promise((r) => setTimeout(r, 4000));
  const f = await rec.stop();
  console.log(mode, JSON.stringify(f), 'stop took', Date.now() - t - 4000);
}
await browser.close(); server.close(); await emulator.close();
