/**
 * Finding and loading scenario files. Directories are searched recursively for `*.yaml` / `*.yml`
 * (skipping hidden folders and node_modules), in sorted order so runs are listed the same way on
 * every machine.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, isAbsolute } from 'node:path';
import {
  MAX_SCENARIO_BYTES,
  oversizedProblem,
  parseScenarioBytes,
  type LoadedScenario,
} from '../scenario/loader.js';
import type { ScenarioProblem } from '../scenario/errors.js';
import { UsageError } from './errors.js';

/** Largest scenario file read (a bound on everything; scenarios are hand-written). */
export { MAX_SCENARIO_BYTES };

const SCENARIO_FILE = /\.ya?ml$/i;

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, out);
    else if (entry.isFile() && SCENARIO_FILE.test(entry.name)) out.push(path);
  }
}

/** Shows paths relative to the working directory when they are inside it. */
export function displayPath(path: string, cwd: string): string {
  if (!isAbsolute(path)) return path;
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/**
 * Expands files and directories into scenario files.
 * @throws UsageError for a path that does not exist or a directory with no scenario files.
 */
export async function collectScenarioFiles(paths: readonly string[], cwd: string): Promise<string[]> {
  const files: string[] = [];
  for (const given of paths) {
    const absolute = isAbsolute(given) ? given : join(cwd, given);
    let info;
    try {
      info = await stat(absolute);
    } catch {
      throw new UsageError(`no such file or directory: ${given}`);
    }
    if (info.isDirectory()) {
      const found: string[] = [];
      await walk(absolute, found);
      if (found.length === 0) throw new UsageError(`no scenario files (*.yaml, *.yml) in ${given}`);
      files.push(...found.map((f) => displayPath(f, cwd)));
    } else {
      files.push(given);
    }
  }
  return [...new Set(files)];
}

/**
 * Like collectScenarioFiles, for `run`: a path that does not exist or a directory without
 * scenario files is not fatal but an invalid input of its own, reported with the rest.
 */
export async function collectRunInputs(
  paths: readonly string[],
  cwd: string,
): Promise<{ files: string[]; missing: Array<{ file: string; problems: ScenarioProblem[] }> }> {
  const files: string[] = [];
  const missing: Array<{ file: string; problems: ScenarioProblem[] }> = [];
  for (const given of paths) {
    try {
      files.push(...(await collectScenarioFiles([given], cwd)));
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      missing.push({ file: given, problems: [{ ...problem(given, error.message), code: 'reference' }] });
    }
  }
  return { files: [...new Set(files)], missing };
}

export type LoadOutcome =
  | { file: string; ok: true; loaded: LoadedScenario }
  | { file: string; ok: false; problems: ScenarioProblem[] };

/** Reads and validates one file; unreadable or oversized files become a located problem. */
export async function loadScenarioFile(file: string, cwd: string): Promise<LoadOutcome> {
  const absolute = isAbsolute(file) ? file : join(cwd, file);
  let bytes: Uint8Array;
  try {
    const info = await stat(absolute);
    if (info.size > MAX_SCENARIO_BYTES)
      return { file, ok: false, problems: [oversizedProblem(info.size, file)] };
    bytes = new Uint8Array(await readFile(absolute));
  } catch (error) {
    return {
      file,
      ok: false,
      problems: [problem(file, `cannot read the file: ${(error as Error).message}`)],
    };
  }
  const result = parseScenarioBytes(bytes, file);
  return result.ok
    ? { file, ok: true, loaded: result.value }
    : { file, ok: false, problems: result.problems };
}

function problem(file: string, message: string): ScenarioProblem {
  return { file, line: 1, column: 1, path: '', code: 'yaml', message };
}
