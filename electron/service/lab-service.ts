// The lab service: everything the renderer can ask for, in plain Node (no Electron import), so the desktop host,
// the web host and the tests all drive the same object. Each method implements one contract call; the
// dispatcher (dispatch.ts) validates arguments before they get here and wraps results and errors.
import { randomUUID } from 'node:crypto';
import {
  events as eventSchemas,
  settingsSchema,
  type CallArgs,
  type CallValue,
  type EventName,
  type EventPayload,
  type LabEvent,
  type RunRecord,
  type Settings,
} from '../contract.js';
import type { LabStore } from '../storage/lab-store.js';
import { compareRuns } from './compare.js';
import type { WorkshopLauncher } from '../workshop/launcher.js';
import type { DesignEngine } from './design/engine.js';
import { DesignService } from './design/service.js';
import type { ErrorLog, LabHandlers } from './dispatch.js';
import type { EngineRun, LabEngine } from './engine.js';
import { LabError, notFound } from './errors.js';
import { Library } from './library.js';
import { exportReport } from './report/index.js';
import { RunManager, type RunJob, type RunOutcome, type WorkerSpec } from './run-manager.js';
import { runRecordOf } from './run-record.js';

export interface LabServiceOptions {
  engine: LabEngine;
  store: LabStore;
  /** The run worker's entry; it must serve the same engine (see run-worker.ts). */
  worker: WorkerSpec;
  maxConcurrentRuns?: number;
  runTimeoutMs?: number;
  now?: () => number;
  log?: ErrorLog;
  /** Close the store when the service closes (hosts that opened the store for the service). */
  ownsStore?: boolean;
  /** The Architect's design engine and its worker; without it the design calls answer `unavailable`. */
  designs?: { engine: DesignEngine; worker: WorkerSpec; timeoutMs?: number };
  /** The live workshop (electron/workshop/launcher.ts); without it the workshop calls answer `unavailable`. */
  workshops?: WorkshopLauncher;
}

const DEFAULT_RUN_TIMEOUT_MS = 10 * 60_000;

interface PendingRun {
  scenarioTitle: string;
  scenarioSource: RunRecord['scenarioSource'];
  scenarioText: string;
}

export type LabListener = (event: LabEvent) => void;

export class LabService implements LabHandlers {
  private readonly engine: LabEngine;
  private readonly store: LabStore;
  private readonly library: Library;
  private readonly runs: RunManager;
  private readonly now: () => number;
  private readonly log: ErrorLog;
  private readonly ownsStore: boolean;
  private readonly listeners = new Set<LabListener>();
  private readonly pending = new Map<string, PendingRun>();
  private readonly finishedWaiters = new Map<string, ((outcome: RunOutcome['status']) => void)[]>();
  private readonly designService: DesignService | null;
  private readonly workshops: WorkshopLauncher | null;

  constructor(options: LabServiceOptions) {
    this.engine = options.engine;
    this.store = options.store;
    this.now = options.now ?? Date.now;
    this.ownsStore = options.ownsStore ?? false;
    this.log = options.log ?? ((message, error) => console.error(`[sightline] ${message}`, error));
    this.library = new Library(this.engine, this.store.scenarios, this.log);
    this.runs = new RunManager({
      worker: options.worker,
      maxConcurrent: options.maxConcurrentRuns ?? 1,
      timeoutMs: options.runTimeoutMs ?? DEFAULT_RUN_TIMEOUT_MS,
      now: this.now,
      onProgress: (runId, p) => this.emit('runProgress', { runId, ...p }),
      onFinished: (job, outcome) => this.finishRun(job, outcome),
    });
    this.workshops = options.workshops ?? null;
    const designs = options.designs;
    this.designService = designs
      ? new DesignService({
          engine: designs.engine,
          worker: designs.worker,
          store: this.store.designs,
          now: this.now,
          defaultSeed: () => this.settings().defaultSeed,
          emit: (event, payload) => this.emit(event, payload),
          ...(designs.timeoutMs === undefined ? {} : { timeoutMs: designs.timeoutMs }),
        })
      : null;
  }

