/**
 * Run directories: what `sightline run --out DIR` writes and `report` / `diff` read back.
 *   results.json   every run: expectations, matrix, ledger, summary (journal events left out)
 *   journal.jsonl  per run a header line `{"run": {...}}`, then its journal events
 *   report.md      the Markdown report
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { journalJsonl, renderJson, renderMarkdown } from '../report/index.js';
import type { RunBatch, RunEntry } from '../scenario/result.js';
import type { JournalEvent } from '../network/journal.js';
import { UsageError } from './errors.js';

export const RESULTS_FILE = 'results.json';
export const JOURNAL_FILE = 'journal.jsonl';
export const REPORT_FILE = 'report.md';

/** Writes the three files of a run directory (creating it). */
export async function writeRunDir(dir: string, batch: RunBatch): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files = [
    { name: RESULTS_FILE, content: renderJson(batch) },
    { name: JOURNAL_FILE, content: journalJsonl(batch) },
    { name: REPORT_FILE, content: renderMarkdown(batch) },
  ];
  for (const file of files) await writeFile(join(dir, file.name), file.content);
  return files.map((f) => join(dir, f.name));
}

// The parts of results.json the renderers and diff rely on; the rest passes through.
const location = z.object({ line: z.number(), column: z.number() });
const expectation = z.looseObject({
  id: z.string(),
  kind: z.string(),
  text: z.string(),
  ok: z.boolean(),
  detail: z.string(),
  location,
});
const matrix = z.looseObject({
  parties: z.array(z.string()),
  items: z.array(z.looseObject({ id: z.string(), kind: z.string(), label: z.string() })),
  cells: z.array(
    z.looseObject({
      party: z.string(),
      item: z.string(),
      level: z.enum(['content', 'metadata', 'ciphertext', 'none']),
    }),
  ),
});
const result = z.looseObject({
  scenarioId: z.string(),
  variant: z.string(),
  seed: z.number(),
  journalHash: z.string(),
  valid: z.boolean(),
  expectations: z.array(expectation),
  matrix,
  summary: z.looseObject({
    expectations: z.object({ total: z.number(), passed: z.number(), failed: z.number() }),
    events: z.number(),
    endTimeMs: z.number(),
  }),
  events: z.array(z.unknown()),
  ledger: z.looseObject({ items: z.array(z.unknown()), observations: z.array(z.unknown()) }),
});
const batchSchema = z.looseObject({
  format: z.literal('sightline-results'),
  version: z.literal(1),
  tool: z.string(),
  runs: z.array(
    z.looseObject({
      file: z.string(),
      title: z.string(),
      variantTitle: z.string(),
      result,
      error: z.string().optional(),
    }),
  ),
});

/**
 * Reads a run directory back; journal events are re-attached when journal.jsonl is present.
 * @throws UsageError when the directory has no valid results.json.
 */
export async function readRunDir(dir: string, cwd: string): Promise<RunBatch> {
  const base = isAbsolute(dir) ? dir : join(cwd, dir);
  let text: string;
  try {
    text = await readFile(join(base, RESULTS_FILE), 'utf8');
  } catch {
    throw new UsageError(
      `${dir} is not a run directory: no ${RESULTS_FILE} (write one with \`sightline run --out ${dir}\`)`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${join(dir, RESULTS_FILE)} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = batchSchema.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? first.path.map(String).join('.') : '';
    throw new UsageError(
      `${join(dir, RESULTS_FILE)} is not a Sightline results file (${where}: ${first?.message ?? 'invalid'})`,
    );
  }
  const batch = parsed.data as unknown as RunBatch;
  let journal: string | undefined;
  try {
    journal = await readFile(join(base, JOURNAL_FILE), 'utf8');
  } catch {
    journal = undefined;
  }
  if (journal !== undefined) attachEvents(batch.runs, journal);
  return batch;
}

function attachEvents(runs: RunEntry[], jsonl: string): void {
  let current: JournalEvent[] | undefined;
  let index = -1;
  for (const line of jsonl.split('\n')) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    // A header is `{"run": {...}}` alone; journal events always carry seq, t and type.
    if (value !== null && typeof value === 'object' && 'run' in value && Object.keys(value).length === 1) {
      index++;
      const run = runs[index];
      current = run ? (run.result.events = []) : undefined;
      continue;
    }
    current?.push(value as JournalEvent);
  }
}
