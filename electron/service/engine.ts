// The seam between the lab service and the simulation engine. The service never imports simulator/ directly:
// it is handed a LabEngine (the real adapter in simulator-engine.ts, a fake in tests), so hosts, storage and
// worker plumbing can be built and tested independently of the engine's progress.
import type {
  ExpectationOutcome,
  ReportFormat,
  RunRecord,
  ScenarioInfo,
  ScenarioProblem,
} from '../contract.js';

/** The outcome of loading scenario text: its library info, or every problem found. */
export type ValidationOutcome =
  | { valid: true; info: ScenarioInfo; problems: [] }
  | { valid: false; info: null; problems: ScenarioProblem[] };

/** A scenario shipped with the app, as text plus the file it came from (for located errors). */
export interface BuiltInSource {
  fileName: string;
  text: string;
}

export interface EngineProgress {
  phase: string;
  done: number;
  total: number;
}

export interface RunOptions {
  variant: string;
  seed: number;
}

/**
 * What a run gives back, already shaped for storage. `summary`, `matrix`, `journal` and `ledger` are the
 * engine's JSON-serialisable values; the service stores and returns them without looking inside.
 */
export interface EngineRun {
  scenarioId: string;
  variant: string;
  seed: number;
  valid: boolean;
  journalHash: string;
  expectations: ExpectationOutcome[];
  summary: unknown;
  matrix: unknown;
  journal: unknown[];
  ledger: unknown;
}

/**
 * The engine as the service needs it. `validate` and `builtIns` are called on the service's thread and must be
 * cheap; `run` is called only inside a run worker (see run-worker.ts), so it may take as long as it likes and
 * may be synchronous (cancel terminates the worker).
 */
export interface LabEngine {
  validate(text: string, fileName?: string): ValidationOutcome;
  builtIns(): BuiltInSource[];
  run(
    text: string,
    options: RunOptions,
    onProgress: (progress: EngineProgress) => void,
  ): EngineRun | Promise<EngineRun>;
  /** The engine's own report renderer (simulator/report/); the service falls back to its own when absent. */
  renderReport?(run: RunRecord, format: ReportFormat): string;
  /** The engine's ledger diff of two runs (simulator/ledger/ diff); null in comparisons when absent. */
  diffLedgers?(a: RunRecord, b: RunRecord): unknown;
}
