// The drawn (D3) views, mounted by name. Each is built in renderer/src/views/<Name>View.vue on top of the pure
// drawing modules in renderer/src/d3/. Until a view exists its slot shows an accessible table fallback
// (views/fallback/). Integrating a finished view is one line: replace its `null` with the commented import.
//
// Props every run view receives (RunViewProps) and the events it may emit are declared in view-props.ts.
import { defineAsyncComponent, type Component } from 'vue';

export type RunDrawnView = 'network' | 'matrix' | 'party' | 'timeline';

export const RUN_VIEW_COMPONENTS: Record<RunDrawnView, Component | null> = {
  network: defineAsyncComponent(() => import('./NetworkView.vue')),
  matrix: defineAsyncComponent(() => import('./MatrixView.vue')),
  party: defineAsyncComponent(() => import('./PartyView.vue')),
  timeline: defineAsyncComponent(() => import('./TimelineView.vue')),
};

/** The two-run comparison (CompareView.vue); props in view-props.ts (CompareViewProps). */
export const COMPARE_VIEW_COMPONENT: Component | null = defineAsyncComponent(
  () => import('./CompareView.vue'),
);

/** Tab titles of the run views, in tab order (overview is the shell's own summary). */
export const RUN_VIEW_TITLES: Record<'overview' | RunDrawnView, string> = {
  overview: 'Overview',
  network: 'Network',
  matrix: 'Visibility matrix',
  party: 'Through their eyes',
  timeline: 'Timeline',
};
