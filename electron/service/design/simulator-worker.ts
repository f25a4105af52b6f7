// Design-worker entry for the real design engine: the attack library read from `workerData.libraryDir` (the host
// passes the built-in scenarios/ directory; packaged apps keep it in the resources), runs with the node:crypto
// provider. Bundled to dist/electron/design-worker.mjs for the desktop app; started through worker-boot.mjs in
// browser mode and tests.
import { join } from 'node:path';
import { workerData } from 'node:worker_threads';
import { createHostCryptoProvider } from '../../../simulator/crypto/host-provider.js';
import { serveDesigns } from './serve.js';
import { createDesignEvaluator } from './simulator-engine.js';

const data = (workerData ?? {}) as { libraryDir?: unknown };
const libraryDir = typeof data.libraryDir === 'string' ? data.libraryDir : join(process.cwd(), 'scenarios');

serveDesigns(createDesignEvaluator({ libraryDir, crypto: createHostCryptoProvider() }));
