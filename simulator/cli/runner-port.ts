/**
 * The seam between the CLI and the engine: `run` and `diff` need `runScenario` from
 * simulator/scenario/runner.ts. It is imported lazily, so `validate`, `list` and `report` start
 * fast; tests inject a fake through `main`'s options. Like the lab service's run worker, the CLI
 * runs the engine on the node:crypto provider (the fast path in Node hosts; both providers agree
 * bit for bit).
 */
import type { LoadedScenario } from '../scenario/loader.js';
import type { RunOptions, RunResult } from '../scenario/result.js';

/** Options of one run as the CLI passes them. */
export interface CliRunOptions extends RunOptions {
  /** Called after each step with (steps done, steps in all), for progress on long runs. */
  onProgress?: (done: number, total: number) => void;
}

/** Runs one variant of a loaded scenario with a seed. May be synchronous. */
export type RunScenario = (
  scenario: LoadedScenario,
  options: CliRunOptions,
) => RunResult | Promise<RunResult>;

/** The engine could not be loaded; the message says why (printed without a stack, exit 1). */
export class EngineUnavailableError extends Error {
  override readonly name: string = 'EngineUnavailableError';
}

/**
 * Imports the engine and the host's fastest crypto provider (libsodium, else node:crypto).
 * @throws EngineUnavailableError when the engine's modules cannot be loaded.
 */
export async function loadRunner(): Promise<RunScenario> {
  try {
    const [{ runScenario }, { createHostCryptoProvider }] = await Promise.all([
      import('../scenario/runner.js'),
      import('../crypto/host-provider.js'),
    ]);
    const crypto = createHostCryptoProvider();
    return (loaded, options) => runScenario(loaded, { ...options, crypto });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND') {
      throw new EngineUnavailableError(
        `the simulation engine could not be loaded: ${(error as Error).message}`,
      );
    }
    throw error;
  }
}
