// The props and events of the drawn views (Network, Matrix, Party, Timeline, Compare), so the shell and the views
// agree on one interface. The shell owns the playhead (stores/playback.ts), the selected party (in the route),
// presenter spoilers (stores/presenter.ts) and the theme; views draw from these and report user choices back.
import type { RunComparison } from '../../../electron/contract.js';
import type { RunModel } from '../model/run-model.js';

export interface RunViewProps {
  /** The open run (markRaw: do not make it deeply reactive). */
  run: RunModel;
  /** Playhead in virtual ms; views show the state at this time. */
  t: number;
  /** Selected party id (party view, network highlight), or null. */
  party: string | null;
  /** Presenter mode with answers still covered: do not show who sees what (levels, contents) yet. */
  spoilersHidden: boolean;
  theme: 'light' | 'dark';
}

/** Events a run view may emit (the shell updates the route / playhead). */
export interface RunViewEmits {
  'select-party': [party: string];
  seek: [t: number];
}

export interface CompareViewProps {
  /** Before (e.g. the scenario as written). */
  a: RunModel;
  /** After (e.g. with a defence switched on). */
  b: RunModel;
  /** The service's comparison: expectation changes and the ledger diff (simulator/ledger/diff.ts MatrixDiff). */
  comparison: RunComparison;
  spoilersHidden: boolean;
  theme: 'light' | 'dark';
}

/**
 * Exportable drawings: the shell's "Export SVG/PNG" takes the first `svg[data-export]` inside the active view
 * (or else the largest <svg>); set `data-export="network"` etc. on the root <svg> of a drawing.
 */
export const EXPORT_ATTRIBUTE = 'data-export';
