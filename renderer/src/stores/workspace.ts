// The run being looked at: fetched once, turned into a RunModel and kept out of deep reactivity (markRaw in a
// shallowRef: a journal can hold 10^4 events and Vue must not proxy each one). A few recent runs stay cached so
// switching between a variant and its comparison is instant.
import { defineStore } from 'pinia';
import { markRaw, ref, shallowRef } from 'vue';
import { errorMessage, lab } from '../api/index.js';
import { buildRunModel, type RunModel } from '../model/run-model.js';

/** Runs kept in memory besides the open one. */
const CACHE_SIZE = 4;

export const useWorkspace = defineStore('workspace', () => {
  const run = shallowRef<RunModel | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const cache = new Map<string, RunModel>();

  /** A run's model, from the cache or the service. @throws LabError / RunShapeError. */
  async function fetchRun(runId: string): Promise<RunModel> {
    const hit = cache.get(runId);
    if (hit) {
      cache.delete(runId);
      cache.set(runId, hit);
      return hit;
    }
    const record = await lab().getRun({ runId });
    const model = markRaw(buildRunModel(record));
    cache.set(runId, model);
    while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    return model;
  }

  /** Make `runId` the open run. */
  async function open(runId: string): Promise<RunModel | null> {
    if (run.value?.id === runId) return run.value;
    loading.value = true;
    error.value = null;
    try {
      const model = await fetchRun(runId);
      run.value = model;
      return model;
    } catch (e) {
      error.value = errorMessage(e);
      return null;
    } finally {
      loading.value = false;
    }
  }

  function close(): void {
    run.value = null;
    error.value = null;
  }

  /** Forget a deleted run. */
  function forget(runId: string): void {
    cache.delete(runId);
    if (run.value?.id === runId) run.value = null;
  }

  return { run, loading, error, open, close, forget, fetchRun };
});
