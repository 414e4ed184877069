// Executes docs/getting-started.md as written: in a new folder outside the workspace, every block
// marked `<!-- getting-started: run -->` is run with bash, every `file NAME` block is written to NAME,
// and every `start NAME` block is started in the background; then two Chromium contexts open the page
// and must each see the other's video, the server is restarted, and the page must work again; a
// second `server.js` started on the taken ports must say so in one line naming the variable.
// The only departures from the text, all of them for a shared machine:
//  - `npm install @opentok-rooms/X` installs the packed tarball of X (this checkout, not the registry);
//  - PORT and OPENTOK_EMULATOR_PORT are free ports, and the page's start gets `-- --port N --strictPort`;
//  - real-account variables (OPENTOK_*, VONAGE_*) are removed from the environment, and so are the
//    npm_* variables `pnpm run` passes down (npm warns about the npm_config_* it does not know), as a
//    newcomer's shell has none.
// The guide's TypeScript files are also type-checked with tsc (strict).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, newMediaContext } from '@opentok-rooms/browser-testkit';
import { packPackages, root } from './pack-packages.mjs';

const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
const log = (line) => console.log(`[getting-started ${seconds()}s] ${line}`);
const screenshots = join(root, 'test-results');
mkdirSync(screenshots, { recursive: true });

/** The guide's marked blocks, in order: `{ kind: 'run' | 'file' | 'start', name?, text }`. */
export function guideSteps(markdown) {
  const marked = /<!-- getting-started: (run|file|start)(?: (\S+))? -->\n```[a-z]*\n([\s\S]*?)```/g;
  const steps = [...markdown.matchAll(marked)].map(([, kind, name, text]) => ({
    kind,
    name,
    text,
  }));
  const markers = markdown.match(/<!-- getting-started:/g)?.length ?? 0;
  if (markers !== steps.length) {
    throw new Error(
      `${markers - steps.length} getting-started markers are not followed by a code block`,
    );
  }
  for (const needed of [
    'file server.js',
    'file main.ts',
    'file vite.config.ts',
    'start server',
    'start page',
  ]) {
    if (!steps.some((s) => `${s.kind} ${s.name}` === needed))
      throw new Error(`the guide has no "${needed}" block`);
  }
  return steps;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(what, check, timeoutMs, child) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null)
      throw new Error(`${what}: the process exited (${child.exitCode})\n${child.output}`);
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline)
      throw new Error(`${what}: not within ${timeoutMs} ms\n${child?.output ?? ''}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const answers = (url) => fetch(url).then(() => true);

function start(command, cwd, env) {
  const child = spawn('bash', ['-c', `exec ${command}`], {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.output = '';
  child.stdout.on('data', (chunk) => (child.output += chunk));
  child.stderr.on('data', (chunk) => (child.output += chunk));
  return child;
}

async function stop(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid, 'SIGTERM');
  await exited;
}

/** Waits until the page shows its own video and a playing remote one, and "1 other here". */
async function seesTheOther(page, label) {
  const playing = async () =>
    page.evaluate(() => {
      const remote = [...document.querySelectorAll('#others video')];
      const before = remote.map((v) => v.currentTime);
      return new Promise((resolve) =>
        setTimeout(() => {
          const moving = remote.filter((v, i) => v.videoWidth > 0 && v.currentTime > before[i]);
          resolve(
            moving.length === 1 &&
              document.querySelectorAll('#me video').length === 1 &&
              document.getElementById('count')?.textContent === '1 other here',
          );
        }, 300),
      );
    });
  await waitFor(`${label} sees the other's video`, playing, 30_000).catch(async (error) => {
    await page.screenshot({ path: join(screenshots, `getting-started-${label}-failed.png`) });
    throw new Error(`${error.message}\npage says: ${await page.textContent('#status')}`);
  });
  await page.screenshot({ path: join(screenshots, `getting-started-${label}.png`) });
}

