// A stored run as the views consume it. The service passes the engine's JSON through untouched (contract:
// RunRecord.summary/matrix/journal/ledger are `unknown`); here it gets the engine's own types
// (simulator/scenario/result.ts, simulator/ledger/*) after a cheap shape check, plus what the views derive once:
// the scenario's parties and notes, the steps in time order. Built once per opened run and kept out of Vue's deep
// reactivity (markRaw by the store): a journal can hold 10^4 events.
import type { RunRecord, RunSummary as RunListing, ExpectationOutcome } from '../../../electron/contract.js';
import type { VisibilityMatrix } from '../../../simulator/ledger/matrix.js';
import type { LedgerData } from '../../../simulator/ledger/types.js';
import type { JournalEvent } from '../../../simulator/network/journal.js';
import type { RunSummary as EngineSummary } from '../../../simulator/scenario/result.js';
import { scenarioMeta, type ScenarioMeta } from './scenario-meta.js';

/** One scenario step as it happened: when, which action, and the trainer's note for it. */
export interface StepMoment {
  readonly index: number;
  readonly t: number;
  readonly seq: number;
  readonly path: string;
  readonly action: string;
  readonly id: string | null;
  readonly note: string | null;
  /** `succeeded: …` / `failed: …` from the step's `step.outcome` event, when recorded. */
  readonly outcome: string | null;
}

export interface RunModel {
  readonly id: string;
  readonly listing: RunListing;
  readonly scenarioText: string;
  readonly meta: ScenarioMeta;
  readonly expectations: readonly ExpectationOutcome[];
  readonly summary: EngineSummary;
  readonly matrix: VisibilityMatrix;
  readonly journal: readonly JournalEvent[];
  readonly ledger: LedgerData;
  readonly steps: readonly StepMoment[];
  /** Virtual time at the end of the run, ms. */
  readonly endTimeMs: number;
  /** Every party id: the scenario's, then any other observer in the matrix. */
  readonly parties: readonly string[];
  /** Party id → kind (`user`, `attacker`, `chat-server`…), `unknown` for observers the scenario does not list. */
  readonly partyKinds: ReadonlyMap<string, string>;
}

/** The stored run is not in the shape this UI understands (a newer engine, or a damaged record). */
export class RunShapeError extends Error {
  constructor(what: string) {
    super(`This run cannot be shown: its ${what} is not in the expected form.`);
    this.name = 'RunShapeError';
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function checkMatrix(value: unknown): VisibilityMatrix {
  if (
    !isObject(value) ||
    !Array.isArray(value.parties) ||
    !Array.isArray(value.items) ||
    !Array.isArray(value.cells)
  ) {
    throw new RunShapeError('visibility matrix');
  }
  return value as unknown as VisibilityMatrix;
}

function checkLedger(value: unknown): LedgerData {
  if (!isObject(value) || !Array.isArray(value.items) || !Array.isArray(value.observations)) {
    throw new RunShapeError('ledger');
  }
  return value as unknown as LedgerData;
}

function checkSummary(value: unknown, journalLength: number): EngineSummary {
  if (!isObject(value) || typeof value.endTimeMs !== 'number') {
    // Older or partial records: derive what we can rather than refuse the whole run.
    return {
      expectations: { total: 0, passed: 0, failed: 0 },
      events: journalLength,
      endTimeMs: 0,
      observations: 0,
      items: 0,
    };
  }
  return value as unknown as EngineSummary;
}

function checkJournal(value: readonly unknown[]): JournalEvent[] {
  for (const event of value) {
    if (
      !isObject(event) ||
      typeof event.seq !== 'number' ||
      typeof event.t !== 'number' ||
      typeof event.type !== 'string'
    ) {
      throw new RunShapeError('journal');
    }
  }
  return value as JournalEvent[];
}

/** Steps in the order they ran, joined with their notes and outcomes. Pure. */
export function stepMoments(journal: readonly JournalEvent[], meta: ScenarioMeta): StepMoment[] {
  // The runner names a step by its id when it has one, else by its path (`steps[3]`).
  const byPath = new Map(
    meta.steps.flatMap((s) => (s.id ? [[s.path, s] as const, [s.id, s] as const] : [[s.path, s] as const])),
  );
  const moments: StepMoment[] = [];
  const outcomes = new Map<string, string>();
  for (const event of journal) {
    if (event.type === 'step.outcome' && typeof event.step === 'string') {
      const verdict = event.ok === true ? 'succeeded' : event.ok === false ? 'failed' : 'done';
      const reason = typeof event.reason === 'string' ? event.reason : null;
      outcomes.set(event.step, reason ? `${verdict}: ${reason}` : verdict);
    }
  }
  for (const event of journal) {
    if (event.type !== 'step' || typeof event.step !== 'string') continue;
    const known = byPath.get(event.step);
    moments.push({
      index: moments.length,
      t: event.t,
      seq: event.seq,
      path: known?.path ?? event.step,
      action: typeof event.action === 'string' ? event.action : (known?.action ?? 'step'),
      id: known?.id ?? null,
      note: known?.note ?? null,
      outcome: outcomes.get(event.step) ?? null,
    });
  }
  return moments;
}

/** Build the view model of a stored run. @throws RunShapeError when the engine's parts are malformed. */
export function buildRunModel(record: RunRecord): RunModel {
  const meta = scenarioMeta(record.scenarioText);
  const journal = checkJournal(record.journal);
  const matrix = checkMatrix(record.matrix);
  const ledger = checkLedger(record.ledger);
  const summary = checkSummary(record.summary, journal.length);
  const parties: string[] = meta.parties.map((p) => p.id);
  for (const p of matrix.parties) if (!parties.includes(p)) parties.push(p);
  const partyKinds = new Map<string, string>();
  for (const p of parties) partyKinds.set(p, meta.parties.find((m) => m.id === p)?.kind ?? 'unknown');
  const lastT = journal.length > 0 ? journal[journal.length - 1]!.t : 0;
  const { scenarioText, expectations, ...listing } = record;
  const cleanListing: RunListing = {
    id: listing.id,
    scenarioId: listing.scenarioId,
    scenarioTitle: listing.scenarioTitle,
    scenarioSource: listing.scenarioSource,
    variant: listing.variant,
    seed: listing.seed,
    valid: listing.valid,
    journalHash: listing.journalHash,
    createdAt: listing.createdAt,
    durationMs: listing.durationMs,
    expectationsPassed: listing.expectationsPassed,
    expectationsFailed: listing.expectationsFailed,
    journalLength: listing.journalLength,
  };
  return {
    id: record.id,
    listing: cleanListing,
    scenarioText,
    meta,
    expectations,
    summary,
    matrix,
    journal,
    ledger,
    steps: stepMoments(journal, meta),
    endTimeMs: Math.max(summary.endTimeMs, lastT),
    parties,
    partyKinds,
  };
}

/** `base` reads as "as written" in the UI; variants show their title when the scenario names one. */
export function variantTitle(meta: ScenarioMeta, variant: string): string {
  if (variant === 'base') return 'As written';
  return meta.variants.find((v) => v.id === variant)?.title ?? variant;
}
