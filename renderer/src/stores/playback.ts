// The playhead shared by every view of the open run: virtual time `t` (ms), play/pause, speed, and stepping
// between scenario steps. The Network view animates to `t`, the Timeline scrubs it, the party view shows what a
// party holds at `t`. The animation loop lives here, outside the drawing modules (which are pure functions of t).
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';

/** Virtual milliseconds per real millisecond. */
export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16] as const;
const DEFAULT_SPEED_INDEX = 3;

export const usePlayback = defineStore('playback', () => {
  const t = ref(0);
  const endT = ref(0);
  const playing = ref(false);
  const speedIndex = ref(DEFAULT_SPEED_INDEX);
  /** Times of the scenario steps, ascending (from the open run). */
  const stepTimes = ref<number[]>([]);
  let frame: number | null = null;
  let last: number | null = null;

  const speed = computed(() => SPEEDS[speedIndex.value]!);
  /** Index of the last step at or before t (-1 before the first). */
  const stepIndex = computed(() => {
    let index = -1;
    for (let i = 0; i < stepTimes.value.length; i++) if (stepTimes.value[i]! <= t.value) index = i;
    return index;
  });

  /** Point the playhead at a new run: at its end, so every answer is there until the trainer rewinds. */
  function load(run: { endTimeMs: number; steps: readonly { t: number }[] } | null): void {
    pause();
    endT.value = run?.endTimeMs ?? 0;
    stepTimes.value = (run?.steps ?? []).map((s) => s.t).sort((a, b) => a - b);
    t.value = endT.value;
  }

  function seek(next: number): void {
    t.value = Math.min(Math.max(0, next), endT.value);
  }

  function tick(now: number): void {
    if (!playing.value) return;
    if (last !== null) seek(t.value + (now - last) * speed.value);
    last = now;
    if (t.value >= endT.value) {
      pause();
      return;
    }
    frame = requestAnimationFrame(tick);
  }

  function play(): void {
    if (playing.value || endT.value <= 0) return;
    if (t.value >= endT.value) t.value = 0;
    playing.value = true;
    last = null;
    frame = requestAnimationFrame(tick);
  }

  function pause(): void {
    playing.value = false;
    last = null;
    if (frame !== null && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(frame);
    frame = null;
  }

  function toggle(): void {
    if (playing.value) pause();
    else play();
  }

  /** Jump to the next step (or the end). */
  function stepForward(): void {
    pause();
    const next = stepTimes.value.find((s) => s > t.value);
    seek(next ?? endT.value);
  }

  /** Jump to the previous step (or the start). */
  function stepBack(): void {
    pause();
    const earlier = stepTimes.value.filter((s) => s < t.value);
    seek(earlier.length > 0 ? earlier[earlier.length - 1]! : 0);
  }

  function faster(): void {
    speedIndex.value = Math.min(SPEEDS.length - 1, speedIndex.value + 1);
  }
  function slower(): void {
    speedIndex.value = Math.max(0, speedIndex.value - 1);
  }

  return {
    t,
    endT,
    playing,
    speed,
    speedIndex,
    stepTimes,
    stepIndex,
    load,
    seek,
    play,
    pause,
    toggle,
    stepForward,
    stepBack,
    faster,
    slower,
  };
});
