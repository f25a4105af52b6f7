// Schema migrations, numbered and applied in order by `PRAGMA user_version` (STYLE.md habit 8; the habit of
// Signal-Desktop's ts/sql/migrations). A migration is never edited once released: add the next number instead.
import type { Database } from 'better-sqlite3';

export interface Migration {
  /** The user_version the database has after this migration. */
  version: number;
  /** Why the schema changed, for whoever reads the history. */
  description: string;
  up(db: Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'user scenarios and settings',
    up(db) {
      db.exec(`
        CREATE TABLE scenarios (
          id TEXT PRIMARY KEY,
          title TEXT NOT NULL,
          text TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE settings (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 2,
    description: 'run history: one row per run (results, ledger) and one row per journal event',
    up(db) {
      db.exec(`
        CREATE TABLE runs (
          id TEXT PRIMARY KEY,
          scenario_id TEXT NOT NULL,
          scenario_title TEXT NOT NULL,
          scenario_source TEXT NOT NULL CHECK (scenario_source IN ('builtin', 'user', 'text')),
          scenario_text TEXT NOT NULL,
          variant TEXT NOT NULL,
          seed INTEGER NOT NULL,
          valid INTEGER NOT NULL CHECK (valid IN (0, 1)),
          journal_hash TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          duration_ms INTEGER NOT NULL,
          expectations_passed INTEGER NOT NULL,
          expectations_failed INTEGER NOT NULL,
          journal_length INTEGER NOT NULL,
          expectations TEXT NOT NULL,
          summary TEXT NOT NULL,
          matrix TEXT NOT NULL,
          ledger TEXT NOT NULL
        ) STRICT;
        CREATE INDEX runs_by_time ON runs (created_at DESC, id);
        CREATE INDEX runs_by_scenario ON runs (scenario_id, created_at DESC);
        CREATE TABLE run_events (
          run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          seq INTEGER NOT NULL,
          body TEXT NOT NULL,
          PRIMARY KEY (run_id, seq)
        ) STRICT, WITHOUT ROWID;
      `);
    },
  },
  {
    version: 3,
    description: "the architect's design library: one row per saved design, its YAML text as written",
    up(db) {
      db.exec(`
        CREATE TABLE designs (
          id TEXT PRIMARY KEY,
          title TEXT NOT NULL,
          summary TEXT NOT NULL,
          text TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 4,
    description: 'workshop rooms and their participants, so a restarted presenter resumes the session',
    up(db) {
      db.exec(`
        CREATE TABLE workshop_rooms (
          code TEXT PRIMARY KEY,
          host_token TEXT NOT NULL,
          scenario_id TEXT NOT NULL,
          scenario_file TEXT NOT NULL,
          scenario_text TEXT NOT NULL,
          variant TEXT NOT NULL,
          seed INTEGER NOT NULL,
          journal_hash TEXT NOT NULL,
          state TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          closed_at INTEGER
        ) STRICT;
        CREATE INDEX workshop_rooms_open ON workshop_rooms (scenario_id, variant, closed_at, updated_at DESC);
        CREATE TABLE workshop_participants (
          room_code TEXT NOT NULL REFERENCES workshop_rooms (code) ON DELETE CASCADE,
          id TEXT NOT NULL,
          token_hash TEXT NOT NULL UNIQUE,
          name TEXT NOT NULL,
          party TEXT NOT NULL,
          joined_at INTEGER NOT NULL,
          PRIMARY KEY (room_code, id)
        ) STRICT;
      `);
    },
  },
];

export const LATEST_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

/**
 * Bring `db` to the latest schema. Each migration runs in its own transaction together with the user_version
 * bump, so a crash leaves the database at a whole version. A database from a newer Sightline is refused rather
 * than half-understood.
 * @throws Error if the database's version is newer than this build knows.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (current > latest) {
    throw new Error(
      `This database has schema version ${current}, newer than this Sightline understands (${latest}). ` +
        'Update Sightline, or point it at another data directory.',
    );
  }
  const pending = [...migrations].filter((m) => m.version > current).sort((a, b) => a.version - b.version);
  for (const migration of pending) {
    db.transaction(() => {
      migration.up(db);
      // PRAGMA takes no bound parameters; the version is a number from this file, never user input.
      db.pragma(`user_version = ${Math.trunc(migration.version)}`);
    })();
  }
  return pending.length > 0 ? pending[pending.length - 1]!.version : current;
}
