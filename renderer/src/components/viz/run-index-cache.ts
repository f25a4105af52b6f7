// One RunIndex per opened run, shared by every view of it (switching tabs must not rebuild it). Keyed weakly by
// the RunModel, which the workspace store keeps out of Vue's reactivity (markRaw).
import type { RunModel } from '../../model/run-model.js';
import { buildRunIndex, type RunIndex } from '../../d3/run-index.js';

const cache = new WeakMap<RunModel, RunIndex>();

export function runIndexOf(run: RunModel): RunIndex {
  let index = cache.get(run);
  if (!index) {
    index = buildRunIndex(run);
    cache.set(run, index);
  }
  return index;
}
