// Browser mode as a program: opens the store in the data directory, starts the lab service with the real engine
// and the web host, and closes both on SIGINT/SIGTERM. bin/start.js calls this when Electron is not available
// or --web is given.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLabService } from '../service/create.js';
import { createDesignEngine } from '../service/design/simulator-engine.js';
import type { ErrorLog } from '../service/dispatch.js';
import type { LabService } from '../service/lab-service.js';
import { createSimulatorEngine } from '../service/simulator-engine.js';
import { startWebHost, type WebHost } from './server.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface BrowserModeOptions {
  port: number;
  host: string;
  dataDir: string;
  rendererDir?: string;
  builtInDir?: string;
  /** The attack library designs are scored against (default: the shipped scenarios/, whatever builtInDir is). */
  designLibraryDir?: string;
  log?: ErrorLog;
}

export interface BrowserMode {
  web: WebHost;
  service: LabService;
  close(): Promise<void>;
}

/** @throws WebHostError when the port cannot be bound (the service is closed again first). */
export async function startBrowserMode(options: BrowserModeOptions): Promise<BrowserMode> {
  const log: ErrorLog =
    options.log ?? ((message, error) => console.error(`[sightline] ${message}`, error ?? ''));
  const builtInDir = options.builtInDir ?? join(root, 'scenarios');
  const service = createLabService({
    dataDir: options.dataDir,
    engine: createSimulatorEngine({ builtInDir }),
    worker: { entry: new URL('../service/simulator-worker.ts', import.meta.url) },
    designs: {
      engine: createDesignEngine(),
      worker: {
        entry: new URL('../service/design/simulator-worker.ts', import.meta.url),
        data: { libraryDir: options.designLibraryDir ?? join(root, 'scenarios') },
      },
    },
    log,
    rendererDir: options.rendererDir ?? join(root, 'dist', 'renderer'),
  });
  let web: WebHost;
  try {
    web = await startWebHost({
      service,
      rendererDir: options.rendererDir ?? join(root, 'dist', 'renderer'),
      host: options.host,
      port: options.port,
      log,
    });
  } catch (error) {
    await service.close();
    throw error;
  }
  let closing: Promise<void> | null = null;
  const close = () => (closing ??= web.close().then(() => service.close()));
  return { web, service, close };
}
