#!/usr/bin/env node
// `npm start`: opens the desktop app when Electron's binary is installed; otherwise (or with --web) serves the
// same renderer and lab service in browser mode on http://127.0.0.1:<port>, prints the address and says why it
// did not open the desktop app. `npm run lab:web` is `--web`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_PORT = 5757;
const USAGE = `Usage: npm start -- [options]

  --web             serve browser mode even if the desktop app could open
  --port <n>        browser mode port (default ${DEFAULT_PORT}; 0 picks a free one)
  --host <address>  browser mode address (default 127.0.0.1; anything else exposes the lab to the network)
  --data-dir <dir>  where browser mode keeps its database (default ./.sightline)
  -h, --help        show this help`;

function fail(message, code = 2) {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(code);
}

function parse(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        web: { type: 'boolean', default: false },
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    fail(error.message);
  }
  const v = parsed.values;
  if (v.help) {
    console.log(USAGE);
    process.exit(0);
  }
  let port = DEFAULT_PORT;
  if (v.port !== undefined) {
    if (!/^\d{1,5}$/.test(v.port) || Number(v.port) > 65535)
      fail(`--port must be a number from 0 to 65535, not "${v.port}".`);
    port = Number(v.port);
  }
  const host = v.host ?? '127.0.0.1';
  if (host.length === 0 || /[\s/]/.test(host))
    fail(`--host must be an address such as 127.0.0.1, not "${host}".`);
  const dataDir = resolve(v['data-dir'] ?? join(process.cwd(), '.sightline'));
  return {
    web: v.web,
    port,
    host,
    dataDir,
    explicitBrowserOptions: v.port !== undefined || v.host !== undefined,
  };
}

/** Electron's binary: `require('electron')` returns its path when installed, and throws when it is not. */
function findElectron() {
  let path;
  try {
    path = createRequire(import.meta.url)('electron');
  } catch (error) {
    const first = String(error && error.message ? error.message : error).split('\n')[0];
    return {
      reason:
        `Electron's binary is not installed (${first}). ` +
        'Installs made with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or where the download failed, have no desktop app',
    };
  }
  if (typeof path !== 'string' || !existsSync(path)) {
    return { reason: `the electron package names a binary that does not exist (${String(path)})` };
  }
  return { path };
}

function startDesktop(electronPath) {
  console.log('Building the desktop host…');
  const built = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'electron', 'build.ts')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (built.status !== 0) {
    console.error('Building the desktop host failed; try `npm run lab:web` for browser mode.');
    process.exit(1);
  }
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(electronPath, [root], { cwd: root, stdio: 'inherit', env });
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
}

async function startWeb(options, reason) {
  console.log(`Browser mode: ${reason}.`);
  const { register } = await import('tsx/esm/api');
  register();
  const { startBrowserMode } = await import('../electron/web/start.ts');
  let mode;
  try {
    mode = await startBrowserMode({ port: options.port, host: options.host, dataDir: options.dataDir });
  } catch (error) {
    if (error && error.name === 'WebHostError') {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  // Handlers first: whoever reads the address below may signal us as soon as it is printed.
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    mode.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  if (options.host !== '127.0.0.1' && options.host !== 'localhost') {
    console.warn(
      `Warning: listening on ${options.host}, not loopback only; anyone with the address and token can use the lab.`,
    );
  }
  console.log(`Data: ${options.dataDir.replace(homedir(), '~')}`);
  console.log(`Sightline is running at ${mode.web.url}`);
  console.log(
    "Open that address in a browser (it carries this launch's access token). Press Ctrl+C to stop.",
  );
}

const options = parse(process.argv.slice(2));
if (options.web) {
  await startWeb(options, '--web was given');
} else {
  const electron = findElectron();
  if (electron.path) {
    if (options.explicitBrowserOptions)
      console.warn('--port and --host apply to browser mode only; ignoring them.');
    startDesktop(electron.path);
  } else {
    await startWeb(options, `${electron.reason}, so the lab is served to your browser instead`);
  }
}
