// Everything the lab keeps on disk, behind one typed object (STYLE.md habit 8): open it, use its stores, close it.
import { openDatabase, type SqliteDatabase } from './database.js';
import { DesignStore } from './design-store.js';
import { RunStore } from './run-store.js';
import { ScenarioStore } from './scenario-store.js';
import { SettingsStore } from './settings-store.js';

export interface LabStore {
  readonly db: SqliteDatabase;
  readonly runs: RunStore;
  readonly scenarios: ScenarioStore;
  readonly settings: SettingsStore;
  readonly designs: DesignStore;
  close(): void;
}

/** File name of the database inside the data directory. */
export const DATABASE_FILE = 'sightline.db';

/** Open the store at `path` (a file, or ':memory:' for tests), migrating it first. */
export function openLabStore(path: string): LabStore {
  const db = openDatabase(path);
  return {
    db,
    runs: new RunStore(db),
    scenarios: new ScenarioStore(db),
    settings: new SettingsStore(db),
    designs: new DesignStore(db),
    close: () => {
      if (db.open) db.close();
    },
  };
}
