// The adapter from the lab service's LabEngine seam to the real simulator: the scenario loader for validation,
// the built-in scenarios/ directory for the library, simulator/report/ for exports and the ledger diff for
// comparisons. Runs need the runner, which only the run worker loads (simulator-worker.ts passes it in), so the
// service's own thread never pulls in the protocol stack.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffLedgers } from '../../simulator/ledger/diff.js';
import { renderHtml, renderJson, renderJunit, renderMarkdown } from '../../simulator/report/index.js';
import { parseScenario, type LoadedScenario } from '../../simulator/scenario/loader.js';
import type { RunBatch, RunOptions, RunResult } from '../../simulator/scenario/result.js';
import type { ReportFormat, RunRecord } from '../contract.js';
import type { BuiltInSource, LabEngine, ValidationOutcome } from './engine.js';
import { toEngineRun } from './run-record.js';

/** The runner's signature (simulator/scenario/runner.ts), progress reported per step. */
export type ScenarioRunner = (
  scenario: LoadedScenario,
  options: RunOptions & { onProgress: (done: number, total: number) => void },
) => RunResult | Promise<RunResult>;

export interface SimulatorEngineOptions {
  /** The built-in library: every *.yaml / *.yml file directly in it. */
  builtInDir?: string;
  /** Only given inside the run worker. */
  runner?: ScenarioRunner;
  /** Written into exported reports as the producing tool. */
  toolVersion?: string;
}

const DEFAULT_FILE = 'scenario.yaml';

export function validateWithLoader(text: string, fileName = DEFAULT_FILE): ValidationOutcome {
  const parsed = parseScenario(text, fileName);
  if (!parsed.ok) {
    return {
      valid: false,
      info: null,
      problems: parsed.problems.map((p) => ({
        message: p.message,
        path: p.path,
        line: p.line,
        column: p.column,
      })),
    };
  }
  const s = parsed.value.scenario;
  return {
    valid: true,
    problems: [],
    info: {
      id: s.id,
      title: s.title,
      summary: s.summary,
      tags: [...s.tags],
      variants: s.variants.map((v) => ({ id: v.id, title: v.title })),
      defaultSeed: s.seed,
    },
  };
}

export function readBuiltIns(dir: string | undefined): BuiltInSource[] {
  if (!dir) return [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => /\.ya?ml$/i.test(name))
    .sort()
    .map((fileName) => ({ fileName, text: readFileSync(join(dir, fileName), 'utf8') }));
}

/**
 * A stored run back as a one-run batch for simulator/report/. The record's engine-owned parts (summary, matrix,
 * journal, ledger) were produced by toEngineRun (run-record.ts) and stored verbatim, hence the casts.
 */
export function toRunBatch(run: RunRecord, toolVersion: string): RunBatch {
  const result: RunResult = {
    scenarioId: run.scenarioId,
    variant: run.variant,
    seed: run.seed,
    journalHash: run.journalHash,
    valid: run.valid,
    expectations: run.expectations.map((e) => ({
      id: e.id,
      kind: e.kind as RunResult['expectations'][number]['kind'],
      text: e.text,
      ok: e.ok,
      detail: e.detail,
      location: { line: e.line ?? 0, column: e.column ?? 0 },
      ...(e.because === undefined ? {} : { because: e.because }),
    })),
    matrix: run.matrix as RunResult['matrix'],
    summary: run.summary as RunResult['summary'],
    events: run.journal as RunResult['events'],
    ledger: run.ledger as RunResult['ledger'],
  };
  const variantTitle =
    run.variant === 'base'
      ? 'as written'
      : (validateWithLoader(run.scenarioText).info?.variants.find((v) => v.id === run.variant)?.title ??
        run.variant);
  return {
    format: 'sightline-results',
    version: 1,
    tool: toolVersion,
    runs: [{ file: `${run.scenarioId}.yaml`, title: run.scenarioTitle, variantTitle, result }],
  };
}

export function createSimulatorEngine(options: SimulatorEngineOptions = {}): LabEngine {
  const toolVersion = options.toolVersion ?? 'sightline';
  return {
    validate: validateWithLoader,
    builtIns: () => readBuiltIns(options.builtInDir),
    async run(text, runOptions, onProgress) {
      if (!options.runner) throw new Error('This engine has no runner; runs happen in the run worker.');
      const parsed = parseScenario(text, DEFAULT_FILE);
      if (!parsed.ok) throw new Error(`The scenario does not validate: ${parsed.problems[0]?.message ?? ''}`);
      onProgress({ phase: 'steps', done: 0, total: parsed.value.scenario.steps.length });
      const result = await options.runner(parsed.value, {
        variant: runOptions.variant,
        seed: runOptions.seed,
        onProgress: (done, total) => onProgress({ phase: 'steps', done, total }),
      });
      return toEngineRun(result);
    },
    renderReport(run: RunRecord, format: ReportFormat): string {
      const batch = toRunBatch(run, toolVersion);
      switch (format) {
        case 'markdown':
          return renderMarkdown(batch);
        case 'html':
          return renderHtml(batch, { title: `${run.scenarioTitle} — Sightline report` });
        case 'json':
          return renderJson(batch, { withEvents: false });
        case 'junit':
          return renderJunit(batch);
      }
    },
    diffLedgers(a: RunRecord, b: RunRecord) {
      return diffLedgers(a.ledger as RunResult['ledger'], b.ledger as RunResult['ledger']);
    },
  };
}
