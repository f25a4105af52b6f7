/**
 * Run directories: what `sightline run --out DIR` writes and `report` / `diff` read back.
 *   results.json   every run: expectations, matrix, ledger, summary (journal events left out)
 *   journal.jsonl  per run a header line `{"run": {...}}`, then its journal events
 *   report.md      the Markdown report
 *   index.json     the runs, each with its folder, counts and journal hash; the invalid files
 *   <scenario>/<variant>/   one folder per variant (`<variant>@<seed>` in a seed sweep), itself a
 *                  run directory of that one run: results.json, journal.jsonl, report.md
 * The top-level files stay so `report DIR` and `diff DIR#…` read the whole run as before; a
 * variant's folder can be reported, diffed or archived on its own.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { journalJsonl, renderJson, renderMarkdown } from '../report/index.js';
import type { InvalidScenarioFile, RunBatch, RunEntry } from '../scenario/result.js';
import type { JournalEvent } from '../network/journal.js';
import { UsageError } from './errors.js';

export const RESULTS_FILE = 'results.json';
export const JOURNAL_FILE = 'journal.jsonl';
export const REPORT_FILE = 'report.md';
export const INDEX_FILE = 'index.json';

/** One run in `index.json`. */
export interface RunIndexEntry {
  scenarioId: string;
  variant: string;
  seed: number;
  file: string;
  /** The run's folder, relative to the run directory, `/`-separated. */
  dir: string;
  valid: boolean;
  expectations: { total: number; passed: number; failed: number };
  journalHash: string;
  error?: string;
}

/** `index.json` of a run directory. */
export interface RunIndex {
  format: 'sightline-run-index';
  version: 1;
  tool: string;
  runs: RunIndexEntry[];
  invalid: InvalidScenarioFile[];
}

const safeSegment = (text: string) => text.replace(/[^A-Za-z0-9._-]/g, '_') || '_';

/**
 * The folder of each run: `<scenario>/<variant>`, with `@<seed>` when a batch holds the same
 * variant with several seeds, and `~2`, `~3`… when two files share a scenario id.
 */
export function runFolders(batch: RunBatch): string[] {
  const perKey = new Map<string, Set<number>>();
  for (const { result } of batch.runs) {
    const key = `${result.scenarioId}#${result.variant}`;
    perKey.set(key, (perKey.get(key) ?? new Set()).add(result.seed));
  }
  const sweep = [...perKey.values()].some((seeds) => seeds.size > 1);
  const used = new Set<string>();
  return batch.runs.map(({ result }) => {
    const leaf = sweep ? `${result.variant}@${result.seed}` : result.variant;
    const base = `${safeSegment(result.scenarioId)}/${safeSegment(leaf)}`;
    let folder = base;
    for (let n = 2; used.has(folder); n++) folder = `${base}~${n}`;
    used.add(folder);
    return folder;
  });
}

function runDirFiles(batch: RunBatch): Array<{ name: string; content: string }> {
  return [
    { name: RESULTS_FILE, content: renderJson(batch) },
    { name: JOURNAL_FILE, content: journalJsonl(batch) },
    { name: REPORT_FILE, content: renderMarkdown(batch) },
  ];
}

/** Writes a run directory (creating it): the whole batch at the top, an index, a folder per run. */
export async function writeRunDir(dir: string, batch: RunBatch): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  const write = async (path: string, content: string) => {
    await writeFile(path, content);
    written.push(path);
  };
  for (const file of runDirFiles(batch)) await write(join(dir, file.name), file.content);
  const folders = runFolders(batch);
  const index: RunIndex = {
    format: 'sightline-run-index',
    version: 1,
    tool: batch.tool,
    runs: batch.runs.map((entry, i) => ({
      scenarioId: entry.result.scenarioId,
      variant: entry.result.variant,
      seed: entry.result.seed,
      file: entry.file,
      dir: folders[i]!,
      valid: entry.error === undefined && entry.result.valid,
      expectations: entry.result.summary.expectations,
      journalHash: entry.result.journalHash,
      ...(entry.error === undefined ? {} : { error: entry.error }),
    })),
    invalid: batch.invalid ?? [],
  };
  await write(join(dir, INDEX_FILE), `${JSON.stringify(index, null, 2)}\n`);
  for (const [i, entry] of batch.runs.entries()) {
    const folder = join(dir, ...folders[i]!.split('/'));
    await mkdir(folder, { recursive: true });
    const one: RunBatch = { format: batch.format, version: batch.version, tool: batch.tool, runs: [entry] };
    for (const file of runDirFiles(one)) await write(join(folder, file.name), file.content);
  }
  return written;
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
  seeds: z.array(z.number().int().nonnegative()).optional(),
  runs: z.array(
    z.looseObject({
      file: z.string(),
      title: z.string(),
      variantTitle: z.string(),
      result,
      error: z.string().optional(),
    }),
  ),
  invalid: z.array(z.looseObject({ file: z.string(), problems: z.array(z.unknown()) })).optional(),
  shard: z.object({ index: z.number().int(), count: z.number().int(), plan: z.array(z.string()) }).optional(),
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
  const batch = parseBatch(text, join(dir, RESULTS_FILE));
  let journal: string | undefined;
  try {
    journal = await readFile(join(base, JOURNAL_FILE), 'utf8');
  } catch {
    journal = undefined;
  }
  if (journal !== undefined) attachEvents(batch.runs, journal);
  return batch;
}

/**
 * Parses a results JSON text (`--json` output or a run directory's results.json).
 * @throws UsageError naming `label` when it is not one.
 */
export function parseBatch(text: string, label: string): RunBatch {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${label} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = batchSchema.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? first.path.map(String).join('.') : '';
    throw new UsageError(
      `${label} is not a Sightline results file (${where}: ${first?.message ?? 'invalid'})`,
    );
  }
  return parsed.data as unknown as RunBatch;
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
