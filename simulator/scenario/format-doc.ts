/**
 * Generates `scenarios/schema.json` (for editors) and `docs/scenario-format.md` (the format
 * reference) from the zod schema, so neither can drift from what the loader accepts.
 * scripts/gen-schema.ts writes them; tests/unit/schema-fresh.test.ts fails when they are stale.
 */
import { z } from 'zod';
import { ACTION_TYPES } from './schema-actions.js';
import { EXPECTATION_KINDS } from './schema-expectations.js';
import { scenarioSchema, SCENARIO_VERSION } from './schema.js';

type Json = { [key: string]: unknown };

/** The JSON Schema of scenario files (draft-07, which YAML editors support best). */
export function scenarioJsonSchema(): Json {
  const schema = z.toJSONSchema(scenarioSchema, {
    io: 'input',
    target: 'draft-7',
    unrepresentable: 'any',
  }) as Json;
  const definitions = schema['definitions'] as Record<string, Json>;
  // Editors cannot see the "exactly one action / kind" rule in the zod refinement; spell it out.
  definitions['Step']!['oneOf'] = ACTION_TYPES.map((type) => ({ required: [type] }));
  definitions['Expectation']!['oneOf'] = EXPECTATION_KINDS.map((kind) => ({ required: [kind] }));
  return {
    $schema: schema['$schema'],
    title: `Sightline scenario (format ${SCENARIO_VERSION})`,
    description: 'Generated from simulator/scenario/schema.ts by `npm run gen:schema`; do not edit.',
    $ref: schema['$ref'],
    definitions,
  };
}

/** `scenarios/schema.json` as written to disk. */
export function renderSchemaJson(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------
// Markdown reference

function resolve(node: Json, definitions: Record<string, Json>): Json {
  const ref = node['$ref'];
  if (typeof ref === 'string') return definitions[ref.replace('#/definitions/', '')] ?? node;
  return node;
}

function anchorFor(ref: string): string {
  return ref.replace('#/definitions/', '').toLowerCase();
}

/** A short type description: `text`, `duration`, `whole number (0–100)`, `list of group id`… */
function typeOf(node: Json, definitions: Record<string, Json>): string {
  if (typeof node['$ref'] === 'string') {
    const target = resolve(node, definitions);
    const title = typeof target['title'] === 'string' ? target['title'] : anchorFor(node['$ref']);
    return `[${title}](#${anchorFor(node['$ref'])})`;
  }
  if ('const' in node) return `\`${String(node['const'])}\``;
  if (Array.isArray(node['enum']))
    return `one of ${(node['enum'] as unknown[]).map((v) => `\`${String(v)}\``).join(', ')}`;
  const alternatives = (node['anyOf'] ?? node['oneOf']) as Json[] | undefined;
  if (Array.isArray(alternatives)) return alternatives.map((a) => typeOf(a, definitions)).join(' or ');
  switch (node['type']) {
    case 'string': {
      const pattern = String(node['pattern'] ?? '');
      if (pattern.includes('ms|s|m|h|d')) return 'duration';
      if (pattern === '^\\d{6}$') return '6-digit PIN (quoted)';
      if (node['format'] === 'uri') return 'URL';
      if (pattern.startsWith('^[A-Za-z0-9]')) return 'id';
      if (pattern.startsWith('^[a-z0-9]+')) return 'kebab-case id';
      if (node['minLength'] === 1 && node['maxLength'] === undefined) return 'id reference';
      return 'text';
    }
    case 'integer':
    case 'number': {
      const noun = node['type'] === 'integer' ? 'whole number' : 'number';
      const min = node['minimum'];
      const max = node['maximum'];
      return min !== undefined && max !== undefined ? `${noun} (${String(min)}–${String(max)})` : noun;
    }
    case 'boolean':
      return '`true` / `false`';
    case 'array': {
      const items = node['items'] as Json | undefined;
      const max = node['maxItems'];
      const inner = items ? typeOf(items, definitions) : 'anything';
      return `list of ${inner}${max !== undefined ? ` (at most ${String(max)})` : ''}`;
    }
    case 'object':
      return 'mapping';
    default:
      return 'any';
  }
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A field table for an object node. */
function fieldTable(node: Json, definitions: Record<string, Json>, skip: readonly string[] = []): string[] {
  const properties = (node['properties'] ?? {}) as Record<string, Json>;
  const required = new Set((node['required'] ?? []) as string[]);
  const lines = ['| field | type | required | default | description |', '|---|---|---|---|---|'];
  for (const [name, property] of Object.entries(properties)) {
    if (skip.includes(name)) continue;
    const defaultValue = 'default' in property ? `\`${JSON.stringify(property['default'])}\`` : '';
    const description = typeof property['description'] === 'string' ? property['description'] : '';
    lines.push(
      `| \`${name}\` | ${cell(typeOf(property, definitions))} | ${required.has(name) ? 'yes' : ''} | ${cell(defaultValue)} | ${cell(description)} |`,
    );
  }
  return lines;
}

