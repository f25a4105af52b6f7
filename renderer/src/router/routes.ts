// The app's places, kept in the URL hash so reloads, the back button and bookmarks work in both hosts (the
// desktop app serves one page from app://; browser mode serves one page from the web host). Pure parse/format.

/** The drawn views of a run, mounted by name (views/registry.ts). */
export const RUN_VIEWS = ['overview', 'network', 'matrix', 'party', 'timeline'] as const;
export type RunViewName = (typeof RUN_VIEWS)[number];

export type Route =
  | { name: 'library' }
  | { name: 'scenario'; id: string; variant?: string; run?: string; view?: RunViewName; party?: string }
  | { name: 'run'; runId: string; view?: RunViewName; party?: string }
  | { name: 'editor'; id?: string }
  | { name: 'runs'; scenario?: string }
  | { name: 'compare'; a?: string; b?: string }
  | { name: 'architect'; id?: string };

export type RouteName = Route['name'];

const SAFE = /^[A-Za-z0-9._:-]{1,200}$/;

function safe(value: string | null | undefined): string | undefined {
  return value && SAFE.test(value) ? value : undefined;
}

function view(value: string | null): RunViewName | undefined {
  return (RUN_VIEWS as readonly string[]).includes(value ?? '') ? (value as RunViewName) : undefined;
}

function withOptional<T extends object>(base: T, extra: Record<string, string | undefined>): T {
  const out = { ...base } as Record<string, unknown>;
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) out[k] = v;
  return out as T;
}

/** `#/scenario/sim-swap?variant=with-2sv&view=matrix` → a Route; anything unknown is the library. */
export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [pathPart = '', queryPart = ''] = raw.split('?', 2);
  const segments = pathPart
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return '';
      }
    });
  const q = new URLSearchParams(queryPart);
  switch (segments[0]) {
    case 'scenario': {
      const id = safe(segments[1]);
      if (!id) return { name: 'library' };
      return withOptional(
        { name: 'scenario' as const, id },
        {
          variant: safe(q.get('variant')),
          run: safe(q.get('run')),
          view: view(q.get('view')),
          party: safe(q.get('party')),
        },
      );
    }
    case 'run': {
      const runId = safe(segments[1]);
      if (!runId) return { name: 'runs' };
      return withOptional(
        { name: 'run' as const, runId },
        { view: view(q.get('view')), party: safe(q.get('party')) },
      );
    }
    case 'editor':
      return withOptional({ name: 'editor' as const }, { id: safe(segments[1]) });
    case 'runs':
      return withOptional({ name: 'runs' as const }, { scenario: safe(q.get('scenario')) });
    case 'compare':
      return withOptional({ name: 'compare' as const }, { a: safe(q.get('a')), b: safe(q.get('b')) });
    case 'architect':
      return withOptional({ name: 'architect' as const }, { id: safe(segments[1]) });
    default:
      return { name: 'library' };
  }
}

function query(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The hash for a route (inverse of parseHash). */
export function formatRoute(route: Route): string {
  switch (route.name) {
    case 'library':
      return '#/library';
    case 'scenario':
      return `#/scenario/${encodeURIComponent(route.id)}${query({ variant: route.variant, run: route.run, view: route.view, party: route.party })}`;
    case 'run':
      return `#/run/${encodeURIComponent(route.runId)}${query({ view: route.view, party: route.party })}`;
    case 'editor':
      return route.id ? `#/editor/${encodeURIComponent(route.id)}` : '#/editor';
    case 'runs':
      return `#/runs${query({ scenario: route.scenario })}`;
    case 'compare':
      return `#/compare${query({ a: route.a, b: route.b })}`;
    case 'architect':
      return route.id ? `#/architect/${encodeURIComponent(route.id)}` : '#/architect';
  }
}

/** Which top-level section a route belongs to (for the navigation bar). */
export function sectionOf(
  route: Route,
): 'library' | 'scenario' | 'editor' | 'runs' | 'compare' | 'architect' {
  return route.name === 'run' ? 'scenario' : route.name;
}
