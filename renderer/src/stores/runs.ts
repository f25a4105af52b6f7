// Runs: the history list from the service, the runs in progress with their progress events, and starting or
// cancelling a run. `start` returns once the run has finished (or failed), so a view can open the result; the
// finish event may arrive before startRun's answer, so finishes are remembered by run id.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { CallArgsInput, EventPayload, RunSummary } from '../../../electron/contract.js';
import { errorMessage, lab, labAvailable } from '../api/index.js';

export interface ActiveRunState {
  runId: string;
  label: string;
  phase: string;
  done: number;
  total: number;
}

export type RunFinish = EventPayload<'runFinished'>;

/** How many history rows the Runs view asks for at once. */
export const HISTORY_PAGE = 200;

export const useRuns = defineStore('runs', () => {
  const history = ref<RunSummary[]>([]);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const active = ref<Record<string, ActiveRunState>>({});
  const finished = new Map<string, RunFinish>();
  const waiters = new Map<string, (finish: RunFinish) => void>();
  let subscribed = false;

  const activeList = computed(() => Object.values(active.value));

  function subscribe(): void {
    if (subscribed || !labAvailable()) return;
    subscribed = true;
    lab().on('runProgress', (p) => {
      const current = active.value[p.runId];
      active.value = {
        ...active.value,
        [p.runId]: {
          runId: p.runId,
          label: current?.label ?? 'Run',
          phase: p.phase,
          done: p.done,
          total: p.total,
        },
      };
    });
    lab().on('runFinished', (f) => {
      const { [f.runId]: _gone, ...rest } = active.value;
      active.value = rest;
      const waiter = waiters.get(f.runId);
      if (waiter) {
        waiters.delete(f.runId);
        waiter(f);
      } else {
        finished.set(f.runId, f);
      }
      void load();
    });
  }

  async function load(): Promise<void> {
    if (!labAvailable()) return;
    subscribe();
    loading.value = true;
    try {
      history.value = await lab().listRuns({ limit: HISTORY_PAGE });
      error.value = null;
    } catch (e) {
      error.value = errorMessage(e);
    } finally {
      loading.value = false;
    }
  }

  /** Resolves when the run ends, however it ends. */
  function whenFinished(runId: string): Promise<RunFinish> {
    const done = finished.get(runId);
    if (done) {
      finished.delete(runId);
      return Promise.resolve(done);
    }
    return new Promise((resolve) => waiters.set(runId, resolve));
  }

  /**
   * Start a run and wait for it. The event stream is made ready first so the finish cannot be missed.
   * @throws LabError when the service refuses the run (e.g. an invalid scenario).
   */
  async function start(
    args: CallArgsInput<'startRun'>,
    label: string,
  ): Promise<{ runId: string; finish: RunFinish }> {
    subscribe();
    await lab()
      .eventsReady()
      .catch(() => {});
    const { runId } = await lab().startRun(args);
    if (!finished.has(runId)) {
      // Progress may already have arrived (events can beat the call's answer): keep it, add the label.
      const seen = active.value[runId];
      active.value = {
        ...active.value,
        [runId]: {
          runId,
          label,
          phase: seen?.phase ?? 'queued',
          done: seen?.done ?? 0,
          total: seen?.total ?? 0,
        },
      };
    }
    const finish = await whenFinished(runId);
    return { runId, finish };
  }

  async function cancel(runId: string): Promise<boolean> {
    const { cancelled } = await lab().cancelRun({ runId });
    return cancelled;
  }

  async function remove(runId: string): Promise<void> {
    await lab().deleteRun({ runId });
    history.value = history.value.filter((r) => r.id !== runId);
  }

  /** The newest stored run of a scenario variant, if any (from the loaded history). */
  function latest(scenarioId: string, variant: string): RunSummary | undefined {
    return history.value.find((r) => r.scenarioId === scenarioId && r.variant === variant);
  }

  return {
    history,
    loading,
    error,
    active,
    activeList,
    load,
    start,
    cancel,
    remove,
    latest,
    whenFinished,
    subscribe,
  };
});
