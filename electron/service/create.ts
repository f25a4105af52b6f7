// Wiring a lab service for a host: the store in the data directory, the engine, the run worker. Both hosts (the
// Electron main process and browser mode) start the service through here.
import { join } from 'node:path';
import { DATABASE_FILE, openLabStore } from '../storage/lab-store.js';
import type { DesignEngine } from './design/engine.js';
import type { ErrorLog } from './dispatch.js';
import type { LabEngine } from './engine.js';
import { createWorkshopLauncher } from '../workshop/launcher.js';
import { LabService } from './lab-service.js';
import type { WorkerSpec } from './run-manager.js';

export interface CreateLabServiceOptions {
  /** Where sightline.db lives (Electron: userData; browser mode: --data-dir or ./.sightline). */
  dataDir: string;
  engine: LabEngine;
  worker: WorkerSpec;
  log: ErrorLog;
  maxConcurrentRuns?: number;
  /** The Architect's design engine and its worker (electron/service/design/simulator-engine.ts). */
  designs?: { engine: DesignEngine; worker: WorkerSpec };
  /** dist/renderer, for the workshop page (electron/workshop/); the default is the repository's build. */
  rendererDir?: string;
}

/** Open the store in `dataDir` and start a service that closes it again on close. */
export function createLabService(options: CreateLabServiceOptions): LabService {
  const store = openLabStore(join(options.dataDir, DATABASE_FILE));
  return new LabService({
    engine: options.engine,
    store,
    worker: options.worker,
    log: options.log,
    maxConcurrentRuns: options.maxConcurrentRuns ?? 1,
    ownsStore: true,
    ...(options.designs ? { designs: options.designs } : {}),
    // Rooms live in the lab's own database, so a restarted app resumes them.
    workshops: createWorkshopLauncher({
      db: store.db,
      ...(options.rendererDir ? { rendererDir: options.rendererDir } : {}),
      log: options.log,
    }),
  });
}
