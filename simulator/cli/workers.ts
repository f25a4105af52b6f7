/**
 * Starting the worker threads of `run --jobs N`. The run command's action calls this first, before
 * it even imports the run command's module: a worker takes a few hundred milliseconds to load its
 * bundle, and the second core is idle while this thread loads the run command and the inputs, so
 * that is when the workers should start (docs/dev/PERF.md).
 */
import type { Piscina } from 'piscina';
import { println, type CommandContext } from './context.js';
import { errorText } from './execute.js';
import { workerBundleUrl } from './worker-bundle.js';

/** Workers for `--jobs` > 1; they resolve to undefined, with a note, when they cannot start (the run goes serially). */
export type Workers = Promise<Piscina | undefined> | undefined;

export function prepareWorkers(jobs: number, ctx: CommandContext): Workers {
  if (jobs <= 1 || !ctx.workers) return undefined;
  // The launcher hands over the worker of the bundle it runs; without it (tsx, tests) find or build one.
  const url = ctx.workerUrl !== undefined ? Promise.resolve(ctx.workerUrl) : workerBundleUrl();
  return url
    .then(async (url) => (await import('./pool.js')).startWorkers(url, jobs))
    .catch((error: unknown) => {
      println(
        ctx.io.stderr,
        ctx.err.yellow(`note: worker threads unavailable (${errorText(error)}); running with --jobs 1`),
      );
      return undefined;
    });
}
