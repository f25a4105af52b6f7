// The architect's part of the contract (issue 13, item 6): design documents, their evaluation against the attack
// library, comparison, and the user's design library. Kept beside contract.ts, which spreads these into its
// `calls` and `events`, so the renderer still sees one contract. The shapes are what the Architect view draws;
// the service's design adapter (electron/service/design/simulator-engine.ts) maps the engine's own values onto them.
// Runs anywhere: no Node, Electron or DOM imports.
import { z } from 'zod';

/** Largest design text accepted, in characters: a design document is a page of YAML, not a scenario. */
export const DESIGN_TEXT_MAX = 200_000;
/** How many designs one comparison may hold (issue 13: "compare 2–4 designs"). */
export const COMPARE_MAX = 4;

export const designIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case');
/** A request id the renderer chooses, so it can tell its own progress events from an earlier request's. */
export const requestIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, - or _');
const designTextSchema = z.string().min(1).max(DESIGN_TEXT_MAX);
const seedSchema = z.number().int().min(0).max(0xffff_ffff);

/** A problem in a design document, located in the text (1-based line and column) when the loader knows where. */
export const designProblemSchema = z.object({
  message: z.string(),
  /** The field, as a dotted path (`backup.policy`, `regions.crm`), or '' for the document itself. */
  path: z.string(),
  line: z.number().int().nullable(),
  column: z.number().int().nullable(),
});
export type DesignProblem = z.infer<typeof designProblemSchema>;

/** One choice of an enumerated axis. */
export const axisOptionSchema = z.object({ value: z.string(), label: z.string() });

/**
 * One design axis as the form draws it: where it lives in the document (`path`, keys from the root), what kind of
 * control it needs, and its default (consumer WhatsApp today). The form is generated from these; nothing about
 * an axis is written in the view.
 */
export const designAxisSchema = z.object({
  id: z.string(),
  label: z.string(),
  /** Section of the form (`Business messaging`, `Regions`, `Retention`, `Account`, …). */
  group: z.string(),
  help: z.string(),
  path: z.array(z.string()).min(1),
  kind: z.enum(['choice', 'boolean', 'number', 'text']),
  options: z.array(axisOptionSchema).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  unit: z.string().optional(),
  default: z.union([z.string(), z.number(), z.boolean(), z.null()]),
  /** When given, the axis only matters if the axis `when.axis` has one of `when.values` (e.g. the CRM region). */
  when: z.object({ axis: z.string(), values: z.array(z.string()) }).optional(),
});
export type DesignAxis = z.infer<typeof designAxisSchema>;

export const designInfoSchema = z.object({ id: designIdSchema, title: z.string(), summary: z.string() });
export type DesignInfo = z.infer<typeof designInfoSchema>;

/** A design in the library: a shipped preset or one of the user's own (stored in SQLite). */
export const designEntrySchema = designInfoSchema.extend({
  source: z.enum(['preset', 'user']),
  /** Milliseconds since the epoch; null for presets. */
  updatedAt: z.number().int().nullable(),
});
export type DesignEntry = z.infer<typeof designEntrySchema>;

/** Where a scorecard cell comes from in the ledger: the attack's run, the step and the journal event. */
export const evidenceSchema = z.object({
  /** The run of the attack scenario against this design (scenario id, variant, seed, journal hash). */
  run: z.string(),
  /** 1-based step number in the attack scenario, or null when the fact holds from the start. */
  step: z.number().int().nullable(),
  stepLabel: z.string(),
  /** Journal sequence number of the event that produced the fact, or null. */
  event: z.number().int().nullable(),
  detail: z.string(),
});
export type Evidence = z.infer<typeof evidenceSchema>;

/** What a party ends an attack with, ranked so the heatmap can colour it: 0 nothing … 3 content. */
export const cellSchema = z.object({
  attack: z.string(),
  party: z.string(),
  /** A short mark shown in the cell (never colour alone): `P` plaintext, `M` metadata, `K` keys, `–` nothing … */
  mark: z.string().max(4),
  /** The sentence the mark stands for (accessible name, table, tooltip). */
  label: z.string(),
  rank: z.number().int().min(0).max(3),
  /** What the party holds at the end: any of content, metadata, keys, history. */
  holds: z.array(z.string()),
  evidence: z.array(evidenceSchema),
});
export type ScorecardCell = z.infer<typeof cellSchema>;

