// The RunRecord the lab service stores for a finished run: the simulator's result in the engine's shape
// (toEngineRun), plus what the service knows about it — its id, which library entry and variant it ran, the
// scenario text, when and how long (runRecordOf). Pure (no Node import), so that the service and the tests that
// build stored runs from a seeded run — renderer tests included — use the same mapping and cannot drift apart.
import type { RunResult } from '../../simulator/scenario/result.js';
import type { RunRecord } from '../contract.js';
import type { EngineRun } from './engine.js';

/** A runner result in the shape the service stores. */
export function toEngineRun(result: RunResult): EngineRun {
  return {
    scenarioId: result.scenarioId,
    variant: result.variant,
    seed: result.seed,
    valid: result.valid,
    journalHash: result.journalHash,
    expectations: result.expectations.map((e) => ({
      id: e.id,
      kind: e.kind,
      text: e.text,
      ok: e.ok,
      detail: e.detail,
      line: e.location.line,
      column: e.location.column,
      ...(e.because === undefined ? {} : { because: e.because }),
    })),
    summary: result.summary,
    matrix: result.matrix,
    journal: result.events,
    ledger: result.ledger,
  };
}

/** What the service adds to the engine's run; `durationMs` is rounded to whole milliseconds. */
export type RunRecordMeta = Pick<
  RunRecord,
  | 'id'
  | 'scenarioId'
  | 'scenarioTitle'
  | 'scenarioSource'
  | 'scenarioText'
  | 'variant'
  | 'seed'
  | 'createdAt'
  | 'durationMs'
>;

export function runRecordOf(run: EngineRun, meta: RunRecordMeta): RunRecord {
  const passed = run.expectations.filter((e) => e.ok).length;
  return {
    id: meta.id,
    scenarioId: meta.scenarioId,
    scenarioTitle: meta.scenarioTitle,
    scenarioSource: meta.scenarioSource,
    scenarioText: meta.scenarioText,
    variant: meta.variant,
    seed: meta.seed,
    valid: run.valid,
    journalHash: run.journalHash,
    createdAt: meta.createdAt,
    durationMs: Math.round(meta.durationMs),
    expectationsPassed: passed,
    expectationsFailed: run.expectations.length - passed,
    journalLength: run.journal.length,
    expectations: run.expectations,
    summary: run.summary,
    matrix: run.matrix,
    journal: run.journal,
    ledger: run.ledger,
  };
}
