// The worker side of a run: receives one job, runs it with the engine, reports progress and the result.
// A worker entry file is just `serveRuns(createMyEngine())`; see simulator-worker.ts.
import { parentPort } from 'node:worker_threads';
import type { EngineProgress, LabEngine } from './engine.js';
import type { RunJobMessage, WorkerMessage } from './run-protocol.js';

/** Progress is forwarded at most this often per phase (in steps of 1/N of the total), to spare the UI. */
const PROGRESS_STEPS = 100;

function send(message: WorkerMessage): void {
  parentPort?.postMessage(message);
}

/** A progress reporter that drops updates that would not move a progress bar. */
export function throttledProgress(post: (p: EngineProgress) => void): (p: EngineProgress) => void {
  let lastPhase = '';
  let lastStep = -1;
  return (p) => {
    const step = p.total > 0 ? Math.floor((p.done / p.total) * PROGRESS_STEPS) : 0;
    if (p.phase === lastPhase && step === lastStep) return;
    lastPhase = p.phase;
    lastStep = step;
    post(p);
  };
}

/** Serve one run job on this worker's parent port. */
export function serveRuns(engine: LabEngine): void {
  if (!parentPort) throw new Error('serveRuns must be called inside a worker thread.');
  parentPort.once('message', (job: RunJobMessage) => {
    void (async () => {
      try {
        const progress = throttledProgress((p) => send({ type: 'progress', ...p }));
        const run = await engine.run(job.text, { variant: job.variant, seed: job.seed }, progress);
        send({ type: 'done', run });
      } catch (error) {
        send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
      }
    })();
  });
}
