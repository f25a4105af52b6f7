/**
 * What one run of one scenario variant yields — the shape reports, the CLI, the lab service and
 * the UI consume (SIM-DESIGN.md, "Run result"). Everything is plain JSON: a result saved to disk and
 * read back renders and diffs exactly like a live one. The ledger types are the ledger's own
 * (simulator/ledger/types.ts, matrix.ts); the journal events are the network journal's.
 */
import type { LedgerData } from '../ledger/types.js';
import type { VisibilityMatrix } from '../ledger/matrix.js';
import type { JournalEvent } from '../network/journal.js';
import type { ExpectationKind } from './schema-expectations.js';
import type { SourceLocation } from './yaml-source.js';
import type { ScenarioProblem } from './errors.js';

/** The outcome of one expectation in one run. */
export interface ExpectationResult {
  /** The expectation's `id`, or its path (`expectations[2]`, `variants[0].expectations[1]`) when it has none. */
  id: string;
  kind: ExpectationKind;
  /** The claim in words, e.g. `mallory sees the content of m2`. */
  text: string;
  ok: boolean;
  /** Why it held or failed, from the ledger, e.g. `mallory: none for m2 (no observation)`. */
  detail: string;
  /** Where the expectation is written in the scenario file (1-based). */
  location: SourceLocation;
  /** The author's `because`, if any. */
  because?: string;
}

/** Counts for the summary line and the run history. */
export interface RunSummary {
  expectations: { total: number; passed: number; failed: number };
  /** Journal events recorded. */
  events: number;
  /** Virtual time at the end of the run, ms. */
  endTimeMs: number;
  /** Observations in the ledger. */
  observations: number;
  /** Items in the ledger (messages, backups, keys…). */
  items: number;
}

/** One run of one scenario variant with one seed. */
export interface RunResult {
  scenarioId: string;
  /** `base` or a variant id. */
  variant: string;
  seed: number;
  /** SHA-256 (hex) of the canonical journal; same file + variant + seed ⇒ same hash. */
  journalHash: string;
  /** True exactly when every expectation holds. */
  valid: boolean;
  expectations: ExpectationResult[];
  matrix: VisibilityMatrix;
  summary: RunSummary;
  /** The journal, in order. */
  events: JournalEvent[];
  ledger: LedgerData;
}

/** Options of one run. */
export interface RunOptions {
  /** `base` or a variant id of the scenario. */
  variant: string;
  /** Seed of the run's generator (unsigned 32-bit). */
  seed: number;
}

/**
 * A run as the CLI and reports hold it: the result plus where it came from. A run that crashed has
 * `error` set and an empty result with `valid: false`.
 */
export interface RunEntry {
  /** The scenario file, as given on the command line. */
  file: string;
  title: string;
  variantTitle: string;
  result: RunResult;
  error?: string;
}

/**
 * A scenario file that could not be loaded: it did not run, and every report names it with its
 * problems (each located), so a CI job that reads only one report still sees why.
 */
export interface InvalidScenarioFile {
  /** The file, as given on the command line. */
  file: string;
  problems: ScenarioProblem[];
}

/** `results.json` of a run directory. Journal events live in `journal.jsonl` beside it. */
export interface RunBatch {
  format: 'sightline-results';
  version: 1;
  /** Sightline's version (package.json) that produced it. */
  tool: string;
  /**
   * Set on the results of a seed sweep (`sightline run --seeds`): its seeds in the order given, so
   * `sightline merge` can rebuild the sweep's seed report from the shards of one.
   */
  seeds?: number[];
  runs: RunEntry[];
  /** Files that could not be loaded (absent when every file loaded). */
  invalid?: InvalidScenarioFile[];
  /** Set on the results of one shard (`sightline run --shard i/n`); `sightline merge` joins shards. */
  shard?: ShardInfo;
}

/** Which shard a batch is, and the whole run's plan (run keys in order), so a merge can check it has every shard. */
export interface ShardInfo {
  /** 1-based. */
  index: number;
  count: number;
  /** `planKey` of every run and invalid file of the unsharded run, in its order. */
  plan: string[];
}

/** `scenario#variant` — how runs are named in reports, JUnit suites and `sightline diff`. */
export function runKey(result: Pick<RunResult, 'scenarioId' | 'variant'>): string {
  return `${result.scenarioId}#${result.variant}`;
}

/** Counts expectations of a list of results (for summaries). */
export function summarizeExpectations(
  expectations: readonly ExpectationResult[],
): RunSummary['expectations'] {
  const passed = expectations.filter((e) => e.ok).length;
  return { total: expectations.length, passed, failed: expectations.length - passed };
}

/** An empty result for a run that could not complete (the error goes in `RunEntry.error`). */
export function failedRunResult(scenarioId: string, options: RunOptions): RunResult {
  return {
    scenarioId,
    variant: options.variant,
    seed: options.seed,
    journalHash: '',
    valid: false,
    expectations: [],
    matrix: { parties: [], items: [], cells: [] },
    summary: {
      expectations: { total: 0, passed: 0, failed: 0 },
      events: 0,
      endTimeMs: 0,
      observations: 0,
      items: 0,
    },
    events: [],
    ledger: { items: [], observations: [] },
  };
}
