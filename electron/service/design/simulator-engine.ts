// The adapter from the service's design seam (engine.ts) to the real design engine (simulator/design): the axes and
// presets for the form, the design loader for validation, and — inside the design worker only — evaluation and
// comparison over the attack library (scenarios/). It maps the engine's values onto the contract's shapes
// (contract-design.ts) and adds nothing of its own: every cell, finding and "why it differs" line is the engine's.
import { createHash } from 'node:crypto';
import type { CryptoProvider } from '../../../simulator/crypto/provider.js';
import {
  DESIGN_AXES,
  DESIGN_PRESETS,
  compareDesigns,
  defaultRules,
  evaluateCompliance,
  evaluateDesign,
  loadDesign,
  scorecardToJson,
  type DesignAxis as EngineAxis,
  type Evidence as EngineEvidence,
  type Finding as EngineFinding,
  type Role,
  type Scorecard as EngineScorecard,
  type Design,
} from '../../../simulator/design/index.js';
import { loadScenario, type LoadedScenario } from '../../../simulator/scenario/loader.js';
import type {
  DesignAxis,
  DesignComparison,
  DesignEvaluation,
  Difference,
  Evidence,
  Finding,
  Scorecard,
  ScorecardCell,
} from '../../contract-design.js';
import { readBuiltIns } from '../simulator-engine.js';
import type { DesignEngine, DesignEvaluator, DesignProgress, DesignValidation } from './engine.js';

const DEFAULT_FILE = 'design.yaml';

/** Form sections, in the order the form shows them. */
const GROUP_LABELS: Record<string, string> = {
  business: 'Business messaging',
  regions: 'Regions',
  retention: 'Retention',
  backup: 'Backup',
  defences: 'Account & client defences',
  groups: 'Groups',
};

const CLOUD_API = ['cloud-api', 'cloud-api-bsp-crm'];
const BSP_CRM = ['cloud-api-bsp-crm'];
const BACKUP_ON = ['plain', 'e2ee-password', 'e2ee-key', 'e2ee-passkey'];
const E2EE_BACKUP = ['e2ee-password', 'e2ee-key', 'e2ee-passkey'];

/**
 * When an axis matters (the form dims it otherwise). Only a hint for the form: the engine applies every axis the
 * same way whatever the form shows, and an axis of a party the design has not got simply changes nothing.
 */
const WHEN: Record<string, { axis: string; values: string[] }> = {
  'business.cloud_api_storage': { axis: 'business.hosting', values: CLOUD_API },
  'regions.cloud_api': { axis: 'business.hosting', values: CLOUD_API },
  'retention.cloud_api_days': { axis: 'business.hosting', values: CLOUD_API },
  'regions.bsp': { axis: 'business.hosting', values: BSP_CRM },
  'regions.crm': { axis: 'business.hosting', values: BSP_CRM },
  'retention.bsp_days': { axis: 'business.hosting', values: BSP_CRM },
  'retention.crm_days': { axis: 'business.hosting', values: BSP_CRM },
  'regions.backup_provider': { axis: 'backup', values: BACKUP_ON },
  'regions.key_vault': { axis: 'backup', values: E2EE_BACKUP },
  plain_backup_protection: { axis: 'backup', values: ['plain'] },
};

/** Column headings of the scorecard (party roles). */
export const ROLE_LABELS: Record<Role, string> = {
  'chat-server': 'Chat server',
  'network-observer': 'Network observer',
  carrier: 'Carrier',
  registration: 'Registration',
  'backup-provider': 'Cloud backup provider',
  'key-vault': 'Backup key vault',
  business: 'Business',
  'cloud-api': 'Cloud API',
  bsp: 'BSP',
  crm: 'CRM',
  'mod-vendor': 'Mod-client vendor',
  'law-enforcement': 'Law enforcement',
  attacker: 'Attacker',
};

const CATEGORY_WORDS: Record<string, string> = {
  content: 'plaintext content',
  history: 'readable history',
  keys: 'secret keys',
  metadata: 'metadata',
};

function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Readable names of enumerated values; the value itself is what the YAML holds. */
const OPTION_LABELS: Record<string, string> = {
  none: 'none',
  'on-premises': 'On-Premises API',
  'cloud-api': 'Cloud API',
  'cloud-api-bsp-crm': 'Cloud API via a BSP with a CRM',
  off: 'off',
  plain: 'plain (not E2EE)',
  'server-key': 'sealed with a server-held key',
  'e2ee-password': 'E2EE, password',
  'e2ee-key': 'E2EE, 64-digit key',
  'e2ee-passkey': 'E2EE, passkey',
  'us-dpf': 'US (Data Privacy Framework)',
  us: 'US',
  eu: 'EU',
  eea: 'EEA',
  uk: 'UK',
  ch: 'Switzerland',
  in: 'India',
  br: 'Brazil',
  sg: 'Singapore',
  other: 'other',
  default: 'default',
  local: 'Local Storage',
};

function optionLabel(value: string): string {
  return OPTION_LABELS[value] ?? value;
}

