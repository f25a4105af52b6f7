// Settings as key → JSON value rows. The store keeps whatever it is given; the service validates against the
// contract's settings schema, so a value written by an older or newer build falls back to its default there.
import type { SqliteDatabase } from './database.js';

export class SettingsStore {
  private readonly selectAll;
  private readonly upsert;
  private readonly setManyTx;

  constructor(db: SqliteDatabase) {
    this.selectAll = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings');
    this.upsert = db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    this.setManyTx = db.transaction((entries: [string, unknown][]) => {
      for (const [key, value] of entries) this.upsert.run(key, JSON.stringify(value));
    });
  }

  /** Every stored value; a row that is not valid JSON is skipped (and so falls back to its default). */
  getAll(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const row of this.selectAll.all()) {
      try {
        out[row.key] = JSON.parse(row.value) as unknown;
      } catch {
        // A damaged value is ignored; the next write of that key repairs it.
      }
    }
    return out;
  }

  /** Write several values in one transaction. */
  setMany(values: Record<string, unknown>): void {
    this.setManyTx(Object.entries(values).filter(([, value]) => value !== undefined));
  }
}
