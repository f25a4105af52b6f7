/**
 * Helpers for the fidelity tests: each test runs the real engine on a small scenario written for one
 * claim of docs/model.md and checks the ledger (who holds which item, and how), step outcomes and
 * notices — never the scenario's own expectations alone, since those are what is being checked.
 */
import { createHostCryptoProvider } from '../../simulator/crypto/host-provider.js';
import type { HowKind } from '../../simulator/ledger/types.js';
import { loadScenario, type LoadedScenario } from '../../simulator/scenario/loader.js';
import type { RunResult } from '../../simulator/scenario/result.js';
import { runScenario } from '../../simulator/scenario/runner.js';

const crypto = createHostCryptoProvider();

/** Loads a scenario written inline (YAML). */
export function load(text: string, file = 'fidelity.yaml'): LoadedScenario {
  return loadScenario(text, file);
}

/** Runs one variant of an inline scenario. */
export function run(text: string | LoadedScenario, variant = 'base', seed = 1): RunResult {
  return runScenario(typeof text === 'string' ? load(text) : text, { variant, seed, crypto });
}

/** The ways `party` learned the content of `item` (empty when it never read it). */
export function contentHows(result: RunResult, party: string, item: string): HowKind[] {
  return result.ledger.observations
    .filter((o) => o.party === party && o.item === item && o.fields.includes('content'))
    .map((o) => o.how.kind);
}

/** Whether `party` ever held the content (plaintext) of `item`. */
export function reads(result: RunResult, party: string, item: string): boolean {
  return contentHows(result, party, item).length > 0;
}

/** Whether `party` holds anything about `item` at all (ciphertext, metadata or content). */
export function holdsAnything(result: RunResult, party: string, item: string): boolean {
  return result.ledger.observations.some((o) => o.party === party && o.item === item);
}

/** Whether the ledger has an item with this id. */
export function hasItem(result: RunResult, item: string): boolean {
  return result.ledger.items.some((i) => i.id === item);
}

/** The outcome of the step with `id` (from the journal's step.outcome events). */
export function outcome(result: RunResult, id: string): { ok: boolean; reason: string } {
  const event = result.events.find((e) => e.type === 'step.outcome' && e['step'] === id);
  if (!event) throw new Error(`no step '${id}' ran in ${result.scenarioId}#${result.variant}`);
  return { ok: event['ok'] === true, reason: String(event['reason']) };
}

/** Journal events of one type. */
export function events(result: RunResult, type: string) {
  return result.events.filter((e) => e.type === type);
}

/** Whether `user` was shown a notice of `kind`. */
export function noticed(result: RunResult, user: string, kind: string): boolean {
  return result.events.some((e) => e.type === 'notice' && e['user'] === user && e['kind'] === kind);
}

/** A scenario header and the parties most claims need; `extra` is YAML appended to `parties:`. */
export function header(id: string, parties: string): string {
  return `sightline: 1
id: ${id}
title: ${id}
summary: fidelity check
parties:
${parties}`;
}
