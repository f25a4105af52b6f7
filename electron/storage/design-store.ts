// The user's own designs, stored as the YAML text they wrote: the text is the source of truth, so saving and
// loading a design loses nothing (comments, key order, unknown-to-the-form fields). Title and summary are kept
// beside it only to list the library without parsing every design.
import type { SqliteDatabase } from './database.js';

export interface StoredDesign {
  id: string;
  title: string;
  summary: string;
  text: string;
  createdAt: number;
  updatedAt: number;
}

interface DesignRow {
  id: string;
  title: string;
  summary: string;
  text: string;
  created_at: number;
  updated_at: number;
}

function toDesign(row: DesignRow): StoredDesign {
  return {
    id: row.id,
    title: row.title,
    summary: row.summary,
    text: row.text,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class DesignStore {
  private readonly upsertStmt;
  private readonly selectOne;
  private readonly selectAll;
  private readonly deleteStmt;

  constructor(db: SqliteDatabase) {
    this.upsertStmt = db.prepare(`INSERT INTO designs (id, title, summary, text, created_at, updated_at)
      VALUES (@id, @title, @summary, @text, @now, @now)
      ON CONFLICT (id) DO UPDATE SET title = excluded.title, summary = excluded.summary, text = excluded.text,
        updated_at = excluded.updated_at`);
    this.selectOne = db.prepare<[string], DesignRow>('SELECT * FROM designs WHERE id = ?');
    this.selectAll = db.prepare<[], DesignRow>('SELECT * FROM designs ORDER BY title, id');
    this.deleteStmt = db.prepare('DELETE FROM designs WHERE id = ?');
  }

  /** Insert or replace the design with this id, keeping its creation time. */
  save(design: { id: string; title: string; summary: string; text: string }, now: number): StoredDesign {
    this.upsertStmt.run({ ...design, now });
    const row = this.selectOne.get(design.id);
    if (!row) throw new Error(`Design ${design.id} vanished right after it was saved.`);
    return toDesign(row);
  }

  get(id: string): StoredDesign | null {
    const row = this.selectOne.get(id);
    return row ? toDesign(row) : null;
  }

  list(): StoredDesign[] {
    return this.selectAll.all().map(toDesign);
  }

  delete(id: string): boolean {
    return this.deleteStmt.run(id).changes > 0;
  }
}
