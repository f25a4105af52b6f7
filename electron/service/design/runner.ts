// The service's end of the design worker: one long-lived worker_threads Worker (so the evaluator's incremental
// cache survives between requests), jobs sent one at a time, progress forwarded by request id. Live editing sends a
// burst of evaluations; only the newest waiting one is worth running, so an older evaluation still waiting when a
// newer one arrives is answered `superseded` instead. A worker that crashes or exceeds the timeout is terminated
// and its job failed; the next job starts a fresh worker.
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DesignComparison, DesignEvaluation } from '../../contract-design.js';
import type { WorkerSpec } from '../run-manager.js';
import type { DesignProgress } from './engine.js';
import type { DesignJobMessage, DesignWorkerMessage } from './protocol.js';

/** Why a job did not produce a value. */
export class DesignJobError extends Error {
  constructor(
    readonly reason: 'superseded' | 'failed' | 'closed',
    message: string,
  ) {
    super(message);
    this.name = 'DesignJobError';
  }
}

type JobSpec =
  { type: 'evaluate'; text: string; seed: number } | { type: 'compare'; texts: string[]; seed: number };

interface Job {
  id: number;
  spec: JobSpec;
  onProgress: (p: DesignProgress) => void;
  resolve: (value: DesignEvaluation | DesignComparison) => void;
  reject: (error: DesignJobError) => void;
}

export interface DesignRunnerOptions {
  worker: WorkerSpec;
  /** A job still going after this long is stopped (its worker terminated) and failed. */
  timeoutMs: number;
}

const BOOT_URL = new URL('../worker-boot.mjs', import.meta.url);
const DEFAULT_MAX_HEAP_MB = 2048;

function spawn(spec: WorkerSpec): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: spec.maxHeapMb ?? DEFAULT_MAX_HEAP_MB };
  if (spec.entry.pathname.endsWith('.ts')) {
    return new Worker(fileURLToPath(BOOT_URL), {
      workerData: { ...spec.data, entry: spec.entry.href },
      resourceLimits,
    });
  }
  return new Worker(fileURLToPath(spec.entry), { workerData: { ...spec.data }, resourceLimits });
}

export class DesignRunner {
  private worker: Worker | null = null;
  private current: Job | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: DesignRunnerOptions) {}

  evaluate(text: string, seed: number, onProgress: (p: DesignProgress) => void): Promise<DesignEvaluation> {
    // Only the newest evaluation matters while the user is still typing.
    for (const waiting of this.queue.filter((j) => j.spec.type === 'evaluate')) {
      this.queue.splice(this.queue.indexOf(waiting), 1);
      waiting.reject(new DesignJobError('superseded', 'A newer evaluation of this design was requested.'));
    }
    return this.enqueue({ type: 'evaluate', text, seed }, onProgress) as Promise<DesignEvaluation>;
  }

  compare(texts: string[], seed: number, onProgress: (p: DesignProgress) => void): Promise<DesignComparison> {
    return this.enqueue({ type: 'compare', texts, seed }, onProgress) as Promise<DesignComparison>;
  }

  /** Whether a job is running or waiting (tests; the header's busy indicator). */
  get busy(): boolean {
    return this.current !== null || this.queue.length > 0;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0))
      job.reject(new DesignJobError('closed', 'The lab is shutting down.'));
    this.finish(new DesignJobError('closed', 'The lab is shutting down.'));
    await this.stopWorker();
  }

  private enqueue(
    spec: JobSpec,
    onProgress: (p: DesignProgress) => void,
  ): Promise<DesignEvaluation | DesignComparison> {
    if (this.closed) return Promise.reject(new DesignJobError('closed', 'The lab is shutting down.'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, spec, onProgress, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    if (this.current || this.closed) return;
    const job = this.queue.shift();
    if (!job) return;
    this.current = job;
    let worker: Worker;
    try {
      worker = this.worker ?? this.startWorker();
    } catch (error) {
      this.finish(new DesignJobError('failed', `Could not start the design worker: ${String(error)}`));
      return;
    }
    this.timer = setTimeout(() => {
      this.finish(
        new DesignJobError(
          'failed',
          `The evaluation took longer than ${Math.round(this.options.timeoutMs / 1000)} s and was stopped.`,
        ),
      );
      void this.stopWorker();
    }, this.options.timeoutMs);
    const message: DesignJobMessage = { id: job.id, ...job.spec };
    worker.postMessage(message);
  }

  private startWorker(): Worker {
    const worker = spawn(this.options.worker);
    this.worker = worker;
    worker.on('message', (message: DesignWorkerMessage) => {
      const job = this.current;
      if (!job || message.id !== job.id) return;
      if (message.type === 'progress') {
        job.onProgress({ phase: message.phase, done: message.done, total: message.total });
      } else if (message.type === 'done') {
        this.finish(null, message.value);
      } else {
        this.finish(new DesignJobError('failed', message.message));
      }
    });
    const lost = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.finish(new DesignJobError('failed', why));
    };
    worker.on('error', (error) => lost(`The design worker crashed: ${error.message}`));
    worker.on('exit', (code) => lost(`The design worker exited (code ${code}).`));
    return worker;
  }

  private finish(error: DesignJobError | null, value?: DesignEvaluation | DesignComparison): void {
    const job = this.current;
    if (!job) return;
    this.current = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (error) job.reject(error);
    else job.resolve(value!);
    if (!this.closed) queueMicrotask(() => this.pump());
  }

  private async stopWorker(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) {
      worker.removeAllListeners('message');
      await worker.terminate().catch(() => 0);
    }
  }
}
