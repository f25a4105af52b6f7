/**
 * The scorecard: attack × party role → what that role ends with (P plaintext content, H history, K
 * keys, M metadata), derived only from the run's ledger. Every holding links to its evidence: the run
 * (scenario#variant, seed), the step during which it was learned, the ledger observation and the
 * journal event of that step.
 */
import type { Field, HowKind, LedgerData, ObservationRecord } from '../ledger/types.js';
import type { JournalEvent } from '../network/journal.js';
import type { Party, Scenario } from '../scenario/schema.js';
import type { RunResult } from '../scenario/result.js';
import type { Design, Region } from './schema.js';

/** What a party can end with, in the order cells print them. */
export const CATEGORIES = ['content', 'history', 'keys', 'metadata'] as const;
export type Category = (typeof CATEGORIES)[number];
/**
 * One letter per category: P plaintext content (messages, media, calls; also when read from a
 * backup), H history (a readable backup or history bundle), K secret keys and credentials (the
 * plaintext of a key or registration-code item), M metadata (any other field, incl. public keys).
 */
export const CATEGORY_LETTER: Readonly<Record<Category, string>> = {
  content: 'P',
  history: 'H',
  keys: 'K',
  metadata: 'M',
};

/** The roles (party kinds) a scorecard has columns for, in column order; users are the endpoints, not columns. */
export const ROLES = [
  'chat-server',
  'network-observer',
  'carrier',
  'registration',
  'backup-provider',
  'key-vault',
  'business',
  'cloud-api',
  'bsp',
  'crm',
  'mod-vendor',
  'law-enforcement',
  'attacker',
] as const;
export type Role = (typeof ROLES)[number];

/** Where a holding came from. */
export interface Evidence {
  /** `scenario#variant` of the run (the design overlay runs the base variant). */
  readonly run: string;
  readonly scenario: string;
  readonly variant: string;
  readonly seed: number;
  /** The step during which it was observed (`steps[3]` or the step id), if any (else: set-up). */
  readonly step?: string;
  /** Journal seq of that step's `step` event. */
  readonly event?: number;
  /** Ledger observation seq. */
  readonly observation: number;
  readonly item: string;
  /** Virtual time of the observation, ms from the start of the run's clock. */
  readonly t: number;
  readonly how: HowKind;
}

/** What one party of a role ends with in one attack. */
export interface Holding {
  readonly party: string;
  readonly name: string;
  /** Region from the design for hosted roles; undefined for attackers, carriers, observers. */
  readonly region?: Region;
  /** How long this party keeps what it holds (days; null = indefinitely), as configured in the run. */
  readonly retentionDays: number | null;
  readonly categories: readonly Category[];
  readonly fields: readonly Field[];
  readonly hows: readonly HowKind[];
  /** First evidence of each category. */
  readonly evidence: Readonly<Partial<Record<Category, Evidence>>>;
}

export interface ScoreCell {
  readonly role: Role;
  /** Union over the role's parties. */
  readonly categories: readonly Category[];
  /** `PHKM` letters, or `–` for nothing. */
  readonly code: string;
  readonly holdings: readonly Holding[];
}

export interface AttackRow {
  /** Scenario id. */
  readonly attack: string;
  readonly title: string;
  readonly file: string;
  readonly status: 'ran' | 'skipped';
  /** Why it was skipped. */
  readonly reason?: string;
  readonly seed: number;
  /** SHA-256 of the overlaid scenario: equal fingerprints reuse the row in incremental evaluation. */
  readonly fingerprint: string;
  readonly journalHash?: string;
  /** Steps that failed in the run (an attack step the design stopped, or a step it cannot do). */
  readonly failedSteps?: readonly string[];
  /** One cell per role in ROLES order (every role; `–` where nothing is held). */
  readonly cells: readonly ScoreCell[];
}

export interface Scorecard {
  readonly format: 'sightline-scorecard';
  readonly version: 1;
  readonly design: Design;
  readonly roles: readonly Role[];
  readonly rows: readonly AttackRow[];
  readonly totals: { readonly attacks: number; readonly ran: number; readonly skipped: number };
}

/** The code of a category set. */
export function cellCode(categories: readonly Category[]): string {
  return categories.length === 0 ? '–' : categories.map((c) => CATEGORY_LETTER[c]).join('');
}

