/** Writing rendered output to a file (creating its folder) or, for `-`, to standard output. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { UsageError } from './errors.js';
import type { CliIo } from './io.js';

export async function writeOutput(path: string, content: string, io: CliIo): Promise<void> {
  if (path === '-') {
    io.stdout.write(content);
    return;
  }
  const target = isAbsolute(path) ? path : join(io.cwd, path);
  try {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${(error as Error).message}`);
  }
}

/** The report files `run` and `merge` can write (each a path, or `-` for standard output). */
export interface ReportTargets {
  json?: string;
  junit?: string;
  sarif?: string;
  seedReportJson?: string;
  seedReportMd?: string;
}

/** Every report target, given or not (for `checkSingleStdout` and to know whether stdout is taken). */
export function reportTargets(options: ReportTargets): (string | undefined)[] {
  return [options.json, options.junit, options.sarif, options.seedReportJson, options.seedReportMd];
}

/** At most one report (--json, --junit, --sarif, a seed report) may go to standard output. */
export function checkSingleStdout(paths: ReadonlyArray<string | undefined>): void {
  if (paths.filter((p) => p === '-').length > 1) {
    throw new UsageError('only one report can go to standard output (-): give the others a file');
  }
}
