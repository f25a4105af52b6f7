// Comparing two stored runs: which expectations changed outcome, whether the journals are identical, and the
// engine's ledger diff (which visibility-matrix cells changed) when the engine provides one.
import type { RunComparison, RunRecord, RunSummary } from '../contract.js';

function summaryOf(run: RunRecord): RunSummary {
  return {
    id: run.id,
    scenarioId: run.scenarioId,
    scenarioTitle: run.scenarioTitle,
    scenarioSource: run.scenarioSource,
    variant: run.variant,
    seed: run.seed,
    valid: run.valid,
    journalHash: run.journalHash,
    createdAt: run.createdAt,
    durationMs: run.durationMs,
    expectationsPassed: run.expectationsPassed,
    expectationsFailed: run.expectationsFailed,
    journalLength: run.journalLength,
  };
}

export function compareRuns(a: RunRecord, b: RunRecord, ledgerDiff: unknown): RunComparison {
  const ids: string[] = [];
  const seen = new Set<string>();
  for (const e of [...a.expectations, ...b.expectations]) {
    if (!seen.has(e.id)) {
      seen.add(e.id);
      ids.push(e.id);
    }
  }
  const byId = (run: RunRecord) => new Map(run.expectations.map((e) => [e.id, e]));
  const inA = byId(a);
  const inB = byId(b);
  return {
    a: summaryOf(a),
    b: summaryOf(b),
    sameScenario: a.scenarioId === b.scenarioId,
    sameJournal: a.journalHash === b.journalHash,
    expectations: ids.map((id) => {
      const ea = inA.get(id);
      const eb = inB.get(id);
      const okA = ea ? ea.ok : null;
      const okB = eb ? eb.ok : null;
      return { id, text: (ea ?? eb)?.text ?? id, a: okA, b: okB, changed: okA !== okB };
    }),
    ledgerDiff: ledgerDiff ?? null,
  };
}
