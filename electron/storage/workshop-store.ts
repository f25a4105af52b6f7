// Workshop rooms on disk (migration 4): one row per room with its scenario text, variant, seed, the journal hash
// of its run and its presenter state as JSON, and one row per participant with a SHA-256 of its token (the token
// itself lives only in the participant's browser). A restarted presenter finds its open room here and resumes.
import type { SqliteDatabase } from './database.js';

export interface StoredRoom {
  code: string;
  hostToken: string;
  scenarioId: string;
  scenarioFile: string;
  scenarioText: string;
  variant: string;
  seed: number;
  journalHash: string;
  /** The room's own JSON (cursor, prompts, answers…); the store does not look inside. */
  state: string;
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
}

export interface StoredParticipant {
  id: string;
  tokenHash: string;
  name: string;
  party: string;
  joinedAt: number;
}

interface RoomRow {
  code: string;
  host_token: string;
  scenario_id: string;
  scenario_file: string;
  scenario_text: string;
  variant: string;
  seed: number;
  journal_hash: string;
  state: string;
  created_at: number;
  updated_at: number;
  closed_at: number | null;
}

function fromRow(r: RoomRow): StoredRoom {
  return {
    code: r.code,
    hostToken: r.host_token,
    scenarioId: r.scenario_id,
    scenarioFile: r.scenario_file,
    scenarioText: r.scenario_text,
    variant: r.variant,
    seed: r.seed,
    journalHash: r.journal_hash,
    state: r.state,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
  };
}

export class WorkshopStore {
  constructor(private readonly db: SqliteDatabase) {}

  createRoom(room: StoredRoom): void {
    this.db
      .prepare(
        `INSERT INTO workshop_rooms (code, host_token, scenario_id, scenario_file, scenario_text, variant, seed,
           journal_hash, state, created_at, updated_at, closed_at)
         VALUES (@code, @hostToken, @scenarioId, @scenarioFile, @scenarioText, @variant, @seed, @journalHash,
           @state, @createdAt, @updatedAt, @closedAt)`,
      )
      .run(room);
  }

  getRoom(code: string): StoredRoom | null {
    const row = this.db.prepare('SELECT * FROM workshop_rooms WHERE code = ?').get(code) as
      RoomRow | undefined;
    return row ? fromRow(row) : null;
  }

  /** The most recently used open room of this scenario and variant, to resume. */
  findOpenRoom(scenarioId: string, variant: string): StoredRoom | null {
    const row = this.db
      .prepare(
        `SELECT * FROM workshop_rooms WHERE scenario_id = ? AND variant = ? AND closed_at IS NULL
         ORDER BY updated_at DESC LIMIT 1`,
      )
      .get(scenarioId, variant) as RoomRow | undefined;
    return row ? fromRow(row) : null;
  }

  saveState(code: string, state: string, now: number): void {
    this.db
      .prepare('UPDATE workshop_rooms SET state = ?, updated_at = ? WHERE code = ?')
      .run(state, now, code);
  }

  closeRoom(code: string, now: number): void {
    this.db
      .prepare('UPDATE workshop_rooms SET closed_at = ?, updated_at = ? WHERE code = ?')
      .run(now, now, code);
  }

  codeInUse(code: string): boolean {
    return this.db.prepare('SELECT 1 FROM workshop_rooms WHERE code = ?').get(code) !== undefined;
  }

  addParticipant(code: string, p: StoredParticipant): void {
    this.db
      .prepare(
        `INSERT INTO workshop_participants (room_code, id, token_hash, name, party, joined_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(code, p.id, p.tokenHash, p.name, p.party, p.joinedAt);
  }

  participants(code: string): StoredParticipant[] {
    return (
      this.db
        .prepare(
          `SELECT id, token_hash AS tokenHash, name, party, joined_at AS joinedAt FROM workshop_participants
           WHERE room_code = ? ORDER BY joined_at, id`,
        )
        .all(code) as StoredParticipant[]
    ).map((p) => ({ ...p }));
  }
}
