// The workshop pages reuse the app's drawn views (PartyView, MatrixView), which read a RunModel. These build one
// from what the workshop server sends: a participant's server-filtered party slice (never more than its party
// holds up to the cursor), and the presenter's whole run (for "reveal the full matrix"). Pure.
import type { RunSummary as RunListing } from '../../../electron/contract.js';
import type { PartySlice } from '../../../electron/workshop/protocol.js';
import type { VisibilityMatrix } from '../../../simulator/ledger/matrix.js';
import type { ItemRecord, LedgerData, ObservationRecord } from '../../../simulator/ledger/types.js';
import type { JournalEvent } from '../../../simulator/network/journal.js';
import type { RunModel, StepMoment } from '../model/run-model.js';
import { EMPTY_META } from '../model/scenario-meta.js';

/** The run as the presenter's `host-hello` carries it (electron/workshop/server.ts hostHello). */
export interface HostRun {
  title: string;
  scenarioId: string;
  variant: string;
  seed: number;
  journalHash: string;
  journal: JournalEvent[];
  ledger: LedgerData;
  matrix: VisibilityMatrix;
  parties: { id: string; kind: string }[];
  steps: { index: number; t: number; seq: number; action: string; path: string; note: string | null }[];
  endT: number;
}

function listing(id: string, scenarioId: string, title: string, variant: string, seed: number): RunListing {
  return {
    id,
    scenarioId,
    scenarioTitle: title,
    scenarioSource: 'builtin',
    variant,
    seed,
    valid: true,
    journalHash: '',
    createdAt: 0,
    durationMs: 0,
    expectationsPassed: 0,
    expectationsFailed: 0,
    journalLength: 0,
  };
}

function moments(
  steps: readonly {
    index: number;
    t: number;
    seq: number;
    action: string;
    path: string;
    note?: string | null;
  }[],
): StepMoment[] {
  return steps.map((s) => ({
    index: s.index,
    t: s.t,
    seq: s.seq,
    path: s.path,
    action: s.action,
    id: s.path.startsWith('steps[') ? null : s.path,
    note: s.note ?? null,
    outcome: null,
  }));
}

function model(parts: {
  id: string;
  scenarioId: string;
  title: string;
  variant: string;
  seed: number;
  journal: JournalEvent[];
  ledger: LedgerData;
  matrix: VisibilityMatrix;
  parties: readonly { id: string; kind: string }[];
  steps: StepMoment[];
  endT: number;
}): RunModel {
  return {
    id: parts.id,
    listing: listing(parts.id, parts.scenarioId, parts.title, parts.variant, parts.seed),
    scenarioText: '',
    meta: {
      ...EMPTY_META,
      title: parts.title,
      parties: parts.parties.map((p) => ({ id: p.id, kind: p.kind })),
    },
    expectations: [],
    summary: {
      expectations: { total: 0, passed: 0, failed: 0 },
      events: parts.journal.length,
      endTimeMs: parts.endT,
      observations: parts.ledger.observations.length,
      items: parts.ledger.items.length,
    },
    matrix: parts.matrix,
    journal: parts.journal,
    ledger: parts.ledger,
    steps: parts.steps,
    endTimeMs: parts.endT,
    parties: parts.parties.map((p) => p.id),
    partyKinds: new Map(parts.parties.map((p) => [p.id, p.kind])),
  };
}

/**
 * A participant's view model: only its own party, its own observations and the items they name, its user's
 * notices and the steps done so far — exactly the slice, nothing added. The journal holds only the steps and
 * notices (no frames), so no other party's traffic can be drawn.
 */
export function sliceRunModel(slice: PartySlice, title: string): RunModel {
  const journal: JournalEvent[] = [
    ...slice.steps.map((s) => ({ seq: s.seq, t: s.t, type: 'step', step: s.path, action: s.action })),
    ...slice.notices.map((n) => ({ ...n })),
  ].sort((a, b) => a.seq - b.seq) as JournalEvent[];
  const ledger: LedgerData = {
    items: slice.items as unknown as ItemRecord[],
    observations: slice.observations as unknown as ObservationRecord[],
  } as LedgerData;
  return model({
    id: `workshop:${slice.party}`,
    scenarioId: 'workshop',
    title,
    variant: 'base',
    seed: 0,
    journal,
    ledger,
    matrix: { parties: [slice.party], items: [], cells: [] },
    parties: [{ id: slice.party, kind: slice.kind }],
    steps: moments(slice.steps),
    endT: slice.endT,
  });
}

/** The presenter's view model of the whole run (for the full matrix at the end). */
export function hostRunModel(run: HostRun): RunModel {
  return model({
    id: `workshop:${run.journalHash}`,
    scenarioId: run.scenarioId,
    title: run.title,
    variant: run.variant,
    seed: run.seed,
    journal: run.journal,
    ledger: run.ledger,
    matrix: run.matrix,
    parties: run.parties,
    steps: moments(run.steps),
    endT: run.endT,
  });
}
