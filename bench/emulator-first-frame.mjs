// Time from `join` to the first and the last remote video frame, for Chromium pages in one
// emulated session: relayed (a peer-to-peer mesh between the pages, signalled through the
// emulator) and routed (one upstream per page to the emulator's media router, which forwards it to
// every other page), with the CPU time the emulator process and Chromium (every process of the
// Chromium this benchmark launched, from join to the last frame) spent, and how long the emulator's
// event loop waited for a CPU meanwhile. Needs Debian's chromium (or CHROMIUM_PATH); skips with a
// message without it.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { hasChromium, launchChromium } from '@opentok-rooms/browser-testkit';
import { createRoomServer } from '@opentok-rooms/room-server';
import { chromiumCpuByType, chromiumCpuMs, chromiumCpuSnapshot } from './lib/browser-cpu.mjs';
import { startEmulatorProcess } from './lib/emulator-process.mjs';
import { writeFakeMediaFiles } from './lib/fake-media-files.mjs';
import { median, printTable } from './lib/measure.mjs';

// The pages publish OpenTok's default camera (640x480 at 30 fps) unless a row says otherwise. On 2
// cores Chromium's encoding and decoding is most of a 6-page round, so the last row gives 6 pages
// the camera their 160x120 tiles need, to show the router once the browsers leave it a core.
const SMALL_CAMERA = { resolution: '320x240', frameRate: 15 };
// OpenTok's Single Peer Connection (`OT.initSession` option, @opentok/client 2.29+): each page's
// subscribers share one peer connection with the router, 6 ICE and DTLS handshakes a 6-page round
// instead of 30. OpenTok's default is one each, which the other rows measure.
const SPC = { singlePeerConnection: true };
const SIZES = [
  { mode: 'relayed', pages: 2, rounds: 3 },
  { mode: 'routed', pages: 2, rounds: 3 },
  { mode: 'relayed', pages: 4, rounds: 2 },
  { mode: 'routed', pages: 4, rounds: 2 },
  { mode: 'routed', pages: 4, rounds: 2, session: SPC },
  { mode: 'routed', pages: 6, rounds: 2 },
  { mode: 'routed', pages: 6, rounds: 2, session: SPC },
  { mode: 'routed', pages: 6, rounds: 2, camera: SMALL_CAMERA },
];
const cameraName = (camera) =>
  camera ? `${camera.resolution}@${camera.frameRate}` : '640x480@30 (default)';
const rowKey = ({ mode, pages, camera, session }) =>
  [mode, pages, ...(camera ? [cameraName(camera)] : []), ...(session ? ['spc'] : [])].join(':');
const subscribersOn = ({ mode, session }) =>
  mode === 'relayed' ? 'own (mesh)' : session ? 'single peer connection' : 'own';