export const scorecardSchema = z.object({
  designId: z.string(),
  title: z.string(),
  seed: seedSchema,
  /** Digest of the scorecard's canonical JSON: same design + seed → same digest. */
  digest: z.string(),
  parties: z.array(z.object({ id: z.string(), label: z.string() })),
  attacks: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      applies: z.boolean(),
      /** Why an attack was skipped (e.g. "needs a BSP; this design has none"). */
      reason: z.string(),
    }),
  ),
  cells: z.array(cellSchema),
});
export type Scorecard = z.infer<typeof scorecardSchema>;

/** A reference a finding cites: GDPR, ISO/IEC 27001:2022, … */
export const citationSchema = z.object({
  framework: z.string(),
  ref: z.string(),
  title: z.string(),
  url: z.string().optional(),
});

/** A compliance-lens finding, evaluated over ledger facts only. */
export const findingSchema = z.object({
  rule: z.string(),
  title: z.string(),
  severity: z.enum(['high', 'medium', 'low', 'info']),
  detail: z.string(),
  party: z.string().nullable(),
  citations: z.array(citationSchema),
  linddun: z.array(z.string()),
  stride: z.array(z.string()),
  evidence: z.array(evidenceSchema),
});
export type Finding = z.infer<typeof findingSchema>;

export const designEvaluationSchema = z.object({
  scorecard: scorecardSchema,
  findings: z.array(findingSchema),
  /** Attacks run for this request; the rest were reused from the previous evaluation (incremental). */
  rerun: z.array(z.string()),
  reused: z.number().int().min(0),
});
export type DesignEvaluation = z.infer<typeof designEvaluationSchema>;

/** One cell that differs between the compared designs, with the axis responsible. */
export const differenceSchema = z.object({
  attack: z.string(),
  party: z.string(),
  /** The cell's mark in each design, in the order given. */
  marks: z.array(z.string()),
  /** The design axis (its id) that explains the change, or '' when the engine cannot name one. */
  axis: z.string(),
  /** e.g. "backup: plain → E2EE password turns cloud provider from P to –". */
  text: z.string(),
});
export type Difference = z.infer<typeof differenceSchema>;

export const designComparisonSchema = z.object({
  evaluations: z.array(designEvaluationSchema).min(2).max(COMPARE_MAX),
  differences: z.array(differenceSchema),
});
export type DesignComparison = z.infer<typeof designComparisonSchema>;

const empty = z.strictObject({});

/** The design calls; contract.ts spreads these into `calls`. */
export const designCalls = {
  /** The axes the form is generated from, and the shipped presets with their YAML text. */
  getDesignCatalog: {
    args: empty,
    result: z.object({
      axes: z.array(designAxisSchema),
      presets: z.array(designEntrySchema.extend({ text: z.string() })),
    }),
  },
  /** Load and validate design YAML without saving it; problems carry line, column and field. */
  validateDesign: {
    args: z.strictObject({ text: designTextSchema }),
    result: z.object({
      valid: z.boolean(),
      problems: z.array(designProblemSchema),
      design: designInfoSchema.nullable(),
    }),
  },
  /** Presets and the user's saved designs, sorted by title. */
  listDesigns: { args: empty, result: z.array(designEntrySchema) },
  getDesign: {
    args: z.strictObject({ id: designIdSchema }),
    result: z.object({ entry: designEntrySchema, text: z.string() }),
  },
  /** Save a valid design as the user's own, exactly as written (the text is the source of truth). */
  saveDesign: { args: z.strictObject({ text: designTextSchema }), result: designEntrySchema },
  deleteDesign: {
    args: z.strictObject({ id: designIdSchema }),
    result: z.object({ deleted: z.literal(true) }),
  },
  /**
   * Score a design against every library attack that applies to it, off the service's thread. Incremental: the
   * evaluator keeps the previous design's runs and re-runs only attacks an axis change affects. A request that
   * was still waiting when a newer one arrived is answered with `conflict` (superseded).
   */
  evaluateDesign: {
    args: z.strictObject({ text: designTextSchema, seed: seedSchema.optional(), requestId: requestIdSchema }),
    result: designEvaluationSchema,
  },
  /** Score 2–4 designs and list why their cells differ. */
  compareDesigns: {
    args: z.strictObject({
      texts: z.array(designTextSchema).min(2).max(COMPARE_MAX),
      seed: seedSchema.optional(),
      requestId: requestIdSchema,
    }),
    result: designComparisonSchema,
  },
} as const;

/** The design events; contract.ts spreads these into `events`. */
export const designEvents = {
  designProgress: z.object({
    requestId: requestIdSchema,
    phase: z.string(),
    done: z.number().min(0),
    total: z.number().min(0),
  }),
  designLibraryChanged: z.object({ reason: z.enum(['saved', 'deleted']), id: designIdSchema }),
} as const;
