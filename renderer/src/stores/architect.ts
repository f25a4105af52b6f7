// The Architect view's state: the axis catalog and presets, the design library, the design being edited (its YAML
// text is the one source of truth; the form reads and writes it through design-yaml.ts), its validation, the live
// evaluation with progress, and the comparison set. Every text change is validated and, when valid, re-evaluated
// after a short pause; the service re-runs only the attacks the change affects and answers an overtaken request
// with `conflict`, which is not an error here. The current text is also kept in sessionStorage, so a reload keeps
// what the user typed even when it was never saved.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type {
  DesignAxis,
  DesignComparison,
  DesignEntry,
  DesignEvaluation,
  DesignProblem,
} from '../../../electron/contract-design.js';
import { errorMessage, lab, LabError } from '../api/index.js';
import { COMPARE_MAX } from '../../../electron/contract-design.js';

/** Pause after the last change before evaluating, ms (typing in a number field should not start ten runs). */
const EVALUATE_DELAY_MS = 350;
const DRAFT_KEY = 'sightline.architect.draft';

export interface CompareSlot {
  /** Where the design comes from: a library id, or `current` for the design being edited. */
  source: string;
  title: string;
  text: string;
}

export interface Progress {
  phase: string;
  done: number;
  total: number;
}

let requestSeq = 0;
function requestId(kind: string): string {
  requestSeq += 1;
  return `${kind}-${requestSeq}-${Math.floor(performance.now())}`;
}

/** The tab's session storage (typed here so the store also type-checks in the Node test project). */
interface DraftStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}
const session = (): DraftStorage | undefined =>
  (globalThis as { sessionStorage?: DraftStorage }).sessionStorage;

function readDraft(): { text: string; origin: string | null } | null {
  try {
    const raw = session()?.getItem(DRAFT_KEY);
    return raw ? (JSON.parse(raw) as { text: string; origin: string | null }) : null;
  } catch {
    return null;
  }
}

