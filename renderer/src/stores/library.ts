// The scenario library: entries from the service, each scenario's parsed meta (parties and defences, for the
// filters; fetched in the background), and the current search and filters. Reloads when the service says the
// library changed (a save or delete, possibly from another window).
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, triggerRef } from 'vue';
import type { LibraryEntry } from '../../../electron/contract.js';
import { errorMessage, lab, labAvailable } from '../api/index.js';
import { EMPTY_FILTER, filterLibrary, libraryFacets, type LibraryFilter } from '../model/library-filter.js';
import { scenarioMeta, type ScenarioMeta } from '../model/scenario-meta.js';

/** Scenario texts fetched at once while filling in meta: small, so a big library does not flood the host. */
const META_CONCURRENCY = 4;

export const useLibrary = defineStore('library', () => {
  const entries = ref<LibraryEntry[]>([]);
  /** id → meta; a shallowRef over a Map, triggered by hand after each batch. */
  const metas = shallowRef(new Map<string, ScenarioMeta>());
  const texts = new Map<string, { updatedAt: number | null; text: string }>();
  const filter = ref<LibraryFilter>({ ...EMPTY_FILTER });
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<string | null>(null);
  let subscribed = false;

  const visible = computed(() => filterLibrary(entries.value, metas.value, filter.value));
  const facets = computed(() => libraryFacets(entries.value, metas.value));

  function byId(id: string): LibraryEntry | undefined {
    return entries.value.find((e) => e.id === id);
  }

  /** A scenario's text (cached per version). */
  async function text(id: string): Promise<string> {
    const entry = byId(id);
    const cached = texts.get(id);
    if (cached && entry && cached.updatedAt === entry.updatedAt) return cached.text;
    const got = await lab().getScenario({ id });
    texts.set(id, { updatedAt: got.entry.updatedAt, text: got.text });
    const next = new Map(metas.value);
    next.set(id, scenarioMeta(got.text));
    metas.value = next;
    return got.text;
  }

  async function fillMeta(): Promise<void> {
    const missing = entries.value.filter((e) => {
      const cached = texts.get(e.id);
      return !cached || cached.updatedAt !== e.updatedAt;
    });
    let index = 0;
    const worker = async () => {
      while (index < missing.length) {
        const entry = missing[index++]!;
        try {
          await text(entry.id);
        } catch {
          // A scenario whose text cannot be read still lists; it just has no party/defence facets.
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(META_CONCURRENCY, missing.length) }, worker));
    triggerRef(metas);
  }

  async function load(): Promise<void> {
    if (!labAvailable()) return;
    if (!subscribed) {
      subscribed = true;
      lab().on('libraryChanged', () => void load());
    }
    loading.value = true;
    error.value = null;
    try {
      entries.value = await lab().listLibrary({});
      loaded.value = true;
    } catch (e) {
      error.value = errorMessage(e);
    } finally {
      loading.value = false;
    }
    await fillMeta();
  }

  function setFilter(patch: Partial<LibraryFilter>): void {
    filter.value = { ...filter.value, ...patch };
  }

  function clearFilter(): void {
    filter.value = { ...EMPTY_FILTER };
  }

  return {
    entries,
    metas,
    filter,
    visible,
    facets,
    loading,
    loaded,
    error,
    byId,
    text,
    load,
    setFilter,
    clearFilter,
  };
});
