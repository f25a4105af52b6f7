// How much larger than normal the page's type is (presenter mode sets a larger root font size). Drawings lay out
// for width / scale and are shown at full width, so their labels grow with the rest of the page on a projector.
import { onMounted, onUnmounted, ref, type Ref } from 'vue';

/** The root font size the drawings' label sizes were chosen for (styles/base.css). */
const BASE_FONT_PX = 17;

export function useTypeScale(): Ref<number> {
  const scale = ref(1);
  let observer: MutationObserver | null = null;
  const read = () => {
    const px = Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || BASE_FONT_PX;
    const next = Math.round((px / BASE_FONT_PX) * 100) / 100;
    if (next !== scale.value) scale.value = next;
  };
  onMounted(() => {
    read();
    observer = new MutationObserver(read);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'style'] });
  });
  onUnmounted(() => observer?.disconnect());
  return scale;
}
