/**
 * The seam between the CLI and the engine: `run` and `diff` need `runScenario` from
 * simulator/scenario/runner.ts. It is imported lazily, so `validate`, `list` and `report` start
 * fast and work even where the engine cannot load; tests inject a fake through `main`'s options.
 */
import type { LoadedScenario } from '../scenario/loader.js';
import type { RunOptions, RunResult } from '../scenario/result.js';

/** Runs one variant of a loaded scenario with a seed. May be synchronous. */
export type RunScenario = (scenario: LoadedScenario, options: RunOptions) => RunResult | Promise<RunResult>;

/** The engine could not be loaded; the message says why (printed without a stack, exit 1). */
export class EngineUnavailableError extends Error {
  override readonly name: string = 'EngineUnavailableError';
}

/** The engine's module, relative to this file. */
const RUNNER_MODULE = '../scenario/runner.js';

/**
 * Imports the engine's `runScenario`.
 * @throws EngineUnavailableError when the module is missing or does not export `runScenario`.
 */
export async function loadRunner(specifier: string = RUNNER_MODULE): Promise<RunScenario> {
  let module: unknown;
  try {
    module = await import(specifier);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes('runner')) {
      throw new EngineUnavailableError('the scenario runner (simulator/scenario/runner.ts) is not available in this build');
    }
    throw error;
  }
  const runScenario = (module as { runScenario?: unknown }).runScenario;
  if (typeof runScenario !== 'function') throw new EngineUnavailableError(`${specifier} does not export runScenario()`);
  return runScenario as RunScenario;
}
