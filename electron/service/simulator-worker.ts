// Run-worker entry for the real simulator: the runner with the node:crypto provider (the fast path in Node hosts;
// it agrees bit for bit with the portable one). Bundled to dist/electron/run-worker.mjs for the desktop app;
// started through worker-boot.mjs in browser mode.
import { createHostCryptoProvider } from '../../simulator/crypto/host-provider.js';
import { runScenario } from '../../simulator/scenario/runner.js';
import { serveRuns } from './run-worker.js';
import { createSimulatorEngine } from './simulator-engine.js';

const crypto = createHostCryptoProvider();

serveRuns(
  createSimulatorEngine({ runner: (loaded, options) => runScenario(loaded, { ...options, crypto }) }),
);
