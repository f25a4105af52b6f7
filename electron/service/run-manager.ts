// Runs scenarios off the service's thread so the UI never blocks (ARCHITECTURE.md, "Hosts and storage"): one
// worker_threads Worker per run, a bounded number at once, the rest queued. Cancel terminates the worker, which
// stops even an engine that runs synchronously to the end.
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ActiveRun } from '../contract.js';
import type { EngineProgress, EngineRun } from './engine.js';
import type { RunJobMessage, WorkerMessage } from './run-protocol.js';

/** Where a run worker's code lives: a bundled .js file, or a .ts entry started through worker-boot.mjs. */
export interface WorkerSpec {
  entry: URL;
  /** V8 heap limit of one run worker, in MiB; a runaway scenario fails instead of exhausting the host. */
  maxHeapMb?: number;
  /** Passed to the worker as `workerData` (the design worker reads its library directory from it). */
  data?: Record<string, string>;
}

export interface RunJob {
  runId: string;
  scenarioId: string;
  text: string;
  variant: string;
  seed: number;
}

export type RunOutcome =
  | { status: 'completed'; run: EngineRun; durationMs: number }
  | { status: 'cancelled'; message: string }
  | { status: 'failed'; message: string };

export interface RunManagerOptions {
  worker: WorkerSpec;
  /** How many runs may execute at once; more are queued. */
  maxConcurrent: number;
  /** A run still going after this long is stopped and reported failed. */
  timeoutMs: number;
  now: () => number;
  onProgress(runId: string, progress: EngineProgress): void;
  /** Called exactly once per started job, after its worker has been stopped. */
  onFinished(job: RunJob, outcome: RunOutcome): void;
}

interface Slot {
  job: RunJob;
  state: 'queued' | 'running';
  phase: string;
  startedAt: number;
  worker: Worker | null;
  timer: ReturnType<typeof setTimeout> | null;
  settled: boolean;
}

const BOOT_URL = new URL('./worker-boot.mjs', import.meta.url);
const DEFAULT_MAX_HEAP_MB = 2048;

function spawnWorker(spec: WorkerSpec): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: spec.maxHeapMb ?? DEFAULT_MAX_HEAP_MB };
  if (spec.entry.pathname.endsWith('.ts')) {
    return new Worker(fileURLToPath(BOOT_URL), { workerData: { entry: spec.entry.href }, resourceLimits });
  }
  return new Worker(fileURLToPath(spec.entry), { resourceLimits });
}

export class RunManager {
  private readonly slots = new Map<string, Slot>();
  private readonly queue: string[] = [];
  private running = 0;
  private closed = false;

  constructor(private readonly options: RunManagerOptions) {}

  /** Queue a job; it starts as soon as a slot is free. */
  start(job: RunJob): void {
    if (this.closed) throw new Error('The run manager is closed.');
    if (this.slots.has(job.runId)) throw new Error(`Run ${job.runId} is already known.`);
    this.slots.set(job.runId, {
      job,
      state: 'queued',
      phase: 'queued',
      startedAt: this.options.now(),
      worker: null,
      timer: null,
      settled: false,
    });
    this.queue.push(job.runId);
    this.pump();
  }

  /** @returns false if the run is unknown or already finished. */
  cancel(runId: string): boolean {
    const slot = this.slots.get(runId);
    if (!slot || slot.settled) return false;
    void this.settle(slot, { status: 'cancelled', message: 'Cancelled.' });
    return true;
  }

  active(): ActiveRun[] {
    return [...this.slots.values()]
      .filter((s) => !s.settled)
      .map((s) => ({
        runId: s.job.runId,
        scenarioId: s.job.scenarioId,
        variant: s.job.variant,
        seed: s.job.seed,
        state: s.state,
        phase: s.phase,
        startedAt: s.startedAt,
      }));
  }

  /** Stop every run (reported cancelled) and refuse new ones. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(
      [...this.slots.values()].map((slot) =>
        this.settle(slot, { status: 'cancelled', message: 'The lab service is shutting down.' }),
      ),
    );
  }

  private pump(): void {
    while (this.running < this.options.maxConcurrent && this.queue.length > 0) {
      const slot = this.slots.get(this.queue.shift()!);
      if (!slot || slot.settled) continue;
      this.launch(slot);
    }
  }

  private launch(slot: Slot): void {
    this.running += 1;
    slot.state = 'running';
    slot.phase = 'starting';
    slot.startedAt = this.options.now();
    let worker: Worker;
    try {
      worker = spawnWorker(this.options.worker);
    } catch (error) {
      void this.settle(slot, { status: 'failed', message: `Could not start a run worker: ${String(error)}` });
      return;
    }
    slot.worker = worker;
    slot.timer = setTimeout(() => {
      void this.settle(slot, {
        status: 'failed',
        message: `The run took longer than ${Math.round(this.options.timeoutMs / 1000)} s and was stopped.`,
      });
    }, this.options.timeoutMs);
    worker.on('message', (message: WorkerMessage) => {
      if (slot.settled) return;
      if (message.type === 'progress') {
        slot.phase = message.phase;
        this.options.onProgress(slot.job.runId, {
          phase: message.phase,
          done: message.done,
          total: message.total,
        });
      } else if (message.type === 'done') {
        void this.settle(slot, {
          status: 'completed',
          run: message.run,
          durationMs: Math.max(0, this.options.now() - slot.startedAt),
        });
      } else {
        void this.settle(slot, { status: 'failed', message: message.message });
      }
    });
    worker.on('error', (error) => {
      void this.settle(slot, { status: 'failed', message: `The run worker crashed: ${error.message}` });
    });
    worker.on('exit', (code) => {
      void this.settle(slot, { status: 'failed', message: `The run worker exited early (code ${code}).` });
    });
    const job: RunJobMessage = {
      type: 'run',
      text: slot.job.text,
      variant: slot.job.variant,
      seed: slot.job.seed,
    };
    worker.postMessage(job);
  }

  /** Finish a slot once: stop its worker and timer, free its place, report the outcome. */
  private async settle(slot: Slot, outcome: RunOutcome): Promise<void> {
    if (slot.settled) return;
    slot.settled = true;
    if (slot.timer) clearTimeout(slot.timer);
    this.slots.delete(slot.job.runId);
    const worker = slot.worker;
    slot.worker = null;
    if (worker) {
      this.running -= 1;
      worker.removeAllListeners('message');
      await worker.terminate().catch(() => 0);
    }
    this.options.onFinished(slot.job, outcome);
    if (!this.closed) this.pump();
  }
}
