/**
 * How `sightline run` shows progress. A bar (cli-progress) is for a person watching a terminal:
 * only when standard output is a TTY, never in CI (the `CI` variable that GitHub Actions, GitLab,
 * CircleCI, Travis… set), never when a report goes to standard output (`--json -`), never with
 * `--quiet` or `--no-progress`, nor on a `TERM=dumb` terminal. Otherwise the status line on standard error stays as it was (a
 * terminal only) — so what a pipe or log file receives on standard output never changes.
 */
import { terminalSafe } from '../report/text.js';
import type { CliIo, OutputStream } from './io.js';

/** `bar` on stdout · `lines` the status line on stderr · `none`. */
export type ProgressMode = 'bar' | 'lines' | 'none';

export interface ProgressInputs {
  stdoutTTY: boolean;
  stderrTTY: boolean;
  /** Running in CI (see isCi). */
  ci: boolean;
  /** `TERM=dumb`: the terminal cannot move the cursor. */
  dumbTerminal: boolean;
  /** A report (`--json -`, `--junit -`…) is written to stdout. */
  reportToStdout: boolean;
  quiet: boolean;
  /** `false` with `--no-progress`. */
  enabled: boolean;
  /** Runs in the plan: one run needs no bar. */
  runs: number;
}

export function progressMode(i: ProgressInputs): ProgressMode {
  if (!i.enabled || i.quiet || i.runs <= 1) return 'none';
  if (i.stdoutTTY && !i.ci && !i.reportToStdout && !i.dumbTerminal) return 'bar';
  return i.stderrTTY ? 'lines' : 'none';
}

/** `CI` set to anything but empty, `0` or `false` (the convention of the `ci-info` family). */
export function isCi(env: CliIo['env']): boolean {
  const ci = env['CI'];
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/** A bar over `total` runs on `stream`; `label` names the run that last started. */
export interface RunBar {
  started(label: string): void;
  ended(): void;
  stop(): void;
}

/** The bar; cli-progress (and node:readline) is imported only when a bar is shown. */
export async function runBar(stream: OutputStream, total: number): Promise<RunBar> {
  const { Presets, SingleBar } = await import('cli-progress');
  const bar = new SingleBar(
    {
      // cli-progress writes only through write/isTTY/columns (readline's cursor helpers write escapes).
      stream: stream as unknown as NodeJS.WritableStream,
      format: '{bar} {value}/{total} runs · {run}',
      barsize: 24,
      clearOnComplete: true,
      hideCursor: true,
      etaBuffer: 1,
    },
    Presets.shades_classic,
  );
  let done = 0;
  let last = '';
  bar.start(total, 0, { run: '' });
  return {
    started(label) {
      last = terminalSafe(label);
      bar.update(done, { run: last });
    },
    ended() {
      done++;
      bar.update(done, { run: last });
    },
    stop() {
      bar.stop();
    },
  };
}
