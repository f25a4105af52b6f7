// A workshop as one call, for the CLI (`sightline workshop`) and the app's "Start workshop" button: load and
// run the scenario once, open (or resume) its room in SQLite, and start the workshop server. A presenter that
// restarts with the same scenario and variant gets its open room back — same code, same participants, same
// cursor — unless it asks for a new one.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHostCryptoProvider } from '../../simulator/crypto/host-provider.js';
import { loadScenario } from '../../simulator/scenario/loader.js';
import { runScenario } from '../../simulator/scenario/runner.js';
import { openDatabase, type SqliteDatabase } from '../storage/database.js';
import { DATABASE_FILE } from '../storage/lab-store.js';
import { WorkshopStore } from '../storage/workshop-store.js';
import { Room } from './room.js';
import { workshopRun, type WorkshopRun } from './run-data.js';
import { startWorkshopServer, type WorkshopServer } from './server.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_RENDERER_DIR = join(root, 'dist', 'renderer');

export interface StartWorkshopOptions {
  /** File name for messages and the room record. */
  file: string;
  text: string;
  variant?: string;
  seed?: number;
  port?: number;
  lan?: boolean;
  /** An open database (the app's), or a path to open (the CLI's). */
  db: SqliteDatabase | { path: string };
  rendererDir?: string;
  /** Start a new room even if an open one exists for this scenario and variant. */
  fresh?: boolean;
  now?: () => number;
  log?: (message: string, error?: unknown) => void;
}

export interface Workshop {
  server: WorkshopServer;
  room: Room;
  run: WorkshopRun;
  resumed: boolean;
  close(): Promise<void>;
}

/** Run a scenario variant for a room. @throws ScenarioError on an invalid file, Error on an unknown variant. */
export function runForWorkshop(file: string, text: string, variant: string, seed?: number): WorkshopRun {
  const loaded = loadScenario(text, file);
  const known = ['base', ...loaded.scenario.variants.map((v) => v.id)];
  if (!known.includes(variant)) {
    throw new Error(`${file} has no variant "${variant}"; it has ${known.join(', ')}.`);
  }
  const result = runScenario(loaded, {
    variant,
    seed: seed ?? loaded.scenario.seed,
    crypto: createHostCryptoProvider(),
  });
  return workshopRun(loaded, result);
}

export async function startWorkshop(options: StartWorkshopOptions): Promise<Workshop> {
  const variant = options.variant ?? 'base';
  const run = runForWorkshop(options.file, options.text, variant, options.seed);
  const ownsDb = 'path' in options.db;
  const db = 'path' in options.db ? openDatabase(options.db.path) : options.db;
  const store = new WorkshopStore(db);
  const now = options.now ?? Date.now;
  try {
    const open = options.fresh ? null : store.findOpenRoom(run.scenarioId, variant);
    const reusable = open && open.scenarioText === options.text && open.seed === run.seed ? open : null;
    if (open && !reusable) store.closeRoom(open.code, now());
    const room = reusable
      ? Room.resume(reusable, run, store, now)
      : Room.create({ run, store, scenarioFile: options.file, scenarioText: options.text, now });
    const server = await startWorkshopServer({
      room,
      rendererDir: options.rendererDir ?? DEFAULT_RENDERER_DIR,
      lan: options.lan ?? false,
      port: options.port ?? 0,
      now,
      ...(options.log ? { log: options.log } : {}),
    });
    let closing: Promise<void> | null = null;
    return {
      server,
      room,
      run,
      resumed: reusable !== null,
      close: () =>
        (closing ??= server.close().then(() => {
          if (ownsDb && db.open) db.close();
        })),
    };
  } catch (error) {
    if (ownsDb && db.open) db.close();
    throw error;
  }
}

/** The default data directory of the CLI and browser mode (bin/start.js uses the same). */
export function defaultDatabasePath(cwd: string): string {
  return join(cwd, '.sightline', DATABASE_FILE);
}
