// Bundles the desktop host for Electron: the main process (ESM), the run worker (ESM) and the preload (CommonJS,
// one file: a sandboxed preload cannot import other files). better-sqlite3 stays external (a native module,
// rebuilt for Electron's ABI by electron-builder); 'electron' is provided by Electron itself.
// Run: node --import tsx electron/build.ts   (bin/start.js does this before opening the desktop app).
import { build, type BuildOptions } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'electron');

const common: BuildOptions = {
  absWorkingDir: root,
  bundle: true,
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
  // Electron 41 ships Node 24 in the main process and Chromium in the preload.
  target: ['node22', 'chrome130'],
};

/** ESM output that still lets bundled CommonJS dependencies call require(). */
const esmRequireBanner = "import { createRequire as __sl_cr } from 'node:module'; const require = __sl_cr(import.meta.url);";

export async function buildElectron(): Promise<void> {
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
      outfile: join(out, 'run-worker.js'),
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
    }),
  ]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildElectron().then(
    () => console.log(`Built the desktop host into ${out}`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
