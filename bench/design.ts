/**
 * `npm run bench:design`: (a) one design against the whole attack library, wall time (bar ≤ 10 s
 * on 2 cores); (b) a single axis change → updated scorecard with incremental re-evaluation (only
 * the attacks the axis touches re-run; bar ≤ 3 s). Prints figures; asserts nothing about time.
 * Figures are noisy on a shared machine: run it a few times and read the median.
 */
import { performance } from 'node:perf_hooks';
import { createHostCryptoProvider } from '../simulator/crypto/host-provider.js';
import { loadDesignLibrary } from '../simulator/cli/commands/design-library.js';
import { DESIGN_AXES, designPreset, evaluateDesign, withAxis } from '../simulator/design/index.js';

const library = loadDesignLibrary('scenarios');
const crypto = createHostCryptoProvider();
const repeats = Number(process.env['BENCH_REPEATS'] ?? 3);

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const changes: Array<[string, string, string | number | boolean]> = [
  ['consumer', 'backup', 'e2ee-password'],
  ['consumer', 'defences.two_step_verification', true],
  ['business-cloud-api-bsp-crm', 'retention.crm_days', 365],
];

console.log(
  `library: ${library.length} scenarios · ${repeats} repeats · median wall time (noisy while other work runs)`,
);
for (const id of ['consumer', 'business-cloud-api-bsp-crm']) {
  const design = designPreset(id)!.design;
  const full: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    evaluateDesign(design, { library, crypto });
    full.push(performance.now() - t0);
  }
  console.log(`(a) ${id}: whole library ${(median(full) / 1000).toFixed(2)} s (bar ≤ 10 s)`);
}
for (const [id, axisId, value] of changes) {
  const design = designPreset(id)!.design;
  const previous = evaluateDesign(design, { library, crypto });
  const changed = withAxis(
    design,
    DESIGN_AXES.find((a) => a.id === axisId)!,
    value,
  );
  const times: number[] = [];
  let reran = 0;
  for (let i = 0; i < repeats; i++) {
    let count = 0;
    const t0 = performance.now();
    evaluateDesign(changed, { library, crypto, previous, onRun: () => count++ });
    times.push(performance.now() - t0);
    reran = count;
  }
  console.log(
    `(b) ${id}, ${axisId} → ${String(value)}: updated scorecard ${(median(times) / 1000).toFixed(2)} s, ${reran}/${library.length} attacks re-run (bar ≤ 3 s)`,
  );
}
