/**
 * Scenario problems: everything wrong with a file, each located (file, line, column, path) and
 * worded for the scenario author. The loader collects all of them before throwing, so one
 * `sightline validate` run shows every fix needed.
 */
import type { SourceLocation } from './source-location.js';

/** What kind of problem; stable strings for tests, the editor and SARIF rules. */
export type ProblemCode =
  | 'encoding' // not a UTF-8 text file (binary, UTF-16, Latin-1, control characters)
  | 'limit' // over a resource limit (file size, YAML alias expansion)
  | 'yaml' // not parseable YAML (bad indentation, duplicate key, tabs…)
  | 'empty' // nothing in the file
  | 'version' // missing or unsupported `sightline:` version
  | 'type' // wrong type of value
  | 'value' // right type, value not allowed (enum, range, pattern, length)
  | 'missing' // required field absent
  | 'unknown-key' // a field, action or kind the format does not have
  | 'reference' // names something that does not exist
  | 'duplicate' // an id used twice
  | 'wrong-kind' // names something of the wrong kind (a carrier where a user is needed)
  | 'order' // steps out of time order, or a message used before it is sent
  | 'conflict'; // two settings that cannot both hold

export interface ScenarioProblem extends SourceLocation {
  /** The file as given to the loader (relative paths stay relative). */
  file: string;
  /** Where in the document, e.g. `steps[3].send.to`; empty for the whole file. */
  path: string;
  code: ProblemCode;
  /** What is wrong and, where possible, what to do. */
  message: string;
}

/** `file:line:column path: message` — the form editors and terminals turn into links. */
export function formatProblem(problem: ScenarioProblem): string {
  const where = `${problem.file}:${problem.line}:${problem.column}`;
  return problem.path === '' ? `${where} ${problem.message}` : `${where} ${problem.path}: ${problem.message}`;
}

/** Problems in reading order: by file, line, column. */
export function sortProblems(problems: readonly ScenarioProblem[]): ScenarioProblem[] {
  return [...problems].sort(
    (a, b) =>
      a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.path.localeCompare(b.path),
  );
}

/** Thrown when a scenario file cannot be used; `problems` lists everything found, in file order. */
export class ScenarioError extends Error {
  override readonly name: string = 'ScenarioError';
  readonly problems: readonly ScenarioProblem[];

  constructor(problems: readonly ScenarioProblem[]) {
    const sorted = sortProblems(problems);
    const count = sorted.length === 1 ? '1 problem' : `${sorted.length} problems`;
    const file = sorted[0]?.file ?? 'scenario';
    super(`${file}: ${count}\n${sorted.map(formatProblem).join('\n')}`);
    this.problems = sorted;
  }
}
