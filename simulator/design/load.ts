/**
 * Loads and writes design documents. Reuses the scenario loader's machinery (YAML with positions,
 * zod issues turned into located problems) so a bad design gets the same file:line:column, field and
 * "expected …" message a bad scenario does. Pure: the caller reads the file.
 */
import { stringify } from 'yaml';
import { sortProblems, type ScenarioProblem } from '../scenario/errors.js';
import { issuesToProblems } from '../scenario/issues.js';
import { loadYamlDocument } from './yaml-doc.js';
import { designSchema, DESIGN_VERSION, type Design } from './schema.js';

/** A problem in a design file: file, line, column (1-based), path (`regions.crm`), code, message. */
export type LocatedError = ScenarioProblem;

export type DesignLoadResult = { ok: true; design: Design } | { ok: false; errors: LocatedError[] };

/** Validates a design file's text; never throws. */
export function loadDesign(text: string, file: string): DesignLoadResult {
  const result = loadYamlDocument(designSchema, text, file);
  return result.ok ? { ok: true, design: result.value } : { ok: false, errors: result.errors };
}

/** Validates a design given as data (the app's form); problems carry line 1, column 1 and the path. */
export function validateDesign(data: unknown, file = 'design'): DesignLoadResult {
  const parsed = designSchema.safeParse(data);
  if (parsed.success) return { ok: true, design: parsed.data };
  return {
    ok: false,
    errors: sortProblems(
      issuesToProblems(parsed.error.issues, { file, data, locations: {}, schema: designSchema }),
    ),
  };
}

/**
 * The design as YAML, every field written out (defaults too) in schema order, so loading it back
 * gives the same design: nothing is lost (tests/design/load.test.ts).
 */
export function designToYaml(design: Design): string {
  const ordered: Record<string, unknown> = {
    'sightline-design': DESIGN_VERSION,
    id: design.id,
    title: design.title,
  };
  if (design.description !== undefined) ordered['description'] = design.description;
  ordered['business'] = design.business;
  ordered['regions'] = design.regions;
  ordered['retention'] = design.retention;
  ordered['backup'] = design.backup;
  ordered['plain_backup_protection'] = design.plain_backup_protection;
  ordered['defences'] = design.defences;
  ordered['group_size'] = design.group_size;
  return stringify(ordered, { lineWidth: 100 });
}
