/**
 * `--jobs N`: the plan's runs in N worker threads (piscina), results put back in plan order so
 * every report is byte-identical to `--jobs 1`. Each worker gets a file's bytes and parses it
 * itself (worker-entry.ts), bundled ahead by worker-bundle.ts.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { Piscina } from 'piscina';
import type { RunEntry } from '../scenario/result.js';
import { emptyEntry, errorText, type ExecuteListener } from './execute.js';
import type { PlannedRun } from './run-plan.js';
import type { WorkerReply, WorkerTask } from './worker-entry.js';

/** Runs the plan in `jobs` worker threads of the module at `workerUrl`. */
export async function executePool(
  runs: readonly PlannedRun[],
  jobs: number,
  workerUrl: string,
  cwd: string,
  listener: ExecuteListener = {},
): Promise<RunEntry[]> {
  const bytes = new Map<string, Promise<Uint8Array>>();
  const read = (file: string) => {
    let pending = bytes.get(file);
    if (!pending) {
      pending = readFile(isAbsolute(file) ? file : join(cwd, file)).then((b) => new Uint8Array(b));
      bytes.set(file, pending);
    }
    return pending;
  };
  const threads = Math.max(1, Math.min(jobs, runs.length));
  const pool = new Piscina({
    filename: workerUrl,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 1000,
  });
  try {
    return await Promise.all(
      runs.map(async (run, i) => {
        const entry = emptyEntry(run);
        try {
          const task: WorkerTask = {
            file: run.loaded.file,
            bytes: await read(run.loaded.file),
            variant: run.variant,
            seed: run.seed,
          };
          listener.runStarted?.(i, run);
          const reply = (await pool.run(task)) as WorkerReply;
          if (reply.ok) entry.result = reply.result;
          else entry.error = reply.error;
        } catch (error) {
          entry.error = errorText(error);
        }
        listener.runEnded?.(i, entry);
        return entry;
      }),
    );
  } finally {
    await pool.destroy();
  }
}
