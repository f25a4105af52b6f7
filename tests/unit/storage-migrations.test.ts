import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/storage/database.js';
import { LATEST_VERSION, MIGRATIONS, migrate, type Migration } from '../../electron/storage/migrations.js';

const dirs: string[] = [];
function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sightline-mig-'));
  dirs.push(dir);
  return join(dir, 'lab.db');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('migrations', () => {
  it('are numbered 1..N without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(LATEST_VERSION).toBe(MIGRATIONS.length);
  });

  it('bring a new database to the latest version, in WAL mode with foreign keys on', () => {
    const db = openDatabase(tempDb());
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((r) => (r as { name: string }).name);
    expect(tables).toEqual([
      'designs',
      'run_events',
      'runs',
      'scenarios',
      'settings',
      'workshop_participants',
      'workshop_rooms',
    ]);
    db.close();
  });

  it('upgrade a version-1 database in place, keeping its data', () => {
    const path = tempDb();
    const old = new Database(path);
    migrate(old, MIGRATIONS.slice(0, 1));
    old.prepare('INSERT INTO scenarios VALUES (?, ?, ?, ?, ?)').run('mine', 'Mine', 'text', 1, 2);
    expect(old.pragma('user_version', { simple: true })).toBe(1);
    old.close();

    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(db.prepare('SELECT title FROM scenarios WHERE id = ?').get('mine')).toEqual({ title: 'Mine' });
    db.close();
  });

  it('are idempotent: reopening applies nothing', () => {
    const path = tempDb();
    openDatabase(path).close();
    const db = new Database(path);
    expect(migrate(db)).toBe(LATEST_VERSION);
    db.close();
  });

  it('refuse a database from a newer build', () => {
    const path = tempDb();
    const db = new Database(path);
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    db.close();
    expect(() => openDatabase(path)).toThrow(/newer than this Sightline/);
  });

  it('roll back a failing migration whole, leaving the version unchanged', () => {
    const db = new Database(':memory:');
    const broken: Migration[] = [
      ...MIGRATIONS.slice(0, 1),
      {
        version: 2,
        description: 'fails halfway',
        up(d) {
          d.exec('CREATE TABLE half (x INTEGER)');
          d.exec('THIS IS NOT SQL');
        },
      },
    ];
    expect(() => migrate(db, broken)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'half'").get()).toEqual({ n: 0 });
    db.close();
  });
});
