// The worker side of design evaluation: takes jobs from the parent port one at a time and answers each with
// progress, then `done` or `error`. A worker entry is just `serveDesigns(createMyEvaluator())`.
import { parentPort } from 'node:worker_threads';
import { throttledProgress } from '../run-worker.js';
import type { DesignEvaluator } from './engine.js';
import type { DesignJobMessage, DesignWorkerMessage } from './protocol.js';

function send(message: DesignWorkerMessage): void {
  parentPort?.postMessage(message);
}

/** Serve design jobs on this worker's parent port, in the order they arrive. */
export function serveDesigns(evaluator: DesignEvaluator): void {
  const port = parentPort;
  if (!port) throw new Error('serveDesigns must be called inside a worker thread.');
  let chain: Promise<void> = Promise.resolve();
  port.on('message', (job: DesignJobMessage) => {
    chain = chain.then(async () => {
      const progress = throttledProgress((p) => send({ type: 'progress', id: job.id, ...p }));
      try {
        const value =
          job.type === 'evaluate'
            ? await evaluator.evaluate(job.text, job.seed, progress)
            : await evaluator.compare(job.texts, job.seed, progress);
        send({ type: 'done', id: job.id, value });
      } catch (error) {
        send({ type: 'error', id: job.id, message: error instanceof Error ? error.message : String(error) });
      }
    });
  });
}