export const useArchitect = defineStore('architect', () => {
  const axes = shallowRef<DesignAxis[]>([]);
  const presets = shallowRef<(DesignEntry & { text: string })[]>([]);
  const library = ref<DesignEntry[]>([]);
  const loaded = ref(false);
  const loadError = ref<string | null>(null);

  const text = ref('');
  /** The library id the text was loaded from (null: imported or new). */
  const origin = ref<string | null>(null);
  const problems = ref<DesignProblem[]>([]);
  const valid = ref(false);
  const designTitle = ref('');
  const designId = ref('');

  const evaluation = shallowRef<DesignEvaluation | null>(null);
  /** The text the shown evaluation belongs to (it may lag behind `text` while re-evaluating). */
  const evaluatedText = ref('');
  const evaluating = ref(false);
  const progress = ref<Progress | null>(null);
  const evalError = ref<string | null>(null);
  let currentRequest: string | null = null;

  const slots = ref<CompareSlot[]>([]);
  const comparison = shallowRef<DesignComparison | null>(null);
  const comparing = ref(false);
  const compareProgress = ref<Progress | null>(null);
  const compareError = ref<string | null>(null);
  let compareRequest: string | null = null;

  let timer: ReturnType<typeof setTimeout> | null = null;
  let subscribed = false;
  let validateSeq = 0;

  const stale = computed(() => evaluation.value !== null && evaluatedText.value !== text.value);

  function subscribe(): void {
    if (subscribed) return;
    subscribed = true;
    lab().on('designProgress', (p) => {
      if (p.requestId === currentRequest) progress.value = { phase: p.phase, done: p.done, total: p.total };
      if (p.requestId === compareRequest)
        compareProgress.value = { phase: p.phase, done: p.done, total: p.total };
    });
    lab().on('designLibraryChanged', () => void refreshLibrary());
  }

  async function refreshLibrary(): Promise<void> {
    library.value = await lab().listDesigns({});
  }

  /** Load the catalog and library; open `id` (or the draft of this tab, or the first preset). */
  async function load(id?: string): Promise<void> {
    subscribe();
    try {
      if (!loaded.value) {
        const catalog = await lab().getDesignCatalog({});
        axes.value = catalog.axes;
        presets.value = catalog.presets;
        await refreshLibrary();
        loaded.value = true;
      }
      loadError.value = null;
    } catch (error) {
      loadError.value = errorMessage(error);
      return;
    }
    if (id && id !== origin.value) {
      await open(id);
      return;
    }
    if (text.value) return;
    const draft = readDraft();
    if (draft) {
      origin.value = draft.origin;
      setText(draft.text);
    } else if (presets.value[0]) await open(presets.value[0].id);
  }

  async function open(id: string): Promise<void> {
    try {
      const got = await lab().getDesign({ id });
      origin.value = id;
      setText(got.text);
    } catch (error) {
      loadError.value = errorMessage(error);
    }
  }

  /** Replace the text (form, YAML pane, import); validates and schedules an evaluation. */
  function setText(next: string, from: string | null = origin.value): void {
    text.value = next;
    origin.value = from;
    try {
      session()?.setItem(DRAFT_KEY, JSON.stringify({ text: next, origin: from }));
    } catch {
      // Storage full or disabled: the draft just does not survive a reload.
    }
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void validateAndEvaluate(), EVALUATE_DELAY_MS);
  }

  async function validate(candidate: string): Promise<DesignProblem[]> {
    const seq = ++validateSeq;
    const outcome = await lab().validateDesign({ text: candidate });
    if (seq === validateSeq && candidate === text.value) {
      problems.value = outcome.problems;
      valid.value = outcome.valid;
      if (outcome.design) {
        designTitle.value = outcome.design.title;
        designId.value = outcome.design.id;
      }
    }
    return outcome.problems;
  }

  async function validateAndEvaluate(): Promise<void> {
    const candidate = text.value;
    try {
      await validate(candidate);
    } catch (error) {
      evalError.value = errorMessage(error);
      return;
    }
    if (valid.value && candidate === text.value) await evaluate(candidate);
  }

  async function evaluate(candidate: string): Promise<void> {
    const id = requestId('eval');
    currentRequest = id;
    evaluating.value = true;
    progress.value = null;
    try {
      const result = await lab().evaluateDesign({ text: candidate, requestId: id });
      if (currentRequest !== id) return;
      evaluation.value = result;
      evaluatedText.value = candidate;
      evalError.value = null;
    } catch (error) {
      // Overtaken by a newer request: that one will answer.
      if (error instanceof LabError && error.code === 'conflict') return;
      if (currentRequest === id) evalError.value = errorMessage(error);
    } finally {
      if (currentRequest === id) {
        evaluating.value = false;
        progress.value = null;
      }
    }
  }

  async function save(): Promise<DesignEntry> {
    const entry = await lab().saveDesign({ text: text.value });
    origin.value = entry.id;
    await refreshLibrary();
    return entry;
  }

  async function remove(id: string): Promise<void> {
    await lab().deleteDesign({ id });
    if (origin.value === id) origin.value = null;
    await refreshLibrary();
  }

  async function textOf(source: string): Promise<{ title: string; text: string }> {
    if (source === 'current') return { title: designTitle.value || 'This design', text: text.value };
    const got = await lab().getDesign({ id: source });
    return { title: got.entry.title, text: got.text };
  }

  /** Add a design to the comparison (at most COMPARE_MAX). */
  async function addToCompare(source: string): Promise<void> {
    if (slots.value.length >= COMPARE_MAX) return;
    const got = await textOf(source);
    slots.value = [...slots.value, { source, ...got }];
    comparison.value = null;
  }

  function removeFromCompare(index: number): void {
    slots.value = slots.value.filter((_, i) => i !== index);
    comparison.value = null;
  }

  async function compare(): Promise<void> {
    if (slots.value.length < 2) return;
    const id = requestId('cmp');
    compareRequest = id;
    comparing.value = true;
    compareError.value = null;
    compareProgress.value = null;
    try {
      comparison.value = await lab().compareDesigns({ texts: slots.value.map((s) => s.text), requestId: id });
    } catch (error) {
      compareError.value = errorMessage(error);
    } finally {
      comparing.value = false;
      compareProgress.value = null;
    }
  }

  return {
    axes,
    presets,
    library,
    loaded,
    loadError,
    text,
    origin,
    problems,
    valid,
    designTitle,
    designId,
    evaluation,
    evaluating,
    progress,
    evalError,
    stale,
    slots,
    comparison,
    comparing,
    compareProgress,
    compareError,
    load,
    open,
    setText,
    validate,
    save,
    remove,
    addToCompare,
    removeFromCompare,
    compare,
  };
});