const INTRO = `A scenario is a YAML file describing parties, defences, a timeline of steps, the expectations a
trainer claims, and variants of the same scenario with defences flipped. \`sightline validate FILE\`
checks a file and lists every problem with its line and column. Editors that understand JSON Schema
can complete and check scenario files with \`scenarios/schema.json\` (for the YAML language server, add
\`# yaml-language-server: $schema=../scenarios/schema.json\` as the first line).

## Conventions

- **Ids** (parties, devices, groups, defences, messages, steps) use letters, digits, \`-\`, \`_\` or \`.\`.
  Parties and devices share one namespace; every other kind of id has its own. Scenario and variant ids
  are kebab-case.
- **Durations** are written \`30s\`, \`5m\`, \`2h\`, \`31d\`, \`1w\` or combined (\`1h30m\`); \`ms\` is
  milliseconds. A bare number is refused: \`30\` could mean seconds or days.
- **PINs and phone numbers** must be quoted (\`pin: "012345"\`), or YAML reads them as numbers.
- **Steps** run in order. \`at\` (time from the start of the run) may only move forward.
- **A user's devices:** the primary phone is \`<user>-phone\` unless \`phone\` names it; \`linked_devices\`
  are companions linked before the run; \`link-device\` steps add more.
- **Nothing declares what a party sees.** Expectations are claims checked against the ledger that the
  parties' own code writes while handling real bytes.

## Variants and expectations

- \`base\` is the scenario as written; each entry under \`variants\` is the same scenario with the
  defences in \`enable\` switched on and those in \`disable\` switched off.
- A top-level expectation is checked in every variant, unless its \`variants\` list names the variants
  (and/or \`base\`) it applies to.
- A variant's own \`expectations\` are added to the inherited ones; one whose \`id\` equals an inherited
  expectation's id replaces it.
- \`sightline run\` runs \`base\` and every variant; the exit code is 0 only when every expectation of
  every run holds.

## Versions

The first line of every scenario is \`sightline: ${SCENARIO_VERSION}\`. When the format changes
incompatibly the version is bumped and older files are migrated on load (simulator/scenario/migrations.ts).`;

/** `docs/scenario-format.md`. */
export function renderFormatReference(): string {
  const schema = scenarioJsonSchema();
  const definitions = schema['definitions'] as Record<string, Json>;
  const root = definitions['Scenario']!;
  const rootProperties = root['properties'] as Record<string, Json>;
  const out: string[] = [
    `# Scenario format reference (version ${SCENARIO_VERSION})`,
    '',
    '<!-- Generated from simulator/scenario/schema.ts by `npm run gen:schema`; do not edit by hand. -->',
    '',
    INTRO,
    '',
    '## Top level',
    '',
    ...fieldTable(root, definitions),
    '',
  ];

  const section = (title: string, id: string, description: string, lines: string[]) => {
    out.push(`<a id="${id}"></a>`, '', title, '', ...(description ? [description, ''] : []), ...lines, '');
  };

  const options = resolve(rootProperties['options']!, definitions);
  section('## `options`', 'options', String(options['description'] ?? ''), fieldTable(options, definitions));

  // Parties and defences: one table per kind.
  const unionRefs = (property: Json) =>
    (((resolve(property, definitions)['items'] as Json)['oneOf'] ?? []) as Json[]).map((option) =>
      String(option['$ref']),
    );
  out.push('## Parties', '', 'Every party has `id` and `kind`; the other fields depend on the kind.', '');
  for (const ref of unionRefs(rootProperties['parties']!)) {
    const node = resolve({ $ref: ref }, definitions);
    const kind = (node['properties'] as Record<string, Json>)['kind']!;
    section(
      `### \`${String(node['title'])}\``,
      anchorFor(ref),
      String(kind['description'] ?? ''),
      fieldTable(node, definitions, ['kind']),
    );
  }
  out.push('## Defences', '', 'Every defence has `id`, `kind` and `enabled`; variants flip `enabled`.', '');
  for (const ref of unionRefs(rootProperties['defences']!)) {
    const node = resolve({ $ref: ref }, definitions);
    const kind = (node['properties'] as Record<string, Json>)['kind']!;
    section(
      `### \`${String(node['title'])}\``,
      anchorFor(ref),
      String(kind['description'] ?? ''),
      fieldTable(node, definitions, ['kind']),
    );
  }

  section(
    '## Groups',
    'group',
    String(definitions['Group']!['description'] ?? ''),
    fieldTable(definitions['Group']!, definitions),
  );

  const step = definitions['Step']!;
  const stepProperties = step['properties'] as Record<string, Json>;
  section(
    '## Steps',
    'step',
    `${String(step['description'] ?? '')}. Example: \`- at: 1h\` / \`  send: { id: m1, from: alice, to: bob, text: "hi" }\`.`,
    fieldTable(
      { properties: { id: stepProperties['id'], at: stepProperties['at'], note: stepProperties['note'] } },
      definitions,
    ),
  );
  for (const type of ACTION_TYPES) {
    const action = stepProperties[type]!;
    out.push(
      `### \`${type}\``,
      '',
      String(action['description'] ?? ''),
      '',
      ...fieldTable(action, definitions),
      '',
    );
  }

  const expectation = definitions['Expectation']!;
  const expectationProperties = expectation['properties'] as Record<string, Json>;
  section(
    '## Expectations',
    'expectation',
    String(expectation['description'] ?? ''),
    fieldTable(
      {
        properties: {
          id: expectationProperties['id'],
          variants: expectationProperties['variants'],
          because: expectationProperties['because'],
        },
      },
      definitions,
    ),
  );
  for (const kind of EXPECTATION_KINDS) {
    const check = expectationProperties[kind]!;
    out.push(
      `### \`${kind}\``,
      '',
      String(check['description'] ?? ''),
      '',
      ...fieldTable(check, definitions),
      '',
    );
  }

  section(
    '## Variants',
    'variant',
    String(definitions['Variant']!['description'] ?? ''),
    fieldTable(definitions['Variant']!, definitions),
  );
  section('## References', 'reference', '', fieldTable(definitions['Reference']!, definitions));
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
