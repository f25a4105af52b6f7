// The user's own scenarios, stored as the YAML text they wrote (the text is the source of truth; the title is
// kept beside it only to list without parsing).
import type { SqliteDatabase } from './database.js';

export interface StoredScenario {
  id: string;
  title: string;
  text: string;
  createdAt: number;
  updatedAt: number;
}

interface ScenarioRow {
  id: string;
  title: string;
  text: string;
  created_at: number;
  updated_at: number;
}

function toScenario(row: ScenarioRow): StoredScenario {
  return {
    id: row.id,
    title: row.title,
    text: row.text,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class ScenarioStore {
  private readonly upsertStmt;
  private readonly selectOne;
  private readonly selectAll;
  private readonly deleteStmt;

  constructor(db: SqliteDatabase) {
    this.upsertStmt = db.prepare(`INSERT INTO scenarios (id, title, text, created_at, updated_at)
      VALUES (@id, @title, @text, @now, @now)
      ON CONFLICT (id) DO UPDATE SET title = excluded.title, text = excluded.text, updated_at = excluded.updated_at`);
    this.selectOne = db.prepare<[string], ScenarioRow>('SELECT * FROM scenarios WHERE id = ?');
    this.selectAll = db.prepare<[], ScenarioRow>('SELECT * FROM scenarios ORDER BY title, id');
    this.deleteStmt = db.prepare('DELETE FROM scenarios WHERE id = ?');
  }

  /** Insert or replace the scenario with this id, keeping its creation time. */
  save(scenario: { id: string; title: string; text: string }, now: number): StoredScenario {
    this.upsertStmt.run({ ...scenario, now });
    const row = this.selectOne.get(scenario.id);
    if (!row) throw new Error(`Scenario ${scenario.id} vanished right after it was saved.`);
    return toScenario(row);
  }

  get(id: string): StoredScenario | null {
    const row = this.selectOne.get(id);
    return row ? toScenario(row) : null;
  }

  list(): StoredScenario[] {
    return this.selectAll.all().map(toScenario);
  }

  delete(id: string): boolean {
    return this.deleteStmt.run(id).changes > 0;
  }
}
