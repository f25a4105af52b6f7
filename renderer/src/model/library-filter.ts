// Search and facet filters of the scenario library, as pure functions so the Library view stays a thin shell and
// the rules are unit-tested: every search word must match somewhere; every selected tag, party kind and defence
// kind must be present (filters narrow, they never widen).
import type { LibraryEntry } from '../../../electron/contract.js';
import type { ScenarioMeta } from './scenario-meta.js';

export interface LibraryFilter {
  query: string;
  tags: readonly string[];
  /** Party kinds, e.g. `attacker`, `cloud-api`. */
  parties: readonly string[];
  /** Defence kinds, e.g. `two-step-verification`. */
  defences: readonly string[];
  source: 'all' | 'builtin' | 'user';
}

export const EMPTY_FILTER: LibraryFilter = { query: '', tags: [], parties: [], defences: [], source: 'all' };

export interface Facet {
  readonly value: string;
  /** How many entries have it. */
  readonly count: number;
}

export interface LibraryFacets {
  readonly tags: readonly Facet[];
  readonly parties: readonly Facet[];
  readonly defences: readonly Facet[];
}

function partyKinds(meta: ScenarioMeta | undefined): string[] {
  return [...new Set((meta?.parties ?? []).map((p) => p.kind))];
}
function defenceKinds(meta: ScenarioMeta | undefined): string[] {
  return [...new Set((meta?.defences ?? []).map((d) => d.kind))];
}

function count(values: Iterable<string[]>): Facet[] {
  const counts = new Map<string, number>();
  for (const list of values) for (const v of list) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()]
    .map(([value, n]) => ({ value, count: n }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

/** The values each filter can take, with counts, most common first. */
export function libraryFacets(
  entries: readonly LibraryEntry[],
  metas: ReadonlyMap<string, ScenarioMeta>,
): LibraryFacets {
  return {
    tags: count(entries.map((e) => [...new Set(e.tags)])),
    parties: count(entries.map((e) => partyKinds(metas.get(e.id)))),
    defences: count(entries.map((e) => defenceKinds(metas.get(e.id)))),
  };
}

/** Lower-cased text a search word may match: title, id, summary, tags, variant titles, parties, defences. */
export function searchText(entry: LibraryEntry, meta: ScenarioMeta | undefined): string {
  return [
    entry.title,
    entry.id,
    entry.summary,
    ...entry.tags,
    ...entry.variants.map((v) => v.title),
    ...(meta?.parties ?? []).flatMap((p) => [p.id, p.kind]),
    ...(meta?.defences ?? []).flatMap((d) => [d.id, d.kind]),
  ]
    .join('\n')
    .toLowerCase();
}

/** Entries passing the filter, in library order. */
export function filterLibrary(
  entries: readonly LibraryEntry[],
  metas: ReadonlyMap<string, ScenarioMeta>,
  filter: LibraryFilter,
): LibraryEntry[] {
  const words = filter.query
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w.length > 0);
  return entries.filter((entry) => {
    if (filter.source !== 'all' && entry.source !== filter.source) return false;
    const meta = metas.get(entry.id);
    if (!filter.tags.every((t) => entry.tags.includes(t))) return false;
    const kinds = partyKinds(meta);
    if (!filter.parties.every((k) => kinds.includes(k))) return false;
    const defences = defenceKinds(meta);
    if (!filter.defences.every((k) => defences.includes(k))) return false;
    if (words.length === 0) return true;
    const text = searchText(entry, meta);
    return words.every((w) => text.includes(w));
  });
}

/** Whether any filter is set (to offer "clear filters"). */
export function filterActive(filter: LibraryFilter): boolean {
  return (
    filter.query.trim().length > 0 ||
    filter.tags.length + filter.parties.length + filter.defences.length > 0 ||
    filter.source !== 'all'
  );
}

/** Add `value` to a selection if absent, remove it if present. */
export function toggleValue(list: readonly string[], value: string): string[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}
