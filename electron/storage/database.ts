// Opening the lab database: better-sqlite3 with WAL, foreign keys and a busy timeout, migrated to the latest
// schema before anyone else touches it.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate } from './migrations.js';

export type SqliteDatabase = Database.Database;

/** How long a writer waits for another connection's lock before failing, in milliseconds. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Open (creating if needed) the database at `path`, or an in-memory one for ':memory:'.
 * WAL lets the UI read history while a run is being saved; synchronous=FULL makes an acknowledged commit
 * durable even across power loss, which is cheap at our write rate (one transaction per run).
 */
export function openDatabase(path: string): SqliteDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
