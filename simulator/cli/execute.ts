/**
 * Running a plan: one run after another in this thread, or (`--jobs N`, see pool.ts) in worker
 * threads. Either way the entries come back in plan order, so every report is the same bytes.
 */
import { failedRunResult, type RunEntry } from '../scenario/result.js';
import { variantTitle } from '../scenario/variants.js';
import type { PlannedRun } from './run-plan.js';
import type { RunScenario } from './runner-port.js';

/** Told about progress: a run started, a step of the current run finished (serial only), a run ended. */
export interface ExecuteListener {
  runStarted?(index: number, run: PlannedRun): void;
  step?(index: number, done: number, total: number): void;
  runEnded?(index: number, entry: RunEntry): void;
}

/** The entry of a run before (or without) a result: a crashed run keeps this empty result. */
export function emptyEntry(run: PlannedRun): RunEntry {
  return {
    file: run.loaded.file,
    title: run.loaded.scenario.title,
    variantTitle: variantTitle(run.loaded.scenario, run.variant),
    result: failedRunResult(run.loaded.scenario.id, { variant: run.variant, seed: run.seed }),
  };
}

/** How a thrown error reads in reports. */
export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Runs plan entry `index` in this thread into `entry`, telling the listener (a thrown error becomes the
 * entry's error: one crashed run never stops the others).
 */
export async function runInThisThread(
  index: number,
  run: PlannedRun,
  entry: RunEntry,
  runScenario: RunScenario,
  listener: ExecuteListener,
): Promise<void> {
  listener.runStarted?.(index, run);
  const step = listener.step;
  try {
    entry.result = await runScenario(run.loaded, {
      variant: run.variant,
      seed: run.seed,
      ...(step ? { onProgress: (done: number, total: number) => step(index, done, total) } : {}),
    });
  } catch (error) {
    entry.error = errorText(error);
  }
  listener.runEnded?.(index, entry);
}

/** Runs the plan in this thread, in order. */
export async function executeSerial(
  runs: readonly PlannedRun[],
  runScenario: RunScenario,
  listener: ExecuteListener = {},
): Promise<RunEntry[]> {
  const entries: RunEntry[] = [];
  for (const [i, run] of runs.entries()) {
    const entry = emptyEntry(run);
    await runInThisThread(i, run, entry, runScenario, listener);
    entries.push(entry);
  }
  return entries;
}
