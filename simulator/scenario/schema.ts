/**
 * The scenario format, version 1: the single source of truth for scenario files. Types come from
 * it (`z.infer`), and so do `scenarios/schema.json` and `docs/scenario-format.md`
 * (scripts/gen-schema.ts). Cross-references (does `bob` exist, is he a user?) are checked after
 * parsing by cross-check.ts so that every problem can be reported with its line.
 *
 * Changing the format: bump SCENARIO_VERSION and add a migration in migrations.ts.
 */
import { z } from 'zod';
import { actionSchemas, type Action } from './schema-actions.js';
import { durationSchema, idSchema, refSchema, textSchema } from './schema-common.js';
import { defenceSchema } from './schema-defences.js';
import { checkSchemas, type ExpectationCheck } from './schema-expectations.js';
import { partySchema } from './schema-parties.js';
import { oneKeyObject } from './one-key.js';

/** The format version this build reads and writes. */
export const SCENARIO_VERSION = 1;

/** Scenario and variant ids: they appear in file names, URLs and run keys (`scenario#variant`). */
export const KEBAB_CASE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Largest seed: the run's generator is seeded with an unsigned 32-bit integer. */
export const SEED_MAX = 2 ** 32 - 1;
/** One message for every way a seed can be wrong (zod would otherwise report a too-large one twice). */
const SEED_MESSAGE = `a seed is a whole number from 0 to ${SEED_MAX} (32 bits)`;

/** Bounds on list sizes (put a limit on everything). */
export const LIMITS = {
  parties: 200,
  groups: 100,
  defences: 100,
  steps: 5_000,
  expectations: 1_000,
  variants: 50,
};

export const referenceSchema = z
  .strictObject({
    title: textSchema('Title of the source (article, paper, specification)', 500),
    url: z
      .url({ protocol: /^https?$/, error: 'expected a web address starting with https://' })
      .optional()
      .describe('Where to read it'),
    note: textSchema('What this source supports in the scenario', 2000).optional(),
  })
  .meta({ id: 'Reference', title: 'reference' });

export const optionsSchema = z
  .strictObject({
    latency_ms: z
      .number()
      .int()
      .min(0)
      .max(60_000)
      .default(40)
      .describe('One-way latency of every link, in milliseconds'),
    jitter_ms: z
      .number()
      .int()
      .min(0)
      .max(60_000)
      .default(10)
      .describe('Random extra latency, up to this many milliseconds'),
    loss_rate: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .describe('Probability that a frame is lost on a link (0–1)'),
  })
  .describe('Simulation defaults for links');

export const groupSchema = z
  .strictObject({
    id: idSchema('Unique id of the group'),
    name: textSchema('The group’s name as members see it', 200),
    admin: refSchema('The `user` who created and administers the group (a member implicitly)'),
    members: z
      .array(refSchema('A `user` in the group'))
      .min(1)
      .max(256)
      .describe('Members besides the admin, at the start (or when `create-group` runs)'),
    note: textSchema('Trainer note about this group').optional(),
  })
  .meta({ id: 'Group', title: 'group' });

/** A step as the runner receives it. */
export interface Step {
  /** Optional id so expectations (`action`) can refer to the step. */
  id?: string;
  /** Virtual time (ms from the start) at which the step runs; default: right after the previous one. */
  at?: number;
  /** Trainer narration shown in the timeline. */
  note?: string;
  action: Action;
}

