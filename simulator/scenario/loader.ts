/**
 * Loads a scenario: YAML (with positions) → version check and migrations → zod validation →
 * cross-reference checks. Every problem from every stage is collected and reported at once, each
 * with file, line, column and path. Pure: the caller reads the file (the CLI, the service).
 */
import { sortProblems, ScenarioError, type ScenarioProblem } from './errors.js';
import { issuesToProblems } from './issues.js';
import { checkVersion } from './migrations.js';
import { crossCheck } from './cross-check.js';
import { scenarioSchema, type Scenario } from './schema.js';
import { decodeScenarioBytes, sourceTextProblem } from './source-text.js';
import { locate, readYamlSource, type LocationIndex } from './yaml-source.js';

export { MAX_SCENARIO_BYTES, oversizedProblem } from './source-text.js';
export { MAX_ALIAS_COUNT } from './yaml-source.js';

/** A validated scenario plus what is needed to point back into its file. */
export interface LoadedScenario {
  /** The file name as given (used in problems, reports and SARIF). */
  file: string;
  scenario: Scenario;
  /** Positions of every node, by path (`expectations[2]`); see `locate`. */
  locations: LocationIndex;
  /** Set when the file was written for an older format version and migrated on load. */
  migratedFrom?: number;
}

export type ParseResult = { ok: true; value: LoadedScenario } | { ok: false; problems: ScenarioProblem[] };

/**
 * Validates a scenario file's bytes: one problem for a file that is too large, binary or not UTF-8
 * (located at the first bad byte), otherwise `parseScenario` of its text. Never throws.
 */
export function parseScenarioBytes(bytes: Uint8Array, file: string): ParseResult {
  const decoded = decodeScenarioBytes(bytes, file);
  return decoded.ok ? parseScenario(decoded.text, file) : { ok: false, problems: [decoded.problem] };
}

/** Validates `text` and returns the scenario or every problem found; never throws. */
export function parseScenario(text: string, file: string): ParseResult {
  const unreadable = sourceTextProblem(text, file);
  if (unreadable) return { ok: false, problems: [unreadable] };
  const source = readYamlSource(text, file);
  const problems = [...source.problems];
  if (source.data === undefined) return { ok: false, problems: sortProblems(problems) };

  const version = checkVersion(source.data);
  if (!version.ok) {
    const path = version.at === 'version' ? ['sightline'] : [];
    const where = locate(source.locations, path);
    problems.push({
      file,
      ...where,
      path: version.at === 'version' ? 'sightline' : '',
      code: 'version',
      message: version.message,
    });
    return { ok: false, problems: sortProblems(problems) };
  }

  const parsed = scenarioSchema.safeParse(version.document);
  if (!parsed.success) {
    problems.push(
      ...issuesToProblems(parsed.error.issues, {
        file,
        data: version.document,
        locations: source.locations,
        schema: scenarioSchema,
      }),
    );
  }
  problems.push(...crossCheck(version.document, { file, locations: source.locations }));

  if (problems.length > 0 || !parsed.success) return { ok: false, problems: dedupe(sortProblems(problems)) };
  const value: LoadedScenario = { file, scenario: parsed.data, locations: source.locations };
  if (version.migratedFrom !== undefined) value.migratedFrom = version.migratedFrom;
  return { ok: true, value };
}

/**
 * Validates `text` and returns the scenario.
 * @throws ScenarioError listing every problem, each with file, line, column and path.
 */
export function loadScenario(text: string, file: string): LoadedScenario {
  const result = parseScenario(text, file);
  if (!result.ok) throw new ScenarioError(result.problems);
  return result.value;
}

/**
 * Drops repeats, and "a step needs an action" when the same step has an unknown key (`sendd:`):
 * the unknown key is the real problem.
 */
function dedupe(problems: ScenarioProblem[]): ScenarioProblem[] {
  const seen = new Set<string>();
  const unknownKeyParents = new Set(
    problems
      .filter((p) => p.code === 'unknown-key')
      .map((p) => p.path.replace(/(\.[^.[\]]+|\["[^"]*"\])$/, '')),
  );
  return problems.filter((p) => {
    if (
      p.code === 'missing' &&
      unknownKeyParents.has(p.path) &&
      /^(a step|an expectation) needs/.test(p.message)
    )
      return false;
    const key = `${p.line}:${p.column}:${p.path}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
