// Presenter mode: full screen, large type, and spoilers. While presenting, everything that answers "who sees
// what" (expectation results, matrix cells, party views…) stays hidden until the trainer reveals it, one panel
// at a time (click) or all at once (R). Views ask `hidden(key)`; D3 views get the same answer as a prop.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';

export const usePresenter = defineStore('presenter', () => {
  const active = ref(false);
  const revealed = ref<ReadonlySet<string>>(new Set());
  const revealedAll = ref(false);
  const fullscreen = ref(false);

  /** Whether the panel `key` must be covered now. */
  function hidden(key: string): boolean {
    return active.value && !revealedAll.value && !revealed.value.has(key);
  }

  function reveal(key: string): void {
    revealed.value = new Set([...revealed.value, key]);
  }

  function revealAll(): void {
    revealedAll.value = true;
  }

  /** Cover every answer again (a new question for the room). */
  function hideAll(): void {
    revealedAll.value = false;
    revealed.value = new Set();
  }

  async function enterFullscreen(): Promise<void> {
    if (typeof document === 'undefined' || !document.documentElement.requestFullscreen) return;
    if (document.fullscreenElement) return;
    try {
      await document.documentElement.requestFullscreen();
    } catch {
      // Refused (no user gesture, or the desktop host denies the permission): presenter mode works windowed.
    }
  }

  async function exitFullscreen(): Promise<void> {
    if (typeof document === 'undefined' || !document.fullscreenElement) return;
    try {
      await document.exitFullscreen();
    } catch {
      // Already left.
    }
  }

  function apply(): void {
    if (typeof document === 'undefined') return;
    document.documentElement.classList.toggle('presenter', active.value);
  }

  async function set(on: boolean): Promise<void> {
    active.value = on;
    hideAll();
    apply();
    if (on) await enterFullscreen();
    else await exitFullscreen();
  }

  function toggle(): Promise<void> {
    return set(!active.value);
  }

  function trackFullscreen(): void {
    if (typeof document === 'undefined') return;
    document.addEventListener('fullscreenchange', () => {
      fullscreen.value = document.fullscreenElement !== null;
    });
  }

  const anyHidden = computed(() => active.value && !revealedAll.value);

  return {
    active,
    revealed,
    revealedAll,
    fullscreen,
    anyHidden,
    hidden,
    reveal,
    revealAll,
    hideAll,
    set,
    toggle,
    trackFullscreen,
  };
});
