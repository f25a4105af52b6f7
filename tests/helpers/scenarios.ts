/** Test helpers: load a scenario fixture and run a variant with the node provider. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHostCryptoProvider } from '../../simulator/crypto/host-provider.js';
import { loadScenario, type LoadedScenario } from '../../simulator/scenario/loader.js';
import type { RunResult } from '../../simulator/scenario/result.js';
import { runScenario } from '../../simulator/scenario/runner.js';

const crypto = createHostCryptoProvider();

export function loadFixture(name: string): LoadedScenario {
  const file = join('tests/scenarios/fixtures', name);
  return loadScenario(readFileSync(file, 'utf8'), file);
}

export function loadText(text: string, file = 'inline.yaml'): LoadedScenario {
  return loadScenario(text, file);
}

export function run(loaded: LoadedScenario, variant = 'base', seed = 1): RunResult {
  return runScenario(loaded, { variant, seed, crypto });
}

/** The expectation result with `id`, failing the test if absent. */
export function expectation(result: RunResult, id: string) {
  const found = result.expectations.find((e) => e.id === id);
  if (!found) throw new Error(`no expectation ${id} in ${result.expectations.map((e) => e.id).join(', ')}`);
  return found;
}

/** Level of (party, item) in the run's matrix. */
export function level(result: RunResult, party: string, item: string): string {
  return result.matrix.cells.find((c) => c.party === party && c.item === item)?.level ?? 'none';
}