  // ---- events ----------------------------------------------------------------------------------------------

  /** Listen to every event the renderer may receive. @returns unsubscribe. */
  subscribe(listener: LabListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Send an event to every listener; hosts also use this for their own events (the desktop menu). */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const checked = eventSchemas[event].parse(payload) as EventPayload<E>;
    for (const listener of this.listeners) {
      try {
        listener({ event, payload: checked } as LabEvent);
      } catch (error) {
        this.log(`a listener of ${event} threw`, error);
      }
    }
  }

  /** Resolves when the run ends (for tests and the CLI); immediately if it is not active. */
  whenFinished(runId: string): Promise<RunOutcome['status'] | 'unknown'> {
    if (!this.pending.has(runId)) return Promise.resolve('unknown');
    return new Promise((resolve) => {
      const list = this.finishedWaiters.get(runId) ?? [];
      list.push(resolve);
      this.finishedWaiters.set(runId, list);
    });
  }

  async close(): Promise<void> {
    await Promise.all([this.runs.close(), this.designService?.close(), this.workshops?.close()]);
    this.listeners.clear();
    if (this.ownsStore) this.store.close();
  }

  // ---- library -----------------------------------------------------------------------------------------------

  async listLibrary(_args: CallArgs<'listLibrary'>): Promise<CallValue<'listLibrary'>> {
    return this.library.list();
  }

  async getScenario(args: CallArgs<'getScenario'>): Promise<CallValue<'getScenario'>> {
    const found = this.library.get(args.id);
    if (!found) throw notFound(`Scenario "${args.id}"`);
    return { entry: found.entry, text: found.text };
  }

  async validateScenario(args: CallArgs<'validateScenario'>): Promise<CallValue<'validateScenario'>> {
    const outcome = this.engine.validate(args.text, args.fileName);
    return { valid: outcome.valid, problems: outcome.problems, scenario: outcome.info };
  }

  async saveScenario(args: CallArgs<'saveScenario'>): Promise<CallValue<'saveScenario'>> {
    const outcome = this.engine.validate(args.text);
    if (!outcome.valid) throw invalidScenario(outcome.problems);
    const { id, title } = outcome.info;
    if (this.library.builtInMap().has(id)) {
      throw new LabError(
        'conflict',
        `"${id}" is the id of a built-in scenario. Give your copy its own id (for example "${id}-copy").`,
      );
    }
    const stored = this.store.scenarios.save({ id, title, text: args.text }, this.now());
    this.library.forget(id);
    this.emit('libraryChanged', { reason: 'saved', id });
    return this.library.userEntry(stored);
  }

  async deleteScenario(args: CallArgs<'deleteScenario'>): Promise<CallValue<'deleteScenario'>> {
    if (this.library.builtInMap().has(args.id)) {
      throw new LabError('forbidden', `"${args.id}" is built in and cannot be deleted.`);
    }
    if (!this.store.scenarios.delete(args.id)) throw notFound(`Scenario "${args.id}"`);
    this.library.forget(args.id);
    this.emit('libraryChanged', { reason: 'deleted', id: args.id });
    return { deleted: true };
  }

  // ---- runs ----------------------------------------------------------------------------------------------------

  async startRun(args: CallArgs<'startRun'>): Promise<CallValue<'startRun'>> {
    let text: string;
    let source: RunRecord['scenarioSource'];
    if (args.scenario.kind === 'library') {
      const found = this.library.get(args.scenario.id);
      if (!found) throw notFound(`Scenario "${args.scenario.id}"`);
      text = found.text;
      source = found.entry.source;
    } else {
      text = args.scenario.text;
      source = 'text';
    }
    const outcome = this.engine.validate(text);
    if (!outcome.valid) throw invalidScenario(outcome.problems);
    const info = outcome.info;
    if (args.variant !== 'base' && !info.variants.some((v) => v.id === args.variant)) {
      const known = ['base', ...info.variants.map((v) => v.id)].join(', ');
      throw new LabError(
        'not-found',
        `Scenario "${info.id}" has no variant "${args.variant}" (it has: ${known}).`,
      );
    }
    const seed = args.seed ?? info.defaultSeed ?? this.settings().defaultSeed;
    const runId = randomUUID();
    this.pending.set(runId, { scenarioTitle: info.title, scenarioSource: source, scenarioText: text });
    this.runs.start({ runId, scenarioId: info.id, text, variant: args.variant, seed });
    return { runId };
  }

