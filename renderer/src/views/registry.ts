// The drawn (D3) views, mounted by name, each built in renderer/src/views/<Name>View.vue on top of the pure
// drawing modules in renderer/src/d3/ and loaded when first opened. Each has its own accessible table mode
// (ViewModeToggle), so there is no separate fallback view; if a view's code fails to load, ViewLoadFailed says so.
//
// Props every run view receives (RunViewProps) and the events it may emit are declared in view-props.ts.
import { defineAsyncComponent, type Component } from 'vue';
import ViewLoadFailed from './ViewLoadFailed.vue';

export type RunDrawnView = 'network' | 'matrix' | 'party' | 'timeline';

function lazy(loader: () => Promise<Component | { default: Component }>): Component {
  return defineAsyncComponent({ loader, errorComponent: ViewLoadFailed });
}

export const RUN_VIEW_COMPONENTS: Record<RunDrawnView, Component> = {
  network: lazy(() => import('./NetworkView.vue')),
  matrix: lazy(() => import('./MatrixView.vue')),
  party: lazy(() => import('./PartyView.vue')),
  timeline: lazy(() => import('./TimelineView.vue')),
};

/** The two-run comparison (CompareView.vue); props in view-props.ts (CompareViewProps). */
export const COMPARE_VIEW_COMPONENT: Component = lazy(() => import('./CompareView.vue'));

/** Tab titles of the run views, in tab order (overview is the shell's own summary). */
export const RUN_VIEW_TITLES: Record<'overview' | RunDrawnView, string> = {
  overview: 'Overview',
  network: 'Network',
  matrix: 'Visibility matrix',
  party: 'Through their eyes',
  timeline: 'Timeline',
};