export const stepSchema = oneKeyObject<Step>({
  common: {
    id: idSchema('Optional id of the step, so `action` expectations can refer to it').optional(),
    at: durationSchema(
      'When the step runs, from the start of the run (default: after the previous step)',
    ).optional(),
    note: textSchema('Trainer narration shown with this step in the timeline (Markdown)').optional(),
  },
  kinds: actionSchemas,
  tag: 'action',
  discriminant: 'type',
  missing: 'a step needs an action, such as `send:`, `wait:` or `sim-swap:`',
  extra: (present) =>
    `a step has exactly one action, this one has ${present.map((p) => `\`${p}\``).join(' and ')} — split it into separate steps`,
}).meta({
  id: 'Step',
  title: 'step',
  description: 'One action at a point in time: `id?`, `at?`, `note?` and exactly one action key',
});

/** An expectation as the checker receives it. */
export interface Expectation {
  id?: string;
  /** Variants this expectation applies to (default: all, including `base`). */
  variants?: string[];
  /** Why the trainer expects this — shown next to the result. */
  because?: string;
  check: ExpectationCheck;
}

export const expectationSchema = oneKeyObject<Expectation>({
  common: {
    id: idSchema('Optional id; a variant expectation with the same id replaces this one').optional(),
    variants: z
      .array(refSchema('A variant id, or `base`'))
      .min(1)
      .optional()
      .describe('Only check in these variants (`base` is the scenario without changes); default: all'),
    because: textSchema('Why this is expected — shown next to the result (Markdown)').optional(),
  },
  kinds: checkSchemas,
  tag: 'check',
  discriminant: 'type',
  missing: 'an expectation needs a kind, such as `sees-content:`, `never-sees-content:` or `notice:`',
  extra: (present) =>
    `an expectation has exactly one kind, this one has ${present.map((p) => `\`${p}\``).join(' and ')} — split it`,
}).meta({
  id: 'Expectation',
  title: 'expectation',
  description: 'A claim checked after the run: `id?`, `variants?`, `because?` and exactly one kind key',
});

export const variantSchema = z
  .strictObject({
    id: z
      .string()
      .regex(KEBAB_CASE, { error: 'variant ids are kebab-case, e.g. `with-2sv`' })
      .max(80)
      .describe(
        'Unique kebab-case id of the variant, e.g. `with-2sv` (`base` is reserved for the scenario as written)',
      ),
    title: textSchema('What is different, e.g. "with two-step verification"', 200),
    note: textSchema('Trainer note: what to point out in this variant (Markdown)').optional(),
    enable: z.array(refSchema('A defence id')).default([]).describe('Defences switched on in this variant'),
    disable: z.array(refSchema('A defence id')).default([]).describe('Defences switched off in this variant'),
    expectations: z
      .array(expectationSchema)
      .max(LIMITS.expectations)
      .optional()
      .describe('Extra expectations for this variant; one with the id of a base expectation replaces it'),
  })
  .meta({ id: 'Variant', title: 'variant' });

export const scenarioSchema = z
  .strictObject({
    sightline: z.literal(SCENARIO_VERSION).describe('Scenario format version; this build reads version 1'),
    id: z
      .string()
      .regex(KEBAB_CASE, { error: 'scenario ids are kebab-case, e.g. `sim-swap-no-2sv`' })
      .max(80)
      .describe('Unique kebab-case id of the scenario, e.g. `sim-swap-no-2sv`'),
    title: textSchema('Title shown in the library', 200),
    summary: textSchema('Trainer summary: what to notice, what to ask the room (Markdown)', 5_000),
    tags: z
      .array(textSchema('A tag', 40))
      .max(20)
      .default([])
      .describe('Tags for the library, e.g. `account-takeover`'),
    references: z.array(referenceSchema).max(50).default([]).describe('Sources the scenario rests on'),
    notes: textSchema('Longer trainer notes (Markdown)').optional(),
    seed: z
      .number({ error: SEED_MESSAGE })
      .int({ error: SEED_MESSAGE })
      .min(0, { error: SEED_MESSAGE })
      .max(SEED_MAX, { error: SEED_MESSAGE })
      .default(1)
      .describe('Default seed of the run’s random generator (overridden by `sightline run --seed`)'),
    options: optionsSchema.prefault({}),
    parties: z
      .array(partySchema)
      .min(1)
      .max(LIMITS.parties)
      .describe('Everyone who can hold bytes in the run'),
    groups: z.array(groupSchema).max(LIMITS.groups).default([]).describe('Group chats'),
    defences: z
      .array(defenceSchema)
      .max(LIMITS.defences)
      .default([])
      .describe('Named defences variants can flip'),
    steps: z.array(stepSchema).max(LIMITS.steps).default([]).describe('The timeline of actions, in order'),
    expectations: z
      .array(expectationSchema)
      .max(LIMITS.expectations)
      .default([])
      .describe('Claims checked after the run, in every variant unless `variants` says otherwise'),
    variants: z
      .array(variantSchema)
      .max(LIMITS.variants)
      .default([])
      .describe('The same scenario with defences flipped; `base` (as written) always runs too'),
  })
  .meta({
    id: 'Scenario',
    title: 'Sightline scenario',
    description: 'A Sightline scenario file (format version 1)',
  });

/** A parsed, validated scenario (defaults applied, durations in ms, steps and expectations tagged). */
export type Scenario = z.output<typeof scenarioSchema>;
/** A scenario as written in YAML (before defaults and transforms). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Group = z.output<typeof groupSchema>;
export type Variant = z.output<typeof variantSchema>;
export type Reference = z.output<typeof referenceSchema>;
export type ScenarioOptions = z.output<typeof optionsSchema>;

export type { Action, ActionType, ActionPayload } from './schema-actions.js';
export type { Defence, DefenceKind } from './schema-defences.js';
export type { ExpectationCheck, ExpectationKind, MetadataField, NoticeKind } from './schema-expectations.js';
export type { Party, PartyKind, UserParty, BusinessParty } from './schema-parties.js';
