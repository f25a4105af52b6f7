// The browser-mode host for the e2e suite (started by Playwright's webServer): builds the renderer, then serves it
// with the real lab service on a fixed loopback port, a fresh data directory and the fixture library in
// tests/e2e/fixtures/scenarios. The address with this launch's token is written to SERVER_INFO_FILE for the
// tests; nothing else about the host differs from `npm run lab:web`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBrowserMode } from '../../electron/web/start.js';
import { E2E_PORT, SERVER_INFO_FILE } from './server-info.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

if (!process.env.SIGHTLINE_E2E_SKIP_BUILD) {
  const { build } = await import('vite');
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
}

const dataDir = mkdtempSync(join(tmpdir(), 'sightline-e2e-'));
const mode = await startBrowserMode({
  port: E2E_PORT,
  host: '127.0.0.1',
  dataDir,
  // The fixture library keeps the suite independent of the shipped scenarios; SIGHTLINE_E2E_LIBRARY=scenarios
  // serves the real built-in library instead (to look at the UI with it).
  builtInDir: join(root, process.env.SIGHTLINE_E2E_LIBRARY ?? join('tests', 'e2e', 'fixtures', 'scenarios')),
});
writeFileSync(
  SERVER_INFO_FILE,
  JSON.stringify({ url: mode.web.url, origin: mode.web.origin, token: mode.web.token }),
);
console.log(`e2e host at ${mode.web.origin}`);

let stopping = false;
function stop(): void {
  if (stopping) return;
  stopping = true;
  void mode.close().finally(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(SERVER_INFO_FILE, { force: true });
    process.exit(0);
  });
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
