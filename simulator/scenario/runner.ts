/**
 * Runs one variant of a scenario: builds the world from the scenario's parties, sets up the starting
 * state, plays the timeline on the virtual clock, and checks the expectations against the ledger.
 * Deterministic: the same scenario, variant and seed give the same journal, byte for byte, whichever
 * crypto provider is used (they agree bit for bit).
 */
import { DiscreteLogOracle } from '../crypto/discrete-log-oracle.js';
import { nobleCryptoProvider } from '../crypto/noble-provider.js';
import type { CryptoProvider } from '../crypto/provider.js';
import { visibilityMatrix } from '../ledger/matrix.js';
import type { JournalMode } from '../network/journal.js';
import type { DefenceSpec } from '../world/defences.js';
import { World } from '../world/world.js';
import type { LoadedScenario } from './loader.js';
import type { RunOptions, RunResult } from './result.js';
import { summarizeExpectations } from './result.js';
import type { Action, Step } from './schema.js';
import { resolveVariant } from './variants.js';
import { actionHandlers } from './runtime/actions/index.js';
import { provideOracle } from './runtime/actions/quantum.js';
import type { ActionHandler } from './runtime/actions/types.js';
import { buildParties, setUpStartingState } from './runtime/build-parties.js';
import { RunContext, RunError, type StepOutcome } from './runtime/context.js';
import { checkExpectations } from './runtime/expectations.js';

/** Virtual time between a step and the next one that gives no `at`. */
export const STEP_GAP_MS = 1_000;
/** Virtual time the run continues after its last step, so messages in flight land. */
export const SETTLE_MS = 60_000;

/** Options beyond variant and seed: the crypto provider (node:crypto in Node hosts), journal mode, progress. */
export interface RunnerOptions extends RunOptions {
  readonly crypto?: CryptoProvider;
  readonly journalMode?: JournalMode;
  /** Called after each step with (steps done, steps in all). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Runs one variant of a loaded scenario. Never throws for a step that fails; the outcome says why. */
export function runScenario(loaded: LoadedScenario, options: RunnerOptions): RunResult {
  const variant = resolveVariant(loaded, options.variant);
  const { scenario } = loaded;
  const defences: DefenceSpec[] = scenario.defences.map((d) => ({
    ...d,
    enabled: variant.defences[d.id] ?? d.enabled,
  }));
  // A run with a `quantum-break` step gets the simulated discrete-log oracle (discrete-log-oracle.ts):
  // it watches X25519 key generation only, draws nothing, and is handed only to that action.
  const baseCrypto = options.crypto ?? nobleCryptoProvider;
  const oracle = scenario.steps.some((step) => step.action.type === 'quantum-break')
    ? new DiscreteLogOracle(baseCrypto)
    : undefined;
  const world = new World({
    seed: options.seed,
    crypto: oracle ? oracle.watch(baseCrypto) : baseCrypto,
    journalMode: options.journalMode ?? 'full',
    link: {
      latency_ms: scenario.options.latency_ms,
      jitter_ms: scenario.options.jitter_ms,
      loss_rate: scenario.options.loss_rate,
    },
    defences,
  });
  const context = new RunContext(world, loaded, variant);
  if (oracle) provideOracle(context, oracle);
  world.log('scenario.load', { scenario: scenario.id, variant: variant.id, seed: options.seed });
  buildParties(context);
  setUpStartingState(context);
  context.startMs = Math.ceil((world.now + 1) / 1000) * 1000;
  world.loop.runUntil(context.startMs);
  world.log('scenario.start', { scenario: scenario.id, variant: variant.id });

  let cursor = context.startMs;
  scenario.steps.forEach((step, index) => {
    if (step.at !== undefined) cursor = Math.max(cursor, context.startMs + step.at);
    // A handler may itself let time pass (a restore that waits for a download); never go back.
    world.loop.runUntil(Math.max(cursor, world.now));
    const label = step.id ?? `steps[${index}]`;
    context.stepMarks.push({ label, observations: world.ledger.observations().length });
    const outcome = runStep(context, step, index);
    context.outcomes.set(label, outcome);
    cursor += step.action.type === 'wait' ? step.action.duration : STEP_GAP_MS;
    options.onProgress?.(index + 1, scenario.steps.length);
  });
  world.loop.runUntil(Math.max(cursor, world.now) + SETTLE_MS);
  world.log('scenario.end', {});

  const ledger = world.ledger.toJSON();
  const partyOrder = [...context.parties.keys()];
  const matrix = visibilityMatrix(ledger, { parties: partyOrder });
  const expectations = checkExpectations(context, matrix, variant.expectations);
  const counts = summarizeExpectations(expectations);
  return {
    scenarioId: scenario.id,
    variant: variant.id,
    seed: options.seed,
    journalHash: world.journal.hash(),
    valid: counts.failed === 0,
    expectations,
    matrix,
    summary: {
      expectations: counts,
      events: world.journal.length,
      endTimeMs: world.now - context.startMs,
      observations: ledger.observations.length,
      items: ledger.items.length,
    },
    events: world.journal.mode === 'full' ? world.journal.events() : [],
    ledger,
  };
}

function runStep(context: RunContext, step: Step, index: number): StepOutcome {
  const { world } = context;
  const handler = actionHandlers[step.action.type] as ActionHandler<Action['type']> | undefined;
  const label = step.id ?? `steps[${index}]`;
  world.log('step', { step: label, action: step.action.type, note: step.note });
  let outcome: StepOutcome;
  if (!handler) {
    outcome = { ok: false, reason: `the action '${step.action.type}' is not supported by this build` };
  } else {
    try {
      outcome = handler(step.action as never, context);
    } catch (error) {
      if (!(error instanceof RunError)) throw error;
      outcome = { ok: false, reason: error.message };
    }
  }
  world.log('step.outcome', { step: label, ok: outcome.ok, reason: outcome.reason });
  return outcome;
}
