// Messages between the service and its design worker. Unlike a run worker (one job, then gone), the design worker
// lives on and takes jobs one at a time, so its evaluator keeps the previous evaluation for incremental re-runs.
import type { DesignComparison, DesignEvaluation } from '../../contract-design.js';
import type { DesignProgress } from './engine.js';

export type DesignJobMessage =
  | { type: 'evaluate'; id: number; text: string; seed: number }
  | { type: 'compare'; id: number; texts: string[]; seed: number };

export type DesignWorkerMessage =
  | ({ type: 'progress'; id: number } & DesignProgress)
  | { type: 'done'; id: number; value: DesignEvaluation | DesignComparison }
  | { type: 'error'; id: number; message: string };
