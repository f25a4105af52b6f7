// Run history. A run — its summary row, results, ledger and every journal event — is written in one
// transaction, so after a crash it is either there whole or absent (ARCHITECTURE.md, "Hosts and storage").
import type { RunRecord, RunSummary } from '../contract.js';
import type { SqliteDatabase } from './database.js';

interface RunRow {
  id: string;
  scenario_id: string;
  scenario_title: string;
  scenario_source: RunSummary['scenarioSource'];
  variant: string;
  seed: number;
  valid: number;
  journal_hash: string;
  created_at: number;
  duration_ms: number;
  expectations_passed: number;
  expectations_failed: number;
  journal_length: number;
}

interface FullRunRow extends RunRow {
  scenario_text: string;
  expectations: string;
  summary: string;
  matrix: string;
  ledger: string;
}

const SUMMARY_COLUMNS = `id, scenario_id, scenario_title, scenario_source, variant, seed, valid, journal_hash,
  created_at, duration_ms, expectations_passed, expectations_failed, journal_length`;

function toSummary(row: RunRow): RunSummary {
  return {
    id: row.id,
    scenarioId: row.scenario_id,
    scenarioTitle: row.scenario_title,
    scenarioSource: row.scenario_source,
    variant: row.variant,
    seed: row.seed,
    valid: row.valid === 1,
    journalHash: row.journal_hash,
    createdAt: row.created_at,
    durationMs: row.duration_ms,
    expectationsPassed: row.expectations_passed,
    expectationsFailed: row.expectations_failed,
    journalLength: row.journal_length,
  };
}

/** JSON for a column; `undefined` (which JSON.stringify drops) is stored as null so it parses back. */
function json(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export class RunStore {
  private readonly insertRun;
  private readonly insertEvent;
  private readonly selectSummary;
  private readonly selectFull;
  private readonly selectEvents;
  private readonly selectPage;
  private readonly selectPageByScenario;
  private readonly deleteById;
  private readonly deleteBeyond;
  private readonly countRuns;
  private readonly saveTx;

  constructor(db: SqliteDatabase) {
    this.insertRun =
      db.prepare(`INSERT INTO runs (id, scenario_id, scenario_title, scenario_source, scenario_text,
        variant, seed, valid, journal_hash, created_at, duration_ms, expectations_passed, expectations_failed,
        journal_length, expectations, summary, matrix, ledger)
      VALUES (@id, @scenarioId, @scenarioTitle, @scenarioSource, @scenarioText, @variant, @seed, @valid,
        @journalHash, @createdAt, @durationMs, @expectationsPassed, @expectationsFailed, @journalLength,
        @expectations, @summary, @matrix, @ledger)`);
    this.insertEvent = db.prepare('INSERT INTO run_events (run_id, seq, body) VALUES (?, ?, ?)');
    this.selectSummary = db.prepare<[string], RunRow>(`SELECT ${SUMMARY_COLUMNS} FROM runs WHERE id = ?`);
    this.selectFull = db.prepare<[string], FullRunRow>(
      `SELECT ${SUMMARY_COLUMNS}, scenario_text, expectations, summary, matrix, ledger FROM runs WHERE id = ?`,
    );
    this.selectEvents = db.prepare<[string], { body: string }>(
      'SELECT body FROM run_events WHERE run_id = ? ORDER BY seq',
    );
    this.selectPage = db.prepare<[number, number], RunRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM runs ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
    );
    this.selectPageByScenario = db.prepare<[string, number, number], RunRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM runs WHERE scenario_id = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
    );
    this.deleteById = db.prepare('DELETE FROM runs WHERE id = ?');
    this.deleteBeyond = db.prepare(
      'DELETE FROM runs WHERE id IN (SELECT id FROM runs ORDER BY created_at DESC, id DESC LIMIT -1 OFFSET ?)',
    );
    this.countRuns = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM runs');
    this.saveTx = db.transaction((run: RunRecord) => {
      this.insertRun.run({
        id: run.id,
        scenarioId: run.scenarioId,
        scenarioTitle: run.scenarioTitle,
        scenarioSource: run.scenarioSource,
        scenarioText: run.scenarioText,
        variant: run.variant,
        seed: run.seed,
        valid: run.valid ? 1 : 0,
        journalHash: run.journalHash,
        createdAt: run.createdAt,
        durationMs: run.durationMs,
        expectationsPassed: run.expectations.filter((e) => e.ok).length,
        expectationsFailed: run.expectations.filter((e) => !e.ok).length,
        journalLength: run.journal.length,
        expectations: json(run.expectations),
        summary: json(run.summary),
        matrix: json(run.matrix),
        ledger: json(run.ledger),
      });
      run.journal.forEach((event, seq) => this.insertEvent.run(run.id, seq, json(event)));
    });
  }

  /** Write a whole run atomically. When this returns, the run is committed. */
  save(run: RunRecord): RunSummary {
    if (run.journalLength !== run.journal.length) {
      throw new Error(`Run ${run.id}: journalLength ${run.journalLength} ≠ ${run.journal.length} events.`);
    }
    this.saveTx.immediate(run);
    const row = this.selectSummary.get(run.id);
    if (!row) throw new Error(`Run ${run.id} vanished right after it was saved.`);
    return toSummary(row);
  }

  get(id: string): RunRecord | null {
    const row = this.selectFull.get(id);
    if (!row) return null;
    const journal = this.selectEvents.all(id).map((e) => JSON.parse(e.body) as unknown);
    if (journal.length !== row.journal_length) {
      throw new Error(
        `Run ${id} is damaged: ${journal.length} of ${row.journal_length} journal events stored.`,
      );
    }
    return {
      ...toSummary(row),
      scenarioText: row.scenario_text,
      expectations: JSON.parse(row.expectations) as RunRecord['expectations'],
      summary: JSON.parse(row.summary) as unknown,
      matrix: JSON.parse(row.matrix) as unknown,
      journal,
      ledger: JSON.parse(row.ledger) as unknown,
    };
  }

  summary(id: string): RunSummary | null {
    const row = this.selectSummary.get(id);
    return row ? toSummary(row) : null;
  }

  /** Newest first. */
  list(options: { scenarioId?: string; limit: number; offset: number }): RunSummary[] {
    const rows =
      options.scenarioId === undefined
        ? this.selectPage.all(options.limit, options.offset)
        : this.selectPageByScenario.all(options.scenarioId, options.limit, options.offset);
    return rows.map(toSummary);
  }

  /** @returns whether a run was deleted (its journal goes with it, by cascade). */
  delete(id: string): boolean {
    return this.deleteById.run(id).changes > 0;
  }

  /** Keep only the newest `keep` runs. @returns how many were deleted. */
  prune(keep: number): number {
    return this.deleteBeyond.run(keep).changes;
  }

  count(): number {
    return this.countRuns.get()?.n ?? 0;
  }
}
