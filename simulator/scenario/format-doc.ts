/**
 * Generates `scenarios/schema.json` (for editors) and `docs/scenario-format.md` (the format
 * reference) from the zod schema, so neither can drift from what the loader accepts.
 * scripts/gen-schema.ts writes them; tests/unit/schema-fresh.test.ts fails when they are stale.
 */
import { z } from 'zod';
import { ITEM_KIND_NAMES, itemKindSpec } from './item-kinds.js';
import { ACTION_TYPES, type ActionType } from './schema-actions.js';
import { EXPECTATION_KINDS, HOLDING_WHATS, type ExpectationKind } from './schema-expectations.js';
import { scenarioSchema, SCENARIO_VERSION, SEED_MAX } from './schema.js';
import { MAX_SCENARIO_BYTES } from './source-text.js';
import { MAX_ALIAS_COUNT } from './yaml-source.js';

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

/** Field tables for the mapping-valued fields of an object (e.g. a user's `backup`), titled `owner.field`. */
function nestedTables(node: Json, owner: string, definitions: Record<string, Json>): string[] {
  const out: string[] = [];
  for (const [name, property] of Object.entries((node['properties'] ?? {}) as Record<string, Json>)) {
    const target = resolve(property, definitions);
    if (target['type'] !== 'object' || target['properties'] === undefined) continue;
    const description = typeof target['description'] === 'string' ? `${target['description']}. ` : '';
    out.push(
      `#### \`${owner}.${name}\``,
      '',
      `${description}Written as a mapping under \`${name}:\`.`,
      '',
      ...fieldTable(target, definitions),
      '',
      ...(NESTED_NOTES[`${owner}.${name}`] ? [NESTED_NOTES[`${owner}.${name}`]!, ''] : []),
    );
  }
  return out;
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

## Limits and encoding

- A scenario file is **UTF-8 text of at most 1 MB** (${MAX_SCENARIO_BYTES.toLocaleString('en-US')} bytes). A binary
  file, a file saved as UTF-16 or Latin-1, or one with control characters is refused with one message that
  says so (and, for a stray byte, where it is).
- **Indent with spaces.** A tab used as indentation is reported once, on its line (naming any other tab-indented
  lines), without the parser's follow-on errors.
- **YAML anchors and aliases** (\`&alice\` … \`*alice\`) may be used to repeat a value, up to ${MAX_ALIAS_COUNT}
  alias expansions per file: an anchor counts once, and each use counts the aliases nested inside it, so
  anchors built from anchors multiply. A file over the limit ("billion laughs") is refused at the alias that
  crosses it.
- **\`seed\`** is a whole number from 0 to ${SEED_MAX} (32 bits).

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
    section(`### \`${String(node['title'])}\``, anchorFor(ref), String(kind['description'] ?? ''), [
      ...fieldTable(node, definitions, ['kind']),
      '',
      ...nestedTables(node, String(node['title']), definitions),
    ]);
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
    const notes = ACTION_NOTES[type];
    out.push(
      `### \`${type}\``,
      '',
      String(action['description'] ?? ''),
      '',
      ...fieldTable(action, definitions),
      '',
      ...(notes ? [notes, ''] : []),
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
  out.push(...holdingsIntro(definitions));
  for (const kind of EXPECTATION_KINDS) {
    const check = expectationProperties[kind]!;
    out.push(
      `### \`${kind}\``,
      '',
      String(check['description'] ?? ''),
      '',
      ...fieldTable(check, definitions),
      '',
      'Example:',
      '',
      '```yaml',
      EXPECTATION_EXAMPLES[kind].trim(),
      '```',
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

// ---------------------------------------------------------------------------------------------
// Hand-written parts of the reference: the general form of holds / lacks / never, examples and notes.

/** `holds`, `lacks`, `never`: what they mean, the item kinds and what of an item they can be about. */
function holdingsIntro(definitions: Record<string, Json>): string[] {
  const selector = definitions['ItemSelector']!;
  const kinds = ITEM_KIND_NAMES.map((kind) => {
    const spec = itemKindSpec(kind);
    return `| \`${kind}\` | ${cell(spec.description)} | ${spec.content ? 'yes' : 'no'} | ${cell(spec.ids)} |`;
  });
  return [
    '<a id="holdings"></a>',
    '',
    '### Anything in the ledger: `holds`, `lacks`, `never`',
    '',
    'Three kinds of expectation check anything the ledger records, with one shape: a `party`, an `item` and',
    'optionally `what` of it.',
    '',
    '- `holds` — the party holds every selected item, by the end of the run or, with `at: <step id>`, as of',
    '  that step: once the step and what it set off have played out, before the next step runs.',
    '- `lacks` — as of step `at`, the party holds none of them (it may still get them later; the result says when).',
    '- `never` — at no point in the run does the party hold any of them.',
    '',
    'A party never "un-learns" (the ledger only grows), so `lacks … at: S` means "had not learned it by S",',
    'and `never` is `lacks` at the end of the run. `party` may be a device: its view is its holder’s.',
    '',
    '`item` is a message id (`m3`), a list of message ids (`[m1, m2]`), or a **selector** `{kind, of?, id?}`:',
    'every item of that kind, only those `of` a party (or, for `group-membership`, a group), or one item by',
    'its `id` as a run lists it. As of a step, only items that existed by then are selected — a message sent',
    'later cannot be held yet. `holds` on a selector that selects nothing fails (and lists what of that kind',
    'the run has); `lacks` and `never` are then true.',
    '',
    '<a id="item-kinds"></a>',
    '',
    '#### Item kinds',
    '',
    '| kind | what it is | has content | listed in runs as |',
    '|---|---|---|---|',
    ...kinds,
    '',
    '<a id="itemselector"></a>',
    '',
    `#### ${String(selector['title'])}`,
    '',
    ...fieldTable(selector, definitions),
    '',
    '#### `what`',
    '',
    `One of ${HOLDING_WHATS.map((w) => `\`${w}\``).join(', ')}:`,
    '',
    '- `content` — the plaintext itself, held only because the party’s own code wrote it, decrypted it with a',
    '  key it holds, received it unencrypted, read it from a backup or took it from a device. The default for',
    '  kinds that have content.',
    '- a metadata field (`sender`, `recipient`, `timestamp`, `size`, `ip`, `device-list`, `group-membership`,',
    '  `push-token`, `keys`, `address-book`, `online-status`) — e.g. `what: ip` of a call or a message is the',
    '  IP address it gave away.',
    '- `ciphertext` — its bytes, readable or not (held ciphertext, or the content).',
    '- `anything` — any observation at all. The default for kinds without content (accounts, device lists,',
    '  address books, group membership, presence, SIMs), where `content` is refused.',
    '',
    'The older kinds below (`sees-content`, `never-sees-content`, `sees-metadata`, `sees-nothing`) are',
    'shorthands over messages and keep working.',
    '',
  ];
}

/** One example per expectation kind, shown under its table (tests/unit/format-doc.test.ts loads each). */
export const EXPECTATION_EXAMPLES: Readonly<Record<ExpectationKind, string>> = {
  holds: `
- id: history-after-restore
  holds: { party: mallory, item: { kind: message, of: bob }, at: restore }
  because: The restored backup holds Bob's history.
- holds: { party: isp, item: { kind: call, of: alice }, what: ip }
- holds: { party: whatsapp, item: [m1, m2], what: ciphertext }
- holds: { party: gdrive, item: { kind: backup, of: bob }, what: size }
`,
  lacks: `
- id: not-before-restore
  lacks: { party: mallory, item: { kind: backup, of: bob }, at: takeover }
- lacks: { party: mallory, item: { kind: registration-code, of: bob }, at: sim-swap }
`,
  never: `
- never: { party: whatsapp, item: { kind: message } }
- never: { party: isp, item: { kind: device-list } }
- never: { party: gdrive, item: { kind: backup-key, of: bob } }
- never: { party: isp, item: { kind: group-membership, of: family } }
`,
  'sees-content': `
- sees-content: { party: bob, messages: [m1, m2] }
`,
  'never-sees-content': `
- never-sees-content: { party: whatsapp }
`,
  'sees-metadata': `
- sees-metadata: { party: whatsapp, field: ip, messages: [m1] }
`,
  'sees-nothing': `
- sees-nothing: { party: isp, messages: [m2] }
`,
  notice: `
- notice: { user: bob, kind: security-code-changed, about: alice }
`,
  'no-notice': `
- no-notice: { user: bob, kind: new-device-linked }
`,
  action: `
- action: { step: takeover, outcome: fails }
  because: Two-step verification refuses the registration.
`,
  delivered: `
- delivered: { message: m1, to: bob-phone }
`,
  lost: `
- lost: { message: m2 }
`,
};

/**
 * The scenario the examples are checked in: the parties, group, messages and step ids they name.
 * Exported for tests/unit/format-doc.test.ts.
 */
export const EXAMPLE_SCAFFOLD = `sightline: 1
id: format-examples
title: The format reference's examples
summary: Every example of the format reference, loaded in one scenario.
parties:
  - id: alice
    kind: user
  - id: bob
    kind: user
    backup: { provider: gdrive, mode: plain }
  - { id: mallory, kind: attacker }
  - { id: whatsapp, kind: chat-server }
  - { id: carrier, kind: carrier }
  - { id: registration, kind: registration }
  - { id: gdrive, kind: backup-provider }
  - { id: isp, kind: network-observer, taps: all }
groups:
  - { id: family, name: Family, admin: alice, members: [bob] }
steps:
  - send: { id: m1, from: alice, to: bob, text: "Hi" }
  - send: { id: m2, from: bob, to: alice, text: "Hello" }
  - call: { from: alice, to: bob }
  - backup: { user: bob }
  - id: sim-swap
    sim-swap: { attacker: mallory, victim: bob }
  - id: takeover
    register: { user: bob, by: mallory }
  - steal-backup-credentials: { attacker: mallory, victim: bob }
  - id: restore
    restore-backup: { by: mallory, user: bob }
expectations:
`;

/** Notes shown under some actions: what the step needs and what it does. */
export const ACTION_NOTES: Partial<Readonly<Record<ActionType, string>>> = {
  'quantum-break': [
    'Harvest now, decrypt later. A `network-observer` named by a `quantum-break` step stores the bytes of',
    'every frame it taps; at this step it gets a quantum computer that solves discrete logs on Curve25519. That',
    'computer is simulated: an oracle that gives the private key of any X25519 public key the run generated',
    '(standing in for Shor’s algorithm) and refuses every ML-KEM key. The observer’s own code does the rest:',
    'it opens each recorded Noise handshake and the transport frames, reads the prekeys and messages inside',
    '(sender and recipient become known), re-derives each X3DH session and its ratchet from recovered keys,',
    'and holds the content of every message whose MAC then verifies. A PQXDH session (defence `pqxdh`)',
    'stays closed: its root key also needs the ML-KEM shared secret. Group (sender-key) messages are not',
    'attacked. Example: `- at: 1h` / `  quantum-break: { observer: tap }` (scenario 30).',
  ].join('\n'),
  backup: [
    'The user’s phone (it must be logged in and online) uploads what it still stores — disappeared',
    'messages are gone — to the `backup-provider` named in the user’s [`backup`](#userparty) settings,',
    'protected as its `mode` says (or as an enabled `e2ee-backup` defence says). Each backup is an item',
    '(`backup:<user>:<n>`); the key of an end-to-end encrypted one is another (`backup-key:<user>:<n>`).',
  ].join('\n'),
  'steal-backup-credentials': [
    'The attacker signs in to the victim’s cloud account — the Google or Apple account the phone backs up',
    'to. The lab does not model how (phishing, a reused password, account recovery through the phone number',
    'after a `sim-swap`): the step always succeeds, and by itself shows the attacker nothing. It gives access',
    'to the stored backup file; what the file gives away is decided when it is restored (`restore-backup`).',
    'Example: `- steal-backup-credentials: { attacker: mallory, victim: bob }`.',
  ].join('\n'),
  'restore-backup': [
    '`by` downloads `user`’s latest backup with the cloud credentials it holds — the owner has their own;',
    'an attacker needs `steal-backup-credentials` first — and opens it, onto the phone it holds on the',
    'user’s number if it has one, when it can get the key that protects it: for a plain backup, the key the',
    'chat server holds and releases only to an install that completed registration on the number (SMS code',
    'and, with two-step verification, the PIN — see docs/model.md); for an end-to-end encrypted',
    'backup, the password (which the key vault checks, counting wrong guesses — see `guess-vault-password`',
    '— and answers only for an install registered on the number) or the 64-digit key only the owner has',
    'written down. The step fails, with the reason, when something is missing. Check what it gave with',
    '`holds`, e.g. `holds: { party: mallory, item: { kind: message, of: bob }, at: <the restore step’s id> }`.',
  ].join('\n'),
};

/** Notes shown under nested mappings, keyed `party kind.field`. */
const NESTED_NOTES: Readonly<Record<string, string>> = {
  'user.backup': [
    'Example: `backup: { provider: gdrive, mode: encrypted-password, password: "blue-harbour-42" }`.',
    'Nothing is backed up until a `backup` step runs; for a user without these settings it uses the',
    'scenario’s only `backup-provider`, in `plain` mode. An `e2ee-backup` defence for the user switches',
    'the mode to `encrypted-password` or `encrypted-key` (with its own `password`) in the variants that',
    'enable it.',
  ].join('\n'),
};
