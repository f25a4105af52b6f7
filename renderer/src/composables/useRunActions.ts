// Starting runs the same way from every view: start, wait for the finish event, then open the result — or say
// what went wrong and what to do. Also "compare with…": make sure both variants have a run, then open Compare.
import { ref } from 'vue';
import { errorMessage } from '../api/index.js';
import { useRouter } from '../router/router.js';
import type { RunViewName } from '../router/routes.js';
import { useRuns } from '../stores/runs.js';
import { useToasts } from '../stores/toasts.js';

export function useRunActions() {
  const runs = useRuns();
  const router = useRouter();
  const toasts = useToasts();
  const busy = ref(false);

  /** Run a library scenario (or one variant) and return the run id once it completed, else null. */
  async function runLibrary(
    id: string,
    variant: string,
    label: string,
    seed?: number,
  ): Promise<string | null> {
    busy.value = true;
    try {
      const { runId, finish } = await runs.start(
        { scenario: { kind: 'library', id }, variant, ...(seed === undefined ? {} : { seed }) },
        label,
      );
      if (finish.status !== 'completed') {
        toasts.error(`The run ${finish.status}: ${finish.message}`);
        return null;
      }
      if (finish.valid === false) toasts.info(`${label}: finished — some expectations do not hold.`);
      else toasts.success(`${label}: finished, every expectation holds.`);
      return runId;
    } catch (error) {
      toasts.error(`The run could not start: ${errorMessage(error)}`);
      return null;
    } finally {
      busy.value = false;
    }
  }

  /** Run unsaved editor text. */
  async function runText(text: string, variant: string, label: string): Promise<string | null> {
    busy.value = true;
    try {
      const { runId, finish } = await runs.start({ scenario: { kind: 'text', text }, variant }, label);
      if (finish.status !== 'completed') {
        toasts.error(`The run ${finish.status}: ${finish.message}`);
        return null;
      }
      toasts.success(`${label}: finished.`);
      return runId;
    } catch (error) {
      toasts.error(`The run could not start: ${errorMessage(error)}`);
      return null;
    } finally {
      busy.value = false;
    }
  }

  /** Run and open the result on the scenario page. */
  async function runAndOpen(id: string, variant: string, label: string, view?: RunViewName): Promise<void> {
    const runId = await runLibrary(id, variant, label);
    if (runId) {
      router.navigate({
        name: 'scenario',
        id,
        ...(variant === 'base' ? {} : { variant }),
        run: runId,
        ...(view ? { view } : {}),
      });
    }
  }

  /**
   * Compare two variants of a library scenario: reuse the newest run of each if there is one, run it otherwise,
   * then open Compare with `a` = the first variant and `b` = the second.
   */
  async function compareVariants(id: string, a: string, b: string, title: string): Promise<void> {
    await runs.load();
    const ids: string[] = [];
    for (const variant of [a, b]) {
      const existing = runs.latest(id, variant);
      const runId = existing?.id ?? (await runLibrary(id, variant, `${title} (${variant})`));
      if (!runId) return;
      ids.push(runId);
    }
    router.navigate({ name: 'compare', a: ids[0]!, b: ids[1]! });
  }

  return { busy, runLibrary, runText, runAndOpen, compareVariants };
}
