// Short messages for the user: what finished, what failed and what to do next. Announced to screen readers by the
// toast host's live region; errors stay until dismissed, the rest fade after a few seconds.
import { defineStore } from 'pinia';
import { ref } from 'vue';

export interface Toast {
  id: number;
  kind: 'info' | 'success' | 'error';
  text: string;
}

const AUTO_DISMISS_MS = 6000;

export const useToasts = defineStore('toasts', () => {
  const toasts = ref<Toast[]>([]);
  let next = 1;

  function dismiss(id: number): void {
    toasts.value = toasts.value.filter((t) => t.id !== id);
  }

  function push(kind: Toast['kind'], text: string): number {
    const id = next++;
    toasts.value = [...toasts.value.slice(-4), { id, kind, text }];
    if (kind !== 'error') setTimeout(() => dismiss(id), AUTO_DISMISS_MS);
    return id;
  }

  return {
    toasts,
    dismiss,
    info: (text: string) => push('info', text),
    success: (text: string) => push('success', text),
    error: (text: string) => push('error', text),
  };
});