/** The categories one observation gives its party. */
export function categoriesOf(observation: ObservationRecord, itemKind: string): Category[] {
  const out = new Set<Category>();
  const content = observation.fields.includes('content');
  const fromBackup = observation.how.kind === 'backup';
  if (content) {
    if (itemKind === 'key' || itemKind === 'registration') out.add('keys');
    else if (itemKind === 'backup' || itemKind === 'history-bundle' || fromBackup) {
      out.add('history');
      out.add('content');
    } else out.add('content');
  }
  if (observation.fields.some((f) => f !== 'content')) out.add('metadata');
  return CATEGORIES.filter((c) => out.has(c));
}

const REGION_KEY: Partial<Record<Role, keyof Design['regions']>> = {
  'chat-server': 'chat_server',
  registration: 'chat_server',
  'cloud-api': 'cloud_api',
  bsp: 'bsp',
  crm: 'crm',
  'backup-provider': 'backup_provider',
  'key-vault': 'key_vault',
};

/** How long a party of the run keeps what it holds, from its configuration in the overlaid scenario. */
function retentionOf(party: Party): number | null {
  if (party.kind === 'cloud-api') return party.storage === 'none' ? 0 : party.retention_days;
  if (party.kind === 'bsp' || party.kind === 'crm') return party.retention_days ?? null;
  if (party.kind === 'chat-server') return party.queue_retention_days;
  return null;
}

/** The step (label, journal seq) a time falls in: the last `step` event at or before it. */
function stepIndex(
  events: readonly JournalEvent[],
): (t: number) => { step: string; event: number } | undefined {
  const steps = events.filter((e) => e.type === 'step');
  return (t) => {
    let found: JournalEvent | undefined;
    for (const e of steps) {
      if (e.t <= t) found = e;
      else break;
    }
    return found === undefined ? undefined : { step: String(found['step']), event: found.seq };
  };
}

/** The cells of one run: every role, each party of it with what it holds and the evidence. */
export function cellsOf(scenario: Scenario, design: Design, result: RunResult): ScoreCell[] {
  const ledger: LedgerData = result.ledger;
  const itemKind = new Map(ledger.items.map((i) => [i.id, i.kind]));
  const parties = new Map(scenario.parties.map((p) => [p.id, p]));
  const stepAt = stepIndex(result.events);
  type Acc = {
    categories: Set<Category>;
    fields: Set<Field>;
    hows: Set<HowKind>;
    evidence: Partial<Record<Category, Evidence>>;
  };
  const byParty = new Map<string, Acc>();
  const observations = ledger.observations.slice().sort((a, b) => a.t - b.t || a.seq - b.seq);
  for (const o of observations) {
    const party = parties.get(o.party);
    if (party === undefined || party.kind === 'user') continue;
    const cats = categoriesOf(o, itemKind.get(o.item) ?? 'other');
    if (cats.length === 0) continue;
    let acc = byParty.get(o.party);
    if (acc === undefined)
      byParty.set(
        o.party,
        (acc = { categories: new Set(), fields: new Set(), hows: new Set(), evidence: {} }),
      );
    for (const f of o.fields) acc.fields.add(f);
    acc.hows.add(o.how.kind);
    for (const c of cats) {
      acc.categories.add(c);
      if (acc.evidence[c] === undefined) {
        const at = stepAt(o.t);
        acc.evidence[c] = {
          run: `${result.scenarioId}#${result.variant}`,
          scenario: result.scenarioId,
          variant: result.variant,
          seed: result.seed,
          ...(at === undefined ? {} : at),
          observation: o.seq,
          item: o.item,
          t: o.t,
          how: o.how.kind,
        };
      }
    }
  }
  return ROLES.map((role) => {
    const holdings: Holding[] = [];
    for (const party of scenario.parties) {
      if (party.kind !== role) continue;
      const acc = byParty.get(party.id);
      if (acc === undefined) continue;
      const regionKey = REGION_KEY[role];
      const holding: Holding = {
        party: party.id,
        name: party.name ?? party.id,
        ...(regionKey === undefined ? {} : { region: design.regions[regionKey] }),
        retentionDays: retentionOf(party),
        categories: CATEGORIES.filter((c) => acc.categories.has(c)),
        fields: [...acc.fields].sort(),
        hows: [...acc.hows].sort(),
        evidence: acc.evidence,
      };
      holdings.push(holding);
    }
    const categories = CATEGORIES.filter((c) => holdings.some((h) => h.categories.includes(c)));
    return { role, categories, code: cellCode(categories), holdings };
  });
}

/** An empty row of cells (a skipped attack). */
export function emptyCells(): ScoreCell[] {
  return ROLES.map((role) => ({ role, categories: [], code: '–', holdings: [] }));
}