async function main() {
  const markdown = readFileSync(join(root, 'docs/getting-started.md'), 'utf8');
  const steps = guideSteps(markdown);
  const work = mkdtempSync(join(tmpdir(), 'opentok-rooms-getting-started-'));
  const app = join(work, 'app');
  const tarballDir = join(work, 'tarballs');
  mkdirSync(app);
  mkdirSync(tarballDir);
  const children = {};
  let browser;
  try {
    const tarballs = await packPackages(tarballDir);
    log(`packed ${Object.keys(tarballs).length} packages`);
    const [apiPort, emulatorPort, webPort] = [await freePort(), await freePort(), await freePort()];
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !/^(OPENTOK_|VONAGE_|npm_)/i.test(key)),
    );
    Object.assign(env, {
      PORT: String(apiPort),
      OPENTOK_EMULATOR_PORT: String(emulatorPort),
      npm_config_update_notifier: 'false',
      npm_config_fund: 'false',
      npm_config_audit: 'false',
    });
    const extraArgs = { page: ` -- --port ${webPort} --strictPort` };
    const ready = {
      server: () => answers(`http://127.0.0.1:${apiPort}/api/rooms`),
      page: () => fetch(`http://localhost:${webPort}/`).then((r) => r.ok),
    };

    for (const step of steps) {
      if (step.kind === 'file') {
        writeFileSync(join(app, step.name), step.text);
        log(`wrote ${step.name}`);
      } else if (step.kind === 'run') {
        const script = step.text.replace(
          /@opentok-rooms\/[a-z-]+/g,
          (name) => tarballs[name] ?? name,
        );
        log(`run:\n${step.text.trim()}`);
        // npm and pnpm print their warnings on stderr: read both streams.
        const run = spawnSync('bash', ['-euo', 'pipefail', '-c', script], {
          cwd: app,
          env,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        const output = `${run.stdout}${run.stderr}`;
        if (run.status !== 0) throw new Error(`the step exited ${run.status}:\n${output}`);
        if (/Failed to create bin|ENOENT|^npm warn|\bWARN\b/m.test(output))
          throw new Error(`install warnings:\n${output}`);
      } else {
        const command = `${step.text.trim()}${extraArgs[step.name] ?? ''}`;
        if (!ready[step.name]) throw new Error(`no readiness check for "start ${step.name}"`);
        log(`start ${step.name}: ${command}`);
        children[step.name] = start(command, app, env);
        children[step.name].command = command;
        await waitFor(`start ${step.name}`, ready[step.name], 60_000, children[step.name]);
      }
    }

    writeFileSync(
      join(app, 'tsconfig.check.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          lib: ['ES2022', 'DOM', 'DOM.Iterable'],
          types: ['node'],
          typeRoots: [join(root, 'node_modules/@types')],
          skipLibCheck: true,
        },
        files: steps.filter((s) => s.kind === 'file' && s.name.endsWith('.ts')).map((s) => s.name),
      }),
    );
    execFileSync(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.check.json'],
      {
        cwd: app,
        stdio: 'inherit',
      },
    );
    log("the guide's TypeScript files type-check (tsc --strict)");

    browser = await launchChromium();
    const errors = [];
    const open = async (label) => {
      const context = await newMediaContext(browser);
      const page = await context.newPage();
      page.on('pageerror', (error) => errors.push(`${label}: ${error.message}`));
      await page.goto(`http://localhost:${webPort}/`);
      return page;
    };
    const ada = await open('ada');
    await waitFor(
      'ada joined',
      async () => /You opened room standup/.test(await ada.textContent('#status')),
      30_000,
    );
    const bob = await open('bob');
    await seesTheOther(ada, 'ada');
    await seesTheOther(bob, 'bob');
    if (!/You joined room standup/.test(await bob.textContent('#status')))
      throw new Error('bob: no "You joined room standup"');
    log("two contexts see each other's video");

    // A restart: while the server is down both pages say so; after it, a reload joins again.
    await stop(children.server);
    await waitFor(
      'bob shows the disconnection',
      async () => /^Disconnected/.test(await bob.textContent('#status')),
      30_000,
    );
    await ada.reload();
    await waitFor(
      'ada shows the failed join',
      async () => /^Could not join: /.test(await ada.textContent('#status')),
      30_000,
    );
    await ada.screenshot({ path: join(screenshots, 'getting-started-server-down.png') });
    log(`while the server is down: "${await ada.textContent('#status')}"`);
    children.server = start(children.server.command, app, env);
    await waitFor('restarted server', ready.server, 60_000, children.server);
    await ada.reload();
    await bob.reload();
    await seesTheOther(ada, 'ada-after-restart');
    await seesTheOther(bob, 'bob-after-restart');
    log('after a server restart, the reloaded pages see each other again');

    // While it runs, a second server finds its ports taken: one line naming the variable, exit 1.
    for (const [taken, extra] of [
      ['OPENTOK_EMULATOR_PORT', {}],
      ['PORT', { OPENTOK_EMULATOR_PORT: String(await freePort()) }],
    ]) {
      const second = spawnSync(process.execPath, ['server.js'], {
        cwd: app,
        env: { ...env, ...extra },
        encoding: 'utf8',
        timeout: 30_000,
      });
      const lines = second.stderr.trim().split('\n');
      if (second.status !== 1 || lines.length !== 1 || !new RegExp(`\\b${taken}\\b`).test(lines[0]))
        throw new Error(
          `server.js on a taken ${taken} port: exit ${second.status}, not one line naming ${taken}:\n${second.stderr}${second.stdout}`,
        );
      log(`server.js with ${taken} taken: "${lines[0]}"`);
    }
    if (errors.length > 0) throw new Error(`page errors:\n${errors.join('\n')}`);
  } finally {
    await browser?.close();
    for (const child of Object.values(children)) await stop(child);
    rmSync(work, { recursive: true, force: true });
  }
  log('getting started: ok');
}

await main().catch((error) => {
  console.error(error);
  process.exit(1);
});