/** One engine axis as the form draws it. */
export function toContractAxis(axis: EngineAxis): DesignAxis {
  const kind = axis.type === 'enum' ? 'choice' : axis.type === 'integer' ? 'number' : 'boolean';
  const when = WHEN[axis.id];
  return {
    id: axis.id,
    label: sentenceCase(axis.label.replace(/ \(days\)$/, '')),
    group: GROUP_LABELS[axis.group] ?? sentenceCase(axis.group),
    help: axis.description,
    path: [...axis.path],
    kind,
    ...(axis.values ? { options: axis.values.map((v) => ({ value: v, label: optionLabel(v) })) } : {}),
    ...(axis.min === undefined ? {} : { min: axis.min }),
    ...(axis.max === undefined ? {} : { max: axis.max }),
    ...(axis.id.endsWith('_days') ? { unit: 'days' } : {}),
    default: axis.default ?? null,
    ...(when ? { when } : {}),
  };
}

function validate(text: string): { design: Design | null; validation: DesignValidation } {
  const loaded = loadDesign(text, DEFAULT_FILE);
  if (!loaded.ok) {
    return {
      design: null,
      validation: {
        valid: false,
        info: null,
        problems: loaded.errors.map((e) => ({
          message: e.message,
          path: e.path,
          line: e.line,
          column: e.column,
        })),
      },
    };
  }
  const d = loaded.design;
  return {
    design: d,
    validation: {
      valid: true,
      problems: [],
      info: { id: d.id, title: d.title, summary: d.description ?? '' },
    },
  };
}

/** The cheap half, on the service's thread: axes, presets and validation. No attack is run. */
export function createDesignEngine(): DesignEngine {
  return {
    catalog: () => ({
      axes: DESIGN_AXES.map(toContractAxis),
      presets: DESIGN_PRESETS.map((p) => ({
        id: p.id,
        title: p.title,
        summary: p.design.description ?? '',
        text: p.yaml,
      })),
    }),
    validate: (text) => validate(text).validation,
  };
}

function rankOf(categories: readonly string[]): number {
  if (categories.includes('content')) return 3;
  if (categories.includes('keys') || categories.includes('history')) return 2;
  return categories.length > 0 ? 1 : 0;
}

/** Resolves a run's step label (`steps[3]` or a step id) to its 1-based number in the attack scenario. */
function stepNumber(library: ReadonlyMap<string, LoadedScenario>, e: EngineEvidence): number | null {
  if (e.step === undefined) return null;
  const indexed = /^steps\[(\d+)\]$/.exec(e.step);
  if (indexed) return Number(indexed[1]) + 1;
  const steps = library.get(e.scenario)?.scenario.steps ?? [];
  const at = steps.findIndex((s) => s.id === e.step);
  return at < 0 ? null : at + 1;
}

function toEvidence(
  library: ReadonlyMap<string, LoadedScenario>,
  journalHash: string | undefined,
  category: string,
  e: EngineEvidence,
): Evidence {
  const hash = journalHash ? ` journal ${journalHash.slice(0, 12)}` : '';
  return {
    run: `${e.run} seed ${e.seed}${hash}`,
    step: stepNumber(library, e),
    stepLabel: e.step ?? 'set-up (before the first step)',
    event: e.event ?? null,
    detail: `${CATEGORY_WORDS[category] ?? category} — ${e.how} of ${e.item} at t=${e.t} ms (ledger observation #${e.observation})`,
  };
}

/** The engine's scorecard in the contract's shape (cells only for attacks that ran). */
export function toContractScorecard(
  card: EngineScorecard,
  library: ReadonlyMap<string, LoadedScenario>,
): Scorecard {
  const cells: ScorecardCell[] = [];
  for (const row of card.rows) {
    if (row.status !== 'ran') continue;
    for (const cell of row.cells) {
      const evidence: Evidence[] = [];
      for (const h of cell.holdings) {
        for (const [category, e] of Object.entries(h.evidence)) {
          if (e) evidence.push(toEvidence(library, row.journalHash, category, e));
        }
      }
      const what = cell.categories.map((c) => CATEGORY_WORDS[c] ?? c);
      const who = ROLE_LABELS[cell.role];
      cells.push({
        attack: row.attack,
        party: cell.role,
        mark: cell.code,
        label:
          what.length === 0
            ? `${who} ends ${row.attack} with nothing`
            : `${who} ends ${row.attack} with ${what.join(', ')}`,
        rank: rankOf(cell.categories),
        holds: [...cell.categories],
        evidence,
      });
    }
  }
  return {
    designId: card.design.id,
    title: card.design.title,
    seed: card.rows[0]?.seed ?? 0,
    digest: createHash('sha256').update(scorecardToJson(card)).digest('hex'),
    parties: card.roles.map((r) => ({ id: r, label: ROLE_LABELS[r] })),
    attacks: card.rows.map((r) => ({
      id: r.attack,
      title: r.title,
      applies: r.status === 'ran',
      reason: r.reason ?? '',
    })),
    cells,
  };
}

