// The current route as reactive state, synchronised with location.hash. One instance per app (a Pinia store), so
// views and shortcuts navigate the same way.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { formatRoute, parseHash, sectionOf, type Route } from './routes.js';

export const useRouter = defineStore('router', () => {
  const route = ref<Route>(parseHash(typeof location === 'undefined' ? '' : location.hash));
  /** The last scenario or run page visited, for the "Scenario" navigation item. */
  const lastWorkspace = ref<Route | null>(
    route.value.name === 'scenario' || route.value.name === 'run' ? route.value : null,
  );
  const section = computed(() => sectionOf(route.value));

  function apply(next: Route): void {
    route.value = next;
    if (next.name === 'scenario' || next.name === 'run') lastWorkspace.value = next;
  }

  /** Go to a route (adds a history entry unless `replace`). */
  function navigate(next: Route, options: { replace?: boolean } = {}): void {
    const hash = formatRoute(next);
    apply(next);
    if (typeof location === 'undefined' || location.hash === hash) return;
    if (options.replace) history.replaceState(null, '', hash);
    else history.pushState(null, '', hash);
  }

  /** Merge fields into the current route without a new history entry (tabs, selections). */
  function update(patch: Partial<Record<string, string | undefined>>): void {
    const merged = { ...route.value, ...patch } as Record<string, unknown>;
    for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k];
    navigate(merged as Route, { replace: true });
  }

  function listen(): () => void {
    const onChange = () => apply(parseHash(location.hash));
    window.addEventListener('hashchange', onChange);
    window.addEventListener('popstate', onChange);
    return () => {
      window.removeEventListener('hashchange', onChange);
      window.removeEventListener('popstate', onChange);
    };
  }

  return { route, section, lastWorkspace, navigate, update, listen };
});
