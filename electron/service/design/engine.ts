// The seam between the lab service and the design engine (simulator/design), in the shape of engine.ts for
// scenarios: the service is handed a DesignEngine for the cheap work on its own thread (catalog, validation) and
// a worker entry whose DesignEvaluator does the slow work (running the attack library), so hosts, storage and
// worker plumbing are tested without the simulator and the service's thread never loads the protocol stack.
import type {
  DesignAxis,
  DesignComparison,
  DesignEvaluation,
  DesignInfo,
  DesignProblem,
} from '../../contract-design.js';

/** A preset shipped with the app: its library info and its YAML text. */
export interface DesignPreset extends DesignInfo {
  text: string;
}

export interface DesignCatalog {
  axes: DesignAxis[];
  presets: DesignPreset[];
}

export type DesignValidation =
  { valid: true; info: DesignInfo; problems: [] } | { valid: false; info: null; problems: DesignProblem[] };

export interface DesignProgress {
  phase: string;
  done: number;
  total: number;
}

/** Called on the service's thread; both must be cheap (no attack runs). */
export interface DesignEngine {
  catalog(): DesignCatalog;
  validate(text: string): DesignValidation;
}

/**
 * Called only inside the design worker. One evaluator lives as long as its worker, so it may keep the previous
 * evaluation's runs and re-run only what a change affects (issue 13: "incremental: only affected attacks re-run").
 * @throws Error with a located message when a text does not validate.
 */
export interface DesignEvaluator {
  evaluate(
    text: string,
    seed: number,
    onProgress: (progress: DesignProgress) => void,
  ): DesignEvaluation | Promise<DesignEvaluation>;
  compare(
    texts: string[],
    seed: number,
    onProgress: (progress: DesignProgress) => void,
  ): DesignComparison | Promise<DesignComparison>;
}
