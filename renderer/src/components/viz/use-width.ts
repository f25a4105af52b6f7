// The width of an element as a ref, following resizes (one ResizeObserver, coalesced to animation frames), so a
// drawing lays out for the space it has and re-lays out only when that changes — never on scrub.
import { onMounted, onUnmounted, ref, type Ref } from 'vue';

export function useWidth(el: Ref<HTMLElement | null>, fallback = 1100): Ref<number> {
  const width = ref(fallback);
  let observer: ResizeObserver | null = null;
  let frame = 0;
  onMounted(() => {
    const target = el.value;
    if (!target) return;
    width.value = Math.round(target.clientWidth) || fallback;
    if (typeof ResizeObserver === 'undefined') return;
    observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const w = Math.round(target.clientWidth);
        if (w > 0 && Math.abs(w - width.value) >= 4) width.value = w;
      });
    });
    observer.observe(target);
  });
  onUnmounted(() => {
    observer?.disconnect();
    cancelAnimationFrame(frame);
  });
  return width;
}
