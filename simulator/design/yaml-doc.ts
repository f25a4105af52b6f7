/**
 * Loads a YAML document against a zod schema with the scenario loader's located errors (file, line,
 * column, path, what was expected). Shared by designs, compliance rules and policies.
 */
import type { z } from 'zod';
import { sortProblems, type ScenarioProblem } from '../scenario/errors.js';
import { issuesToProblems } from '../scenario/issues.js';
import { sourceTextProblem } from '../scenario/source-text.js';
import { readYamlSource } from '../scenario/yaml-source.js';

export type DocResult<T> = { ok: true; value: T } | { ok: false; errors: ScenarioProblem[] };

/** Parses and validates `text`; never throws. */
export function loadYamlDocument<S extends z.ZodType>(
  schema: S,
  text: string,
  file: string,
): DocResult<z.output<S>> {
  const unreadable = sourceTextProblem(text, file);
  if (unreadable) return { ok: false, errors: [unreadable] };
  const source = readYamlSource(text, file);
  if (source.data === undefined || source.problems.length > 0)
    return { ok: false, errors: sortProblems(source.problems) };
  const parsed = schema.safeParse(source.data);
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors = issuesToProblems(parsed.error.issues, {
    file,
    data: source.data,
    locations: source.locations,
    schema,
  });
  return { ok: false, errors: sortProblems(errors) };
}
