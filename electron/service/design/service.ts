// The design half of the lab service: the catalog and validation on the service's thread, evaluation and
// comparison in the design worker (runner.ts), and the design library (presets + the user's designs in SQLite).
// LabService delegates its design calls here; each method implements one call of contract-design.ts.
import type { CallArgs, CallValue, EventName, EventPayload } from '../../contract.js';
import type { DesignEntry, DesignProblem } from '../../contract-design.js';
import type { DesignStore, StoredDesign } from '../../storage/design-store.js';
import { LabError, notFound } from '../errors.js';
import type { WorkerSpec } from '../run-manager.js';
import type { DesignCatalog, DesignEngine, DesignPreset } from './engine.js';
import { DesignJobError, DesignRunner } from './runner.js';

export interface DesignServiceOptions {
  engine: DesignEngine;
  /** The design worker's entry; it must serve an evaluator over the same engine (see serve.ts). */
  worker: WorkerSpec;
  store: DesignStore;
  now: () => number;
  /** The seed used when a call gives none (the user's default seed setting). */
  defaultSeed: () => number;
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;

export class DesignService {
  private readonly runner: DesignRunner;
  private catalogCache: DesignCatalog | null = null;

  constructor(private readonly options: DesignServiceOptions) {
    this.runner = new DesignRunner({
      worker: options.worker,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
  }

  close(): Promise<void> {
    return this.runner.close();
  }

  async getDesignCatalog(_args: CallArgs<'getDesignCatalog'>): Promise<CallValue<'getDesignCatalog'>> {
    const catalog = this.catalog();
    return {
      axes: catalog.axes,
      presets: catalog.presets.map((p) => ({ ...presetEntry(p), text: p.text })),
    };
  }

  async validateDesign(args: CallArgs<'validateDesign'>): Promise<CallValue<'validateDesign'>> {
    const outcome = this.options.engine.validate(args.text);
    return { valid: outcome.valid, problems: outcome.problems, design: outcome.info };
  }

  async listDesigns(_args: CallArgs<'listDesigns'>): Promise<CallValue<'listDesigns'>> {
    const entries = [...this.catalog().presets.map(presetEntry), ...this.options.store.list().map(userEntry)];
    return entries.sort((a, b) => a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
  }

  async getDesign(args: CallArgs<'getDesign'>): Promise<CallValue<'getDesign'>> {
    const preset = this.preset(args.id);
    if (preset) return { entry: presetEntry(preset), text: preset.text };
    const stored = this.options.store.get(args.id);
    if (!stored) throw notFound(`Design "${args.id}"`);
    return { entry: userEntry(stored), text: stored.text };
  }

  async saveDesign(args: CallArgs<'saveDesign'>): Promise<CallValue<'saveDesign'>> {
    const outcome = this.options.engine.validate(args.text);
    if (!outcome.valid) throw invalidDesign(outcome.problems);
    const { id, title, summary } = outcome.info;
    if (this.preset(id)) {
      throw new LabError(
        'conflict',
        `"${id}" is the id of a preset. Give your design its own id (for example "${id}-mine").`,
      );
    }
    const stored = this.options.store.save({ id, title, summary, text: args.text }, this.options.now());
    this.options.emit('designLibraryChanged', { reason: 'saved', id });
    return userEntry(stored);
  }

  async deleteDesign(args: CallArgs<'deleteDesign'>): Promise<CallValue<'deleteDesign'>> {
    if (this.preset(args.id))
      throw new LabError('forbidden', `"${args.id}" is a preset and cannot be deleted.`);
    if (!this.options.store.delete(args.id)) throw notFound(`Design "${args.id}"`);
    this.options.emit('designLibraryChanged', { reason: 'deleted', id: args.id });
    return { deleted: true };
  }

  async evaluateDesign(args: CallArgs<'evaluateDesign'>): Promise<CallValue<'evaluateDesign'>> {
    this.requireValid(args.text, '');
    const seed = args.seed ?? this.options.defaultSeed();
    return this.job(() =>
      this.runner.evaluate(args.text, seed, (p) =>
        this.options.emit('designProgress', { requestId: args.requestId, ...p }),
      ),
    );
  }

  async compareDesigns(args: CallArgs<'compareDesigns'>): Promise<CallValue<'compareDesigns'>> {
    args.texts.forEach((text, i) => this.requireValid(text, `Design ${i + 1}: `));
    const seed = args.seed ?? this.options.defaultSeed();
    return this.job(() =>
      this.runner.compare(args.texts, seed, (p) =>
        this.options.emit('designProgress', { requestId: args.requestId, ...p }),
      ),
    );
  }

  private catalog(): DesignCatalog {
    this.catalogCache ??= this.options.engine.catalog();
    return this.catalogCache;
  }

  private preset(id: string): DesignPreset | undefined {
    return this.catalog().presets.find((p) => p.id === id);
  }

  private requireValid(text: string, prefix: string): void {
    const outcome = this.options.engine.validate(text);
    if (!outcome.valid) throw invalidDesign(outcome.problems, prefix);
  }

  private async job<T>(start: () => Promise<T>): Promise<T> {
    try {
      return await start();
    } catch (error) {
      if (error instanceof DesignJobError) {
        if (error.reason === 'superseded') throw new LabError('conflict', error.message);
        if (error.reason === 'closed') throw new LabError('unavailable', error.message);
        throw new LabError('internal', `The evaluation failed: ${error.message}`);
      }
      throw error;
    }
  }
}

function presetEntry(p: DesignPreset): DesignEntry {
  return { id: p.id, title: p.title, summary: p.summary, source: 'preset', updatedAt: null };
}

function userEntry(d: StoredDesign): DesignEntry {
  return { id: d.id, title: d.title, summary: d.summary, source: 'user', updatedAt: d.updatedAt };
}

/** Located problems as one message (the renderer shows problems from validateDesign next to the fields). */
export function invalidDesign(problems: DesignProblem[], prefix = ''): LabError {
  const lines = problems.slice(0, 10).map((p) => {
    const at = p.line !== null ? `line ${p.line}${p.column !== null ? `:${p.column}` : ''}: ` : '';
    return `${prefix}${at}${p.path ? `${p.path}: ` : ''}${p.message}`;
  });
  if (problems.length > 10) lines.push(`… and ${problems.length - 10} more`);
  return new LabError('invalid-design', `The design does not validate:\n${lines.join('\n')}`);
}