const SEVERITY = { error: 'high', warning: 'medium', note: 'low' } as const;

export function toContractFinding(
  f: EngineFinding,
  library: ReadonlyMap<string, LoadedScenario>,
  card: EngineScorecard,
): Finding {
  const hash = card.rows.find((r) => r.attack === f.attack)?.journalHash;
  return {
    rule: f.rule,
    title: f.title,
    severity: SEVERITY[f.severity],
    detail: f.message,
    party: f.party,
    citations: [
      {
        framework: f.citation.source,
        ref: f.citation.ref,
        title: f.citation.title ?? '',
        ...(f.citation.url ? { url: f.citation.url } : {}),
      },
    ],
    linddun: [...f.linddun],
    stride: [...f.stride],
    evidence: f.evidence.map((e) => toEvidence(library, hash, f.categories[0] ?? 'metadata', e)),
  };
}

export interface DesignEvaluatorOptions {
  /** The attack library: every *.yaml directly in this directory (the built-in scenarios/). */
  libraryDir: string;
  /** The host crypto provider (much faster in Node; agrees bit for bit with the portable one). */
  crypto?: CryptoProvider;
}

/**
 * The slow half, inside the design worker. Keeps the previous scorecard of each design id, so a form change re-runs
 * only the attacks whose overlaid scenario changed (the engine's incremental evaluation).
 */
export function createDesignEvaluator(options: DesignEvaluatorOptions): DesignEvaluator {
  const loaded = readBuiltIns(options.libraryDir).map((f) => loadScenario(f.text, f.fileName));
  const byId = new Map(loaded.map((l) => [l.scenario.id, l]));
  const previous = new Map<string, EngineScorecard>();
  let last: EngineScorecard | undefined;
  const rules = defaultRules();

  const parse = (text: string, label: string): Design => {
    const { design, validation } = validate(text);
    if (!design) {
      const p = validation.problems[0];
      const at = p?.line ? `line ${p.line}:${p.column ?? 1}: ` : '';
      throw new Error(`${label}${at}${p?.path ? `${p.path}: ` : ''}${p?.message ?? 'invalid design'}`);
    }
    return design;
  };

  const score = (
    design: Design,
    seed: number,
    onProgress: (done: number, total: number) => void,
    onRun: (attack: string) => void,
  ): EngineScorecard => {
    const before = previous.get(design.id) ?? last;
    const card = evaluateDesign(design, {
      library: loaded,
      seed,
      ...(options.crypto ? { crypto: options.crypto } : {}),
      ...(before && before.rows[0]?.seed === seed ? { previous: before } : {}),
      onProgress,
      onRun,
    });
    previous.set(design.id, card);
    last = card;
    return card;
  };

  const evaluation = (card: EngineScorecard, rerun: string[]): DesignEvaluation => ({
    scorecard: toContractScorecard(card, byId),
    findings: evaluateCompliance(card, rules).map((f) => toContractFinding(f, byId, card)),
    rerun,
    reused: card.totals.ran - rerun.length,
  });

  return {
    evaluate(text, seed, onProgress: (p: DesignProgress) => void) {
      const design = parse(text, '');
      const rerun: string[] = [];
      const card = score(
        design,
        seed,
        (done, total) => onProgress({ phase: 'Running the attack library', done, total }),
        (attack) => rerun.push(attack),
      );
      return evaluation(card, rerun);
    },
    compare(texts, seed, onProgress: (p: DesignProgress) => void): DesignComparison {
      const designs = texts.map((t, i) => parse(t, `Design ${i + 1}: `));
      const total = designs.length * loaded.length;
      const reruns: string[][] = [];
      const cards = designs.map((d, i) => {
        const rerun: string[] = [];
        const card = score(
          d,
          seed,
          (done) =>
            onProgress({
              phase: `Scoring design ${i + 1} of ${designs.length}`,
              done: i * loaded.length + done,
              total,
            }),
          (attack) => rerun.push(attack),
        );
        reruns.push(rerun);
        return card;
      });
      onProgress({ phase: 'Finding the axis behind each difference', done: total, total });
      const comparison = compareDesigns(designs, {
        library: loaded,
        seed,
        scorecards: cards,
        ...(options.crypto ? { crypto: options.crypto } : {}),
      });
      const differences: Difference[] = comparison.differences.map((d) => {
        const row = comparison.rows.find((r) => r.attack === d.attack);
        const roleIndex = comparison.roles.indexOf(d.role);
        const marks = (row?.codes ?? []).map((codes, i) =>
          row?.status[i] === 'skipped' ? 'skipped' : (codes[roleIndex] ?? '–'),
        );
        return {
          attack: d.attack,
          party: d.role,
          marks,
          axis: d.axes.length === 1 ? d.axes[0]!.axis : d.axes.map((a) => a.axis).join('+'),
          text: d.text,
        };
      });
      return {
        evaluations: cards.map((c, i) => evaluation(c, reruns[i]!)),
        differences,
      };
    },
  };
}
