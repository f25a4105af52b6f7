/**
 * Evaluates a design against the attack library: every scenario is overlaid with the design
 * (overlay.ts) and run by the scenario engine (base variant, the scenario's seed or the one given);
 * the scorecard is derived from each run's ledger (scorecard.ts).
 *
 * Incremental: given the previous scorecard, an attack whose overlaid scenario is byte-for-byte the
 * same as last time (same fingerprint, same seed) keeps its row without re-running. So changing one
 * axis re-runs exactly the attacks that axis touches — found by the overlay, not by a hand table.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { CryptoProvider } from '../crypto/provider.js';
import type { LoadedScenario } from '../scenario/loader.js';
import { runScenario } from '../scenario/runner.js';
import { applyDesign } from './overlay.js';
import type { Design } from './schema.js';
import { cellsOf, emptyCells, ROLES, type AttackRow, type Scorecard } from './scorecard.js';

export interface EvaluateOptions {
  /** The attack library: loaded scenarios (the CLI and the service load them from disk). */
  readonly library: readonly LoadedScenario[];
  /** Seed for every run; default each scenario's own `seed`. */
  readonly seed?: number;
  /** Called after each attack with (attacks done, attacks in all). */
  readonly onProgress?: (done: number, total: number) => void;
  /** The scorecard of the previous evaluation: unchanged attacks are reused (incremental). */
  readonly previous?: Scorecard;
  /** Crypto provider for the runs (node:crypto in Node hosts; default the pure noble one). */
  readonly crypto?: CryptoProvider;
  /** Called with each attack re-run (not reused), for benchmarks and tests. */
  readonly onRun?: (attack: string) => void;
}

const encoder = new TextEncoder();

function fingerprintOf(value: unknown, seed: number): string {
  return bytesToHex(sha256(encoder.encode(`${seed}\n${JSON.stringify(value)}`)));
}

/** Scenarios in id order, so a scorecard does not depend on the order the library was read in. */
function ordered(library: readonly LoadedScenario[]): LoadedScenario[] {
  return library
    .slice()
    .sort((a, b) => (a.scenario.id < b.scenario.id ? -1 : a.scenario.id > b.scenario.id ? 1 : 0));
}

/** Evaluates one attack (one scenario) against the design; reuses `previous` when unchanged. */
function evaluateAttack(
  loaded: LoadedScenario,
  design: Design,
  options: EvaluateOptions,
  previous: ReadonlyMap<string, AttackRow>,
): AttackRow {
  const { scenario } = loaded;
  const seed = options.seed ?? scenario.seed;
  const overlay = applyDesign(loaded, design);
  const base = { attack: scenario.id, title: scenario.title, file: loaded.file, seed };
  if (!overlay.applies) {
    const fingerprint = fingerprintOf({ skipped: overlay.reason }, seed);
    return { ...base, status: 'skipped', reason: overlay.reason, fingerprint, cells: emptyCells() };
  }
  const fingerprint = fingerprintOf({ scenario: overlay.loaded.scenario, regions: design.regions }, seed);
  const before = previous.get(scenario.id);
  if (before !== undefined && before.fingerprint === fingerprint && before.status === 'ran') return before;
  options.onRun?.(scenario.id);
  const result = runScenario(overlay.loaded, {
    variant: 'base',
    seed,
    journalMode: 'full',
    ...(options.crypto === undefined ? {} : { crypto: options.crypto }),
  });
  const failedSteps = result.events
    .filter((e) => e.type === 'step.outcome' && e['ok'] === false)
    .map((e) => `${String(e['step'])}: ${String(e['reason'])}`);
  return {
    ...base,
    status: 'ran',
    fingerprint,
    journalHash: result.journalHash,
    failedSteps,
    cells: cellsOf(overlay.loaded.scenario, design, result),
  };
}

/** Evaluates `design` against every attack of the library; deterministic (same design + seed ⇒ same scorecard). */
export function evaluateDesign(design: Design, options: EvaluateOptions): Scorecard {
  const library = ordered(options.library);
  const previous = new Map((options.previous?.rows ?? []).map((row) => [row.attack, row]));
  const rows: AttackRow[] = [];
  library.forEach((loaded, index) => {
    rows.push(evaluateAttack(loaded, design, options, previous));
    options.onProgress?.(index + 1, library.length);
  });
  const ran = rows.filter((r) => r.status === 'ran').length;
  return {
    format: 'sightline-scorecard',
    version: 1,
    design,
    roles: ROLES,
    rows,
    totals: { attacks: rows.length, ran, skipped: rows.length - ran },
  };
}

/** A scorecard as canonical JSON text (what `design eval --json` writes; byte-identical for the same input). */
export function scorecardToJson(scorecard: Scorecard): string {
  return `${JSON.stringify(scorecard, null, 2)}\n`;
}