  async cancelRun(args: CallArgs<'cancelRun'>): Promise<CallValue<'cancelRun'>> {
    return { cancelled: this.runs.cancel(args.runId) };
  }

  async listActiveRuns(_args: CallArgs<'listActiveRuns'>): Promise<CallValue<'listActiveRuns'>> {
    return this.runs.active();
  }

  async listRuns(args: CallArgs<'listRuns'>): Promise<CallValue<'listRuns'>> {
    return this.store.runs.list(args);
  }

  async getRun(args: CallArgs<'getRun'>): Promise<CallValue<'getRun'>> {
    return this.requireRun(args.runId);
  }

  async deleteRun(args: CallArgs<'deleteRun'>): Promise<CallValue<'deleteRun'>> {
    if (!this.store.runs.delete(args.runId)) throw notFound(`Run ${args.runId}`);
    return { deleted: true };
  }

  async compareRuns(args: CallArgs<'compareRuns'>): Promise<CallValue<'compareRuns'>> {
    const a = this.requireRun(args.a);
    const b = this.requireRun(args.b);
    const diff = this.engine.diffLedgers ? this.engine.diffLedgers(a, b) : null;
    return compareRuns(a, b, diff);
  }

  async exportReport(args: CallArgs<'exportReport'>): Promise<CallValue<'exportReport'>> {
    return exportReport(this.engine, this.requireRun(args.runId), args.format);
  }

  // ---- settings ------------------------------------------------------------------------------------------------

  async getSettings(_args: CallArgs<'getSettings'>): Promise<CallValue<'getSettings'>> {
    return this.settings();
  }

  async updateSettings(args: CallArgs<'updateSettings'>): Promise<CallValue<'updateSettings'>> {
    this.store.settings.setMany(args.patch);
    const settings = this.settings();
    if (args.patch.historyLimit !== undefined) this.store.runs.prune(settings.historyLimit);
    return settings;
  }

