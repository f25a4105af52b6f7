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

/** At most one report (--json, --junit, --sarif, a seed report) may go to standard output. */
export function checkSingleStdout(paths: ReadonlyArray<string | undefined>): void {
  if (paths.filter((p) => p === '-').length > 1) {
    throw new UsageError('only one report can go to standard output (-): give the others a file');
  }
}
