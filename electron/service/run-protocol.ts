// Messages between the run manager and a run worker. One worker runs one job: it receives `run`, sends any
// number of `progress`, then exactly one `done` or `error`.
import type { EngineProgress, EngineRun } from './engine.js';

export interface RunJobMessage {
  type: 'run';
  text: string;
  variant: string;
  seed: number;
}

export type WorkerMessage =
  | ({ type: 'progress' } & EngineProgress)
  | { type: 'done'; run: EngineRun }
  | { type: 'error'; message: string };
