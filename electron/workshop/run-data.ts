// The one run a workshop room walks through: the scenario as loaded, run once with its variant and seed, and what
// the room needs from it — parties with kinds, the steps in order, the ledger and journal, and the cursor → time
// mapping. Deterministic: the same text + variant + seed gives the same journal hash, which is how a resumed room
// checks it is walking the same run it was persisted with.
import type { LedgerData } from '../../simulator/ledger/types.js';
import type { VisibilityMatrix } from '../../simulator/ledger/matrix.js';
import type { JournalEvent } from '../../simulator/network/journal.js';
import type { LoadedScenario } from '../../simulator/scenario/loader.js';
import type { RunResult } from '../../simulator/scenario/result.js';

export interface WorkshopStep {
  index: number;
  t: number;
  seq: number;
  /** The action's key (`send`, `sim-swap`). */
  action: string;
  /** `steps[3]` or the step's id. */
  path: string;
  /** The author's narration (presenter only: a note may quote a message). */
  note: string | null;
}

export interface WorkshopRun {
  scenarioId: string;
  title: string;
  variant: string;
  seed: number;
  journalHash: string;
  journal: readonly JournalEvent[];
  ledger: LedgerData;
  matrix: VisibilityMatrix;
  parties: readonly { id: string; kind: string }[];
  steps: readonly WorkshopStep[];
  endT: number;
}

/** Parties the engine adds on its own (mirrors renderer/src/d3/run-index.ts). */
const IMPLIED_KINDS: Readonly<Record<string, string>> = {
  registration: 'registration',
  server: 'chat-server',
  'chat-server': 'chat-server',
  carrier: 'carrier',
};

/** Build the room's run from a loaded scenario and its result. */
export function workshopRun(loaded: LoadedScenario, result: RunResult): WorkshopRun {
  const scenario = loaded.scenario;
  const parties: { id: string; kind: string }[] = scenario.parties.map((p) => ({ id: p.id, kind: p.kind }));
  const known = new Set(parties.map((p) => p.id));
  for (const o of result.ledger.observations) {
    if (known.has(o.party)) continue;
    known.add(o.party);
    parties.push({ id: o.party, kind: IMPLIED_KINDS[o.party] ?? 'unknown' });
  }
  const notes = new Map<string, string>();
  scenario.steps.forEach((s, i) => {
    if (s.note) {
      notes.set(`steps[${i}]`, s.note);
      if (s.id) notes.set(s.id, s.note);
    }
  });
  const steps: WorkshopStep[] = [];
  for (const e of result.events) {
    if (e.type !== 'step' || typeof e.step !== 'string') continue;
    steps.push({
      index: steps.length,
      t: e.t,
      seq: e.seq,
      action: typeof e.action === 'string' ? e.action : 'step',
      path: e.step,
      note: notes.get(e.step) ?? (typeof e.note === 'string' ? e.note : null),
    });
  }
  const lastT = result.events.length > 0 ? result.events[result.events.length - 1]!.t : 0;
  return {
    scenarioId: scenario.id,
    title: scenario.title,
    variant: result.variant,
    seed: result.seed,
    journalHash: result.journalHash,
    journal: result.events,
    ledger: result.ledger,
    matrix: result.matrix,
    parties,
    steps,
    endT: Math.max(result.summary.endTimeMs, lastT),
  };
}

/** Cursor positions run from 0 (before the first step) to steps.length (the end of the run). */
export function lastPosition(run: WorkshopRun): number {
  return run.steps.length;
}

/**
 * The virtual time the room shows at `position`: just before step `position` starts (so everything the steps
 * done so far caused, and nothing of the next one), or the end of the run after the last step.
 */
export function timeAt(run: WorkshopRun, position: number): number {
  if (position >= run.steps.length) return run.endT;
  const next = run.steps[Math.max(0, position)]!;
  return next.t - 0.001;
}