const TIMEOUT_MS = 120_000;
// BENCH_ROUNDS=1 for a quick pass on a busy machine.
const ROUNDS_OVERRIDE = process.env.BENCH_ROUNDS ? Number(process.env.BENCH_ROUNDS) : undefined;
// BENCH_ROWS=routed:6,routed:4 runs only those rows (media:pages, :320x240@15 for the small
// camera's, :spc for single peer connections), in the table's order.
const ONLY = process.env.BENCH_ROWS?.split(',').map((row) => row.trim());
// BENCH_CPU_BY_TYPE=1 prints each round's Chromium CPU by process type (browser, gpu-process,
// renderer, utility:network...) and its busiest threads.
const BY_TYPE = process.env.BENCH_CPU_BY_TYPE === '1';
// BENCH_PUBLISHER='{"disableAudioProcessing":true}' adds OT.initPublisher options for every page.
const PUBLISHER = process.env.BENCH_PUBLISHER ? JSON.parse(process.env.BENCH_PUBLISHER) : {};
// Whether the Chromium launched here may raise its own threads' priorities (CAP_SYS_NICE, which
// .ci/run drops): see docs/benchmarks.md, "Thread priorities".
function chromiumPriorities() {
  try {
    const capEff = /CapEff:\s*([0-9a-f]+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (capEff === undefined) return 'unknown';
    const CAP_SYS_NICE = 23n;
    return ((BigInt(`0x${capEff}`) >> CAP_SYS_NICE) & 1n) === 1n
      ? 'raised (CAP_SYS_NICE held)'
      : 'normal';
  } catch {
    return 'unknown';
  }
}
const rowsToRun = ONLY ? SIZES.filter((size) => ONLY.includes(rowKey(size))) : SIZES;

if (!hasChromium) {
  console.log("SKIPPED: no Chromium (install Debian's chromium or set CHROMIUM_PATH).");
  process.exit(0);
}

// Each page records, relative to its own join: camera access, the connect and publish callbacks,
// every remote streamCreated and subscribe callback, the first rendered frame of every remote
// video (requestVideoFrameCallback), and, for each peer connection that receives an offer (a
// subscriber's), when the offer arrived and when its ICE connected: the phases say where a
// round's time goes. The offers are timed by wrapping RTCPeerConnection before the SDK loads.
const page = (scriptUrl) => `<!doctype html><html lang="en"><head><script>
window.result = { frames: [], streamsCreated: [], subscribed: [], offers: [], iceConnected: [] };
const since = () => performance.now() - (window.t0 ?? Number.NaN);
const Native = RTCPeerConnection;
window.RTCPeerConnection = function RTCPeerConnection(...args) {
  const pc = new Native(...args);
  const setRemoteDescription = pc.setRemoteDescription.bind(pc);
  pc.setRemoteDescription = (description) => {
    if (description.type === 'offer' && !pc.remoteDescription) {
      window.result.offers.push(since());
      pc.addEventListener('iceconnectionstatechange', function connected() {
        if (pc.iceConnectionState !== 'connected') return;
        pc.removeEventListener('iceconnectionstatechange', connected);
        window.result.iceConnected.push(since());
      });
    }
    return setRemoteDescription(description);
  };
  return pc;
};
window.RTCPeerConnection.prototype = Native.prototype;
</script><script src="${scriptUrl}"></script></head>
<body><div id="me"></div><div id="others"></div><script>
window.join = ({ apiKey, sessionId, token }, camera, sessionOptions) => {
  window.t0 = performance.now();
  const session = OT.initSession(apiKey, sessionId, sessionOptions);
  session.on('streamCreated', (event) => {
    window.result.streamsCreated.push(since());
    const subscriber = session.subscribe(event.stream, 'others', { insertMode: 'append', width: 160, height: 120 },
      (error) => { if (!error) window.result.subscribed.push(since()); });
    subscriber.on('videoElementCreated', ({ element }) =>
      element.requestVideoFrameCallback(() => window.result.frames.push(since())));
  });
  const publisher = OT.initPublisher('me', { insertMode: 'append', width: 160, height: 120, ...camera });
  publisher.on('accessAllowed', () => { window.result.camera = since(); });
  session.connect(token, (error) => {
    if (error) { window.result.error = error.name; return; }
    window.result.connected = since();
    session.publish(publisher, (error) => { if (!error) window.result.published = since(); });
  });
};
</script></body></html>`;

function printByType({ types, threads }) {
  const line = [...types]
    .sort((a, b) => b[1].ms - a[1].ms)
    .map(([type, { ms, processes }]) => `${type} ×${processes} ${Math.round(ms)}`);
  console.log(`Chromium CPU by process type (ms): ${line.join(', ')}`);
  const busiest = threads.slice(0, 14).map(([key, ms]) => `${key} ${Math.round(ms)}`);
  console.log(`  busiest threads (ms): ${busiest.join(', ')}`);
}

async function round(browser, rooms, site, pages, camera, session = {}) {
  const contexts = await Promise.all(
    Array.from({ length: pages }, () =>
      browser.newContext({ permissions: ['camera', 'microphone'] }),
    ),
  );
  try {
    const tabs = await Promise.all(contexts.map((context) => context.newPage()));
    await Promise.all(tabs.map((tab) => tab.goto(`${site}/page.html`)));
    const room = `bench-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const joins = [];
    for (let i = 0; i < pages; i++) joins.push(await rooms.joinRoom(room, { data: `page=${i}` }));
    await Promise.all(
      tabs.map((tab, i) =>
        tab.evaluate(
          ([input, props, options]) => window.join(input, props, options),
          [joins[i], { ...PUBLISHER, ...camera }, session],
        ),
      ),
    );
    const deadline = Date.now() + TIMEOUT_MS;
    const browserCpuStart = chromiumCpuMs();
    const snapshotStart = BY_TYPE ? chromiumCpuSnapshot() : undefined;
    // Measured before the pages close: what their media cost until every frame arrived, and
    // what the router had to rebuild on the way.
    const withCpu = async (results) => {
      const browserCpu =
        browserCpuStart === undefined ? undefined : chromiumCpuMs() - browserCpuStart;
      if (snapshotStart) printByType(chromiumCpuByType(snapshotStart, chromiumCpuSnapshot()));
      const rebuilds = await emulator.rebuildReasons();
      return results.map((result) => ({ ...result, browserCpu, rebuilds }));
    };
    for (;;) {
      const results = await Promise.all(tabs.map((tab) => tab.evaluate(() => window.result)));
      const failed = results.find((result) => result.error);
      if (failed) throw new Error(`join failed: ${failed.error}`);
      if (results.every((result) => result.frames.length >= pages - 1)) return withCpu(results);
      // A round that times out still counts, with what arrived: the table says so.
      if (Date.now() > deadline) {
        return withCpu(results.map((result) => ({ ...result, timedOut: true })));
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await Promise.all(contexts.map((context) => context.close()));
  }
}

const emulator = await startEmulatorProcess();
const credentials = {
  apiKey: emulator.apiKey,
  apiSecret: emulator.apiSecret,
  apiUrl: emulator.url,
};
const roomServers = {
  relayed: createRoomServer({ ...credentials, sessionDefaults: { mediaMode: 'relayed' } }),
  routed: createRoomServer({ ...credentials, sessionDefaults: { mediaMode: 'routed' } }),
};
const html = page(emulator.scriptUrl);
const server = createServer((_request, response) => {
  response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const site = `http://127.0.0.1:${server.address().port}`;
// BENCH_CHROMIUM_ARGS="--flag --other" adds Chromium flags (to see what one costs or saves).
const extraArgs = process.env.BENCH_CHROMIUM_ARGS?.split(' ').filter(Boolean) ?? [];
// BENCH_FAKE_MEDIA=files (or video, audio): the fake camera and/or microphone play small files
// written here instead of generating their pattern and beep (see lib/fake-media-files.mjs).
const fakeMedia = process.env.BENCH_FAKE_MEDIA;
if (fakeMedia) {
  const { args } = writeFakeMediaFiles();
  const wanted = { files: args, video: [args[0]], audio: [args[1]] }[fakeMedia];
  if (!wanted) throw new Error(`BENCH_FAKE_MEDIA is files, video or audio, not ${fakeMedia}`);
  extraArgs.push(...wanted);
}
// The emulator stands in for OpenTok's media servers, which never share a CPU with the browsers:
// Chromium runs at nice 10 so that its pages cannot starve it (docs/benchmarks.md, "Chromium at
// nice 10"). BENCH_CHROMIUM_NICENESS=0 measures them as equals.
const niceness = Number(process.env.BENCH_CHROMIUM_NICENESS ?? 10);
const browser = await launchChromium({ extraArgs, niceness });

const rows = [
  [
    'media',
    'pages',
    'camera',
    'subscribers on',
    'connect (median ms)',
    'first remote frame (median ms)',
    'all remote frames (max ms)',
    'all remote frames (median round, ms)',
    'emulator CPU per round (ms)',
    'emulator waiting for a CPU per round (ms)',
    'Chromium CPU per round (ms)',
    'downstream rebuilds (why)',
    'rounds',
  ],
];
const loadBefore = loadavg()[0];
const phaseLines = [];
try {
  for (const row of rowsToRun) {
    const { mode, pages, rounds: planned, camera, session } = row;
    const rounds = ROUNDS_OVERRIDE ?? planned;
    let timedOut = false;
    const connects = [];
    const firsts = [];
    const phases = {
      camera: [],
      published: [],
      'last streamCreated': [],
      'last offer': [],
      'last ICE connected': [],
      'last subscribed': [],
    };
    const roundsAll = [];
    const start = await emulator.usage();
    let browserCpu = 0;
    const rebuilds = [];
    for (let r = 0; r < rounds; r++) {
      const results = await round(browser, roomServers[mode], site, pages, camera, session);
      browserCpu += results[0]?.browserCpu ?? Number.NaN;
      rebuilds.push(...(results[0]?.rebuilds ?? []));
      for (const result of results) {
        timedOut ||= result.timedOut === true || result.frames.length < pages - 1;
        connects.push(result.connected);
        firsts.push(Math.min(...result.frames));
        phases.camera.push(result.camera);
        phases.published.push(result.published);
        phases['last streamCreated'].push(Math.max(...result.streamsCreated));
        phases['last offer'].push(Math.max(...result.offers));
        phases['last ICE connected'].push(Math.max(...result.iceConnected));
        phases['last subscribed'].push(Math.max(...result.subscribed));
      }
      roundsAll.push(Math.max(...results.flatMap((result) => result.frames)));
    }
    const end = await emulator.usage();
    const cpu = end.cpuMs - start.cpuMs;
    const wait = start.waitMs === undefined ? undefined : end.waitMs - start.waitMs;
    const phaseLine = Object.entries(phases)
      .map(([name, times]) => `${name} ${Math.round(median(times.filter(Number.isFinite)))}`)
      .join(', ');
    phaseLines.push(`${rowKey(row)}: ${phaseLine}`);
    rows.push([
      mode,
      pages,
      cameraName(camera),
      subscribersOn(row),
      Math.round(median(connects)),
      Math.round(median(firsts)),
      timedOut ? `> ${TIMEOUT_MS} (timed out)` : Math.round(Math.max(...roundsAll)),
      timedOut ? '-' : Math.round(median(roundsAll)),
      Math.round(cpu / rounds),
      wait === undefined ? '-' : Math.round(wait / rounds),
      Number.isNaN(browserCpu) ? '-' : Math.round(browserCpu / rounds),
      rebuilds.length === 0 ? 0 : `${rebuilds.length} (${rebuilds.join(', ')})`,
      rounds,
    ]);
  }
} finally {
  await browser.close();
  server.close();
  await emulator.close();
}
printTable(
  `Emulator: join → first and last remote frame, Chromium ${browser.version?.() ?? ''} headless, fake camera, loopback, Chromium thread priorities ${chromiumPriorities()}, Chromium at nice ${niceness} (load average ${loadBefore.toFixed(1)} → ${loadavg()[0].toFixed(1)} on ${cpus().length} cores)`,
  rows,
);
console.log("Phases, median ms from join, per page (last = the page's last remote stream):");
for (const line of phaseLines) console.log(`  ${line}`);
