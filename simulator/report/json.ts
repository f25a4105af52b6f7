/**
 * `results.json`: the batch of runs as stable, indented JSON. Journal events are written to
 * `journal.jsonl` separately (see journalJsonl), so by default they are left out here.
 */
import type { RunBatch, RunEntry } from '../scenario/result.js';

/** Renders a batch; `withEvents: false` (default) empties each run's `events` (they go to journal.jsonl). */
export function renderJson(batch: RunBatch, options: { withEvents?: boolean } = {}): string {
  const runs: RunEntry[] = options.withEvents
    ? batch.runs
    : batch.runs.map((run) => ({ ...run, result: { ...run.result, events: [] } }));
  return `${JSON.stringify({ ...batch, runs }, null, 2)}\n`;
}

/**
 * `journal.jsonl` for a batch: per run, a header line `{"run": {...}}` then the run's journal events,
 * one JSON object per line, exactly as journalled (canonical JSON, so the lines between two headers
 * hash to the run's `journalHash`).
 */
export function journalJsonl(batch: RunBatch): string {
  const lines: string[] = [];
  for (const { result } of batch.runs) {
    lines.push(
      JSON.stringify({
        run: {
          scenarioId: result.scenarioId,
          variant: result.variant,
          seed: result.seed,
          journalHash: result.journalHash,
        },
      }),
    );
    for (const event of result.events) lines.push(JSON.stringify(event));
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
