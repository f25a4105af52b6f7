// Bundles the desktop host for Electron: the main process (ESM), the run and design workers (ESM) and the preload (CommonJS,
// one file: a sandboxed preload cannot import other files). better-sqlite3 stays external (a native module,
// rebuilt for Electron's ABI by electron-builder); 'electron' is provided by Electron itself.
// Run: node --import tsx electron/build.ts   (bin/start.js does this before opening the desktop app).
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CALL_NAMES, EVENT_NAMES, LAB_API_GLOBAL, callChannel, eventChannel } from './contract.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Where package.json's "main" (dist/electron/main.js) and electron-builder expect the desktop host. */
export const DEFAULT_OUT_DIR = join(root, 'dist', 'electron');

const common: BuildOptions = {
  absWorkingDir: root,
  bundle: true,
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
  // Electron 41 ships Node 24 in the main process and Chromium in the preload.
  target: ['node22', 'chrome130'],
};

/**
 * The preload needs only the contract's names and channels, not its zod schemas (the main process validates).
 * This plugin hands it a module computed from the contract at build time, so the sandboxed preload stays a few
 * kilobytes instead of carrying zod.
 */
export function contractNamesModule(): string {
  const calls = Object.fromEntries(CALL_NAMES.map((name) => [name, callChannel(name)]));
  const events = Object.fromEntries(EVENT_NAMES.map((name) => [name, eventChannel(name)]));
  return [
    `const CALLS = ${JSON.stringify(calls)};`,
    `const EVENTS = ${JSON.stringify(events)};`,
    'export const CALL_NAMES = Object.freeze(Object.keys(CALLS));',
    'export const EVENT_NAMES = Object.freeze(Object.keys(EVENTS));',
    `export const LAB_API_GLOBAL = ${JSON.stringify(LAB_API_GLOBAL)};`,
    'export function callChannel(name) { return CALLS[name]; }',
    'export function eventChannel(name) { return EVENTS[name]; }',
    'export function isEventName(name) { return Object.prototype.hasOwnProperty.call(EVENTS, name); }',
  ].join('\n');
}

const contractNamesOnly: Plugin = {
  name: 'contract-names-only',
  setup(b) {
    b.onResolve({ filter: /(^|\/)contract\.js$/ }, (args) => ({
      path: args.path,
      namespace: 'contract-names',
    }));
    b.onLoad({ filter: /.*/, namespace: 'contract-names' }, () => ({
      contents: contractNamesModule(),
      loader: 'js',
    }));
  },
};

/** ESM output that still lets bundled CommonJS dependencies call require(). */
const esmRequireBanner =
  "import { createRequire as __sl_cr } from 'node:module'; const require = __sl_cr(import.meta.url);";

export async function buildElectron(out: string = DEFAULT_OUT_DIR): Promise<void> {
  await Promise.all([
    build({
      ...common,
      entryPoints: [join(root, 'electron/main/index.ts')],
      outfile: join(out, 'main.js'),
      platform: 'node',
      format: 'esm',
      external: ['electron', 'better-sqlite3'],
      banner: { js: esmRequireBanner },
    }),
    build({
      ...common,
      entryPoints: [join(root, 'electron/service/simulator-worker.ts')],
      outfile: join(out, 'run-worker.mjs'),
      platform: 'node',
      format: 'esm',
      banner: { js: esmRequireBanner },
    }),
    build({
      ...common,
      entryPoints: [join(root, 'electron/service/design/simulator-worker.ts')],
      outfile: join(out, 'design-worker.mjs'),
      platform: 'node',
      format: 'esm',
      banner: { js: esmRequireBanner },
    }),
    build({
      ...common,
      entryPoints: [join(root, 'electron/preload.ts')],
      outfile: join(out, 'preload.cjs'),
      platform: 'browser',
      format: 'cjs',
      external: ['electron'],
      plugins: [contractNamesOnly],
    }),
  ]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildElectron().then(
    () => console.log(`Built the desktop host into ${DEFAULT_OUT_DIR}`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
