// What the UI needs from a scenario's YAML beyond the library entry: its parties and their kinds (for the party
// filter and the network's trust boundaries), its defences (the defence filter and toggles), its steps' trainer
// notes (timeline narration) and its variants' notes. Read leniently from the text with the `yaml` parser: the
// service has already validated it, and a half-typed editor buffer must not throw here.
import { parse } from 'yaml';

export interface PartyMeta {
  readonly id: string;
  readonly kind: string;
  /** Display name, when the scenario gives one (e.g. `WhatsApp chat server`). */
  readonly name?: string;
}

export interface ReferenceMeta {
  readonly title: string;
  readonly url: string | null;
  readonly note: string | null;
}

export interface DefenceMeta {
  readonly id: string;
  readonly kind: string;
  /** The party it protects, when the scenario says. */
  readonly party: string | null;
  readonly enabled: boolean;
}

export interface StepMeta {
  /** `steps[3]`: the step's place in the file (journal `step` events use its `id` instead when it has one). */
  readonly path: string;
  readonly id: string | null;
  /** The action's key, e.g. `send`, `sim-swap`. */
  readonly action: string;
  readonly note: string | null;
}

export interface VariantMeta {
  readonly id: string;
  readonly title: string;
  readonly note: string | null;
  readonly enable: readonly string[];
  readonly disable: readonly string[];
}

export interface ScenarioMeta {
  readonly id: string | null;
  readonly title: string | null;
  readonly summary: string | null;
  readonly notes: string | null;
  readonly tags: readonly string[];
  readonly parties: readonly PartyMeta[];
  readonly defences: readonly DefenceMeta[];
  readonly steps: readonly StepMeta[];
  readonly variants: readonly VariantMeta[];
  /** Sources the scenario cites. */
  readonly references: readonly ReferenceMeta[];
}

export const EMPTY_META: ScenarioMeta = {
  id: null,
  title: null,
  summary: null,
  notes: null,
  tags: [],
  parties: [],
  defences: [],
  steps: [],
  variants: [],
  references: [],
};

type Loose = Record<string, unknown>;

function isRecord(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function str(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}
function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
function strings(value: unknown): string[] {
  return list(value).filter((v): v is string => typeof v === 'string');
}

const STEP_COMMON = new Set(['id', 'at', 'note']);

/** Parse the parts of a scenario the UI shows; anything unreadable is left out rather than thrown. */
export function scenarioMeta(text: string): ScenarioMeta {
  let doc: unknown;
  try {
    doc = parse(text, { maxAliasCount: 100 });
  } catch {
    return EMPTY_META;
  }
  if (!isRecord(doc)) return EMPTY_META;
  const parties: PartyMeta[] = [];
  for (const p of list(doc.parties)) {
    if (!isRecord(p) || !str(p.id) || !str(p.kind)) continue;
    const name = str(p.name);
    parties.push(
      name
        ? { id: p.id as string, kind: p.kind as string, name }
        : { id: p.id as string, kind: p.kind as string },
    );
  }
  const defences: DefenceMeta[] = [];
  for (const d of list(doc.defences)) {
    if (!isRecord(d) || !str(d.id) || !str(d.kind)) continue;
    defences.push({
      id: d.id as string,
      kind: d.kind as string,
      party: str(d.party),
      enabled: d.enabled !== false,
    });
  }
  const steps: StepMeta[] = list(doc.steps).map((s, index) => {
    const record = isRecord(s) ? s : {};
    const action = Object.keys(record).find((k) => !STEP_COMMON.has(k)) ?? 'unknown';
    return { path: `steps[${index}]`, id: str(record.id), action, note: str(record.note) };
  });
  const variants: VariantMeta[] = [];
  for (const v of list(doc.variants)) {
    if (!isRecord(v) || !str(v.id)) continue;
    variants.push({
      id: v.id as string,
      title: str(v.title) ?? (v.id as string),
      note: str(v.note),
      enable: strings(v.enable),
      disable: strings(v.disable),
    });
  }
  const references: ReferenceMeta[] = [];
  for (const r of list(doc.references)) {
    if (isRecord(r) && str(r.title))
      references.push({ title: r.title as string, url: str(r.url), note: str(r.note) });
  }
  return {
    id: str(doc.id),
    title: str(doc.title),
    summary: str(doc.summary),
    notes: str(doc.notes),
    tags: strings(doc.tags),
    parties,
    defences,
    steps,
    variants,
    references,
  };
}

/** Defence ids switched on in a variant (`base`: those enabled as written). */
export function defencesOn(meta: ScenarioMeta, variant: string): Set<string> {
  const on = new Set(meta.defences.filter((d) => d.enabled).map((d) => d.id));
  const v = meta.variants.find((x) => x.id === variant);
  if (v) {
    for (const id of v.enable) on.add(id);
    for (const id of v.disable) on.delete(id);
  }
  return on;
}