  /** Stored settings over the defaults; a stored value the schema no longer accepts falls back to its default. */
  settings(): Settings {
    const stored = this.store.settings.getAll();
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(settingsSchema.shape)) {
      const parsed = field.safeParse(stored[key]);
      out[key] = parsed.success ? parsed.data : field.parse(undefined);
    }
    return settingsSchema.parse(out);
  }

  // ---- the live workshop (contract-workshop.ts, workshop/launcher.ts) ----------------------------------------

  private workshopLauncher(): WorkshopLauncher {
    if (!this.workshops) throw new LabError('unavailable', 'Live workshops are not available in this host.');
    return this.workshops;
  }

  async startWorkshop(args: CallArgs<'startWorkshop'>): Promise<CallValue<'startWorkshop'>> {
    const launcher = this.workshopLauncher();
    const found = this.library.get(args.id);
    if (!found) throw notFound(`Scenario "${args.id}"`);
    const known = ['base', ...found.entry.variants.map((v) => v.id)];
    if (!known.includes(args.variant))
      throw new LabError('invalid-args', `${found.entry.title} has no variant "${args.variant}".`);
    try {
      return await launcher.start({
        scenarioId: found.entry.id,
        file: `${found.entry.id}.yaml`,
        text: found.text,
        variant: args.variant,
        lan: args.lan,
        fresh: args.fresh,
      });
    } catch (error) {
      if (error instanceof Error && /already in use|different run/.test(error.message))
        throw new LabError('conflict', error.message);
      throw error;
    }
  }

  async stopWorkshop(args: CallArgs<'stopWorkshop'>): Promise<CallValue<'stopWorkshop'>> {
    return { stopped: await this.workshopLauncher().stop(args.code) };
  }

  async listWorkshops(_args: CallArgs<'listWorkshops'>): Promise<CallValue<'listWorkshops'>> {
    return this.workshops ? this.workshops.list() : [];
  }

  // ---- designs (the Architect view; design/service.ts) ----------------------------------------------------------

  async getDesignCatalog(args: CallArgs<'getDesignCatalog'>): Promise<CallValue<'getDesignCatalog'>> {
    return this.designs().getDesignCatalog(args);
  }

  async validateDesign(args: CallArgs<'validateDesign'>): Promise<CallValue<'validateDesign'>> {
    return this.designs().validateDesign(args);
  }

  async listDesigns(args: CallArgs<'listDesigns'>): Promise<CallValue<'listDesigns'>> {
    return this.designs().listDesigns(args);
  }

  async getDesign(args: CallArgs<'getDesign'>): Promise<CallValue<'getDesign'>> {
    return this.designs().getDesign(args);
  }

  async saveDesign(args: CallArgs<'saveDesign'>): Promise<CallValue<'saveDesign'>> {
    return this.designs().saveDesign(args);
  }

  async deleteDesign(args: CallArgs<'deleteDesign'>): Promise<CallValue<'deleteDesign'>> {
    return this.designs().deleteDesign(args);
  }

  async evaluateDesign(args: CallArgs<'evaluateDesign'>): Promise<CallValue<'evaluateDesign'>> {
    return this.designs().evaluateDesign(args);
  }

  async compareDesigns(args: CallArgs<'compareDesigns'>): Promise<CallValue<'compareDesigns'>> {
    return this.designs().compareDesigns(args);
  }

  private designs(): DesignService {
    if (!this.designService) {
      throw new LabError('unavailable', 'This host was started without the design engine.');
    }
    return this.designService;
  }

  // ---- internals -----------------------------------------------------------------------------------------------

  private requireRun(runId: string): RunRecord {
    const run = this.store.runs.get(runId);
    if (!run) throw notFound(`Run ${runId}`);
    return run;
  }

  private finishRun(job: RunJob, outcome: RunOutcome): void {
    const pending = this.pending.get(job.runId);
    this.pending.delete(job.runId);
    let status = outcome.status;
    let valid: boolean | null = null;
    let message = outcome.status === 'completed' ? '' : outcome.message;
    if (outcome.status === 'completed' && pending) {
      try {
        const record = this.recordOf(job, pending, outcome.run, outcome.durationMs);
        this.store.runs.save(record);
        this.store.runs.prune(this.settings().historyLimit);
        valid = record.valid;
      } catch (error) {
        this.log(`saving run ${job.runId} failed`, error);
        status = 'failed';
        message = `The run finished but could not be saved: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    this.emit('runFinished', { runId: job.runId, status, valid, message });
    for (const resolve of this.finishedWaiters.get(job.runId) ?? []) resolve(status);
    this.finishedWaiters.delete(job.runId);
  }

  private recordOf(job: RunJob, pending: PendingRun, run: EngineRun, durationMs: number): RunRecord {
    return runRecordOf(run, {
      id: job.runId,
      scenarioId: job.scenarioId,
      scenarioTitle: pending.scenarioTitle,
      scenarioSource: pending.scenarioSource,
      scenarioText: pending.scenarioText,
      variant: job.variant,
      seed: job.seed,
      createdAt: this.now(),
      durationMs,
    });
  }
}

function invalidScenario(
  problems: { message: string; line: number | null; column: number | null }[],
): LabError {
  const lines = problems
    .slice(0, 10)
    .map(
      (p) =>
        (p.line !== null ? `line ${p.line}${p.column !== null ? `:${p.column}` : ''}: ` : '') + p.message,
    );
  if (problems.length > 10) lines.push(`… and ${problems.length - 10} more`);
  return new LabError('invalid-scenario', `The scenario does not validate:\n${lines.join('\n')}`);
}
