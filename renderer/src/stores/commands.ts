// Commands that a global shortcut or the desktop menu triggers but the open view performs (run, save, export):
// the view registers a handler while it is mounted; the shell calls whatever is registered.
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';

export type CommandName = 'run' | 'save' | 'export-report';
type Handler = () => void | Promise<void>;

export const useCommands = defineStore('commands', () => {
  const handlers = shallowRef<Partial<Record<CommandName, Handler>>>({});

  /** Register a handler; returns the function that removes it (call it from onUnmounted). */
  function provide(name: CommandName, handler: Handler): () => void {
    handlers.value = { ...handlers.value, [name]: handler };
    return () => {
      if (handlers.value[name] !== handler) return;
      const { [name]: _removed, ...rest } = handlers.value;
      handlers.value = rest;
    };
  }

  /** Run the handler if a view offers one; false when none does. */
  function invoke(name: CommandName): boolean {
    const handler = handlers.value[name];
    if (!handler) return false;
    void handler();
    return true;
  }

  function has(name: CommandName): boolean {
    return handlers.value[name] !== undefined;
  }

  return { handlers, provide, invoke, has };
});
