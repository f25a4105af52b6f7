/**
 * The piscina worker of `sightline run --jobs N`: one task is one run. It gets the scenario as the
 * main thread loaded it (a `LoadedScenario` is plain data — objects, arrays, strings, numbers — so
 * it survives structured cloning unchanged; tests/cli/jobs.test.ts holds the outputs to `--jobs 1`),
 * so a worker does not parse and validate every file again, which cost a worker about as much as a
 * third of its runs (docs/dev/PERF.md). While the main thread loads the inputs, workers load a share
 * of the files too (`load`; pool.ts). Bundled by worker-bundle.ts with esbuild, so worker threads
 * need no TypeScript loader.
 */
import { createHostCryptoProvider } from '../crypto/host-provider.js';
import { loadScenarioFile, type LoadOutcome } from './files.js';
import type { LoadedScenario } from '../scenario/loader.js';
import type { RunResult } from '../scenario/result.js';
import { runScenario } from '../scenario/runner.js';

export interface WorkerTask {
  loaded: LoadedScenario;
  variant: string;
  seed: number;
}

/** A file to read and validate (the `load` export), while the main thread loads others. */
export interface LoadTask {
  file: string;
  cwd: string;
}

export type WorkerReply = { ok: true; result: RunResult } | { ok: false; error: string };

const crypto = createHostCryptoProvider();

/** Runs one task; an engine error comes back as text, like a crashed run in the main thread. */
export default function run(task: WorkerTask): WorkerReply {
  try {
    return {
      ok: true,
      result: runScenario(task.loaded, { variant: task.variant, seed: task.seed, crypto }),
    };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/** Reads and validates one scenario file, as the main thread would (loadScenarioFile never throws). */
export function load(task: LoadTask): Promise<LoadOutcome> {
  return loadScenarioFile(task.file, task.cwd);
}

/** Answers once this worker has loaded its module: the load lanes join only then (pool.ts). */
export function ready(): boolean {
  return true;
}
