/**
 * `--jobs N`: the plan's runs on N lanes — N − 1 piscina worker threads plus this thread, which has
 * the engine loaded already and would otherwise sit idle waiting for replies. Results are put back
 * in plan order, so every report is byte-identical to `--jobs 1`. Each task carries the scenario as
 * this thread loaded it (worker-entry.ts); the worker is bundled ahead by worker-bundle.ts.
 *
 * Why it is shaped like this (profiled, docs/dev/PERF.md): the CLI's own start (tsx, loading and
 * validating every file) is serial, so the workers are started before it (`startWorkers`) and load
 * their bundle meanwhile; a worker's start costs about as much as several runs, so this thread is
 * one of the lanes instead of one more worker; runs are taken longest first (by a size estimate),
 * so a long run does not start last and leave the other lanes idle; each worker holds three tasks,
 * so it never waits for this thread to finish a run before it gets its next one.
 */
import { Piscina } from 'piscina';
import type { RunEntry } from '../scenario/result.js';
import { emptyEntry, errorText, runInThisThread, type ExecuteListener } from './execute.js';
import { loadScenarioFile, type LoadOutcome } from './files.js';
import type { PlannedRun } from './run-plan.js';
import type { RunScenario } from './runner-port.js';
import type { LoadTask, WorkerReply, WorkerTask } from './worker-entry.js';

/** Tasks a worker holds at once (one running, the others waiting in its port while this
 * thread is busy with a run of its own). */
const TASKS_PER_WORKER = 3;

/** Worker threads for `--jobs jobs`: one fewer than the jobs, since this thread is a lane too. */
export function startWorkers(workerUrl: string, jobs: number): Piscina {
  const threads = Math.max(1, jobs - 1);
  return new Piscina({
    filename: workerUrl,
    minThreads: threads,
    maxThreads: threads,
    concurrentTasksPerWorker: TASKS_PER_WORKER,
    idleTimeout: 1000,
  });
}

/** A run's relative cost, to start the longest first: the size of its timeline. */
function costOf(run: PlannedRun): number {
  return JSON.stringify(run.loaded.scenario.steps).length;
}

/** Plan indices, longest first (ties in plan order, so the schedule is the same every time). */
export function longestFirst(runs: readonly PlannedRun[]): number[] {
  const costs = runs.map(costOf);
  return runs.map((_, i) => i).sort((a, b) => costs[b]! - costs[a]! || a - b);
}

/**
 * Reads and validates `files` on this thread and, once they are up, on `pool`'s workers (each
 * joins when it has loaded its module, so no file waits on a worker still starting); outcomes in
 * file order. Loading is the largest serial part of `run` after the CLI's start (PERF.md).
 */
export async function loadOnLanes(
  files: readonly string[],
  cwd: string,
  pool: Promise<Piscina | undefined>,
): Promise<LoadOutcome[]> {
  const outcomes: LoadOutcome[] = new Array<LoadOutcome>(files.length);
  let next = 0;
  const take = (): number | undefined => (next < files.length ? next++ : undefined);
  const workerLane = async (workers: Piscina) => {
    await workers.run(undefined, { name: 'ready' });
    for (let i = take(); i !== undefined; i = take()) {
      const task: LoadTask = { file: files[i]!, cwd };
      try {
        outcomes[i] = (await workers.run(task, { name: 'load' })) as LoadOutcome;
      } catch {
        // A worker that fails (it should not: loading never throws) leaves the file to this thread.
        outcomes[i] = await loadScenarioFile(files[i]!, cwd);
      }
    }
  };
  const mainLane = async () => {
    for (let i = take(); i !== undefined; i = take()) outcomes[i] = await loadScenarioFile(files[i]!, cwd);
  };
  const workerLanes = async () => {
    const workers = files.length > 1 ? await pool : undefined;
    if (workers) await Promise.all(Array.from({ length: workers.maxThreads }, () => workerLane(workers)));
  };
  await Promise.all([mainLane(), workerLanes()]);
  return outcomes;
}

const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs the plan on `pool`'s workers and on this thread (with `runScenario`); entries in plan order. */
export async function executePool(
  runs: readonly PlannedRun[],
  pool: Piscina,
  runScenario: RunScenario,
  listener: ExecuteListener = {},
): Promise<RunEntry[]> {
  const entries: RunEntry[] = runs.map(emptyEntry);
  const queue = longestFirst(runs);
  let next = 0;
  const take = (): number | undefined => (next < queue.length ? queue[next++] : undefined);

  const workerLane = async () => {
    for (let i = take(); i !== undefined; i = take()) {
      const run = runs[i]!;
      const entry = entries[i]!;
      try {
        const task: WorkerTask = { loaded: run.loaded, variant: run.variant, seed: run.seed };
        listener.runStarted?.(i, run);
        const reply = (await pool.run(task)) as WorkerReply;
        if (reply.ok) entry.result = reply.result;
        else entry.error = reply.error;
      } catch (error) {
        entry.error = errorText(error);
      }
      listener.runEnded?.(i, entry);
    }
  };
  const mainLane = async () => {
    // Let the worker lanes hand out their first tasks before this thread blocks on a run.
    await yieldToEvents();
    for (let i = take(); i !== undefined; i = take()) {
      await runInThisThread(i, runs[i]!, entries[i]!, runScenario, listener);
      // Replies of the workers wait for this; take them before the next run.
      await yieldToEvents();
    }
  };
  const lanes = Array.from({ length: pool.maxThreads * TASKS_PER_WORKER }, workerLane);
  await Promise.all([...lanes, mainLane()]);
  return entries;
}
