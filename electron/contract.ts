// The one contract between the renderer and the lab service (ARCHITECTURE.md, "Boundaries"; STYLE.md habit 3).
// Every call the renderer can make and every event it can receive is declared here, with zod schemas for the
// arguments and the result. The Electron preload exposes exactly these, the main process validates every argument
// against them, and the web host serves exactly these. Channel names and HTTP paths are derived from the keys
// below and never written out elsewhere. Runs anywhere: no Node, Electron or DOM imports.
import { z } from 'zod';
import { designCalls, designEvents } from './contract-design.js';
import { workshopCalls } from './contract-workshop.js';

/** Largest scenario text accepted, in characters: a generous bound on a hand-written YAML file. */
export const SCENARIO_TEXT_MAX = 1_000_000;
/** Largest page of run history returned by one call. */
export const RUN_LIST_LIMIT_MAX = 1000;
/** Largest seed: seeds are unsigned 32-bit so they survive any PRNG and any JSON round trip. */
export const SEED_MAX = 0xffff_ffff;

// ---------------------------------------------------------------------------------------------------------------
// Shared value schemas

/** Scenario and variant ids are kebab-case in the scenario format (SIM-DESIGN.md, "Scenario vocabulary"). */
export const scenarioIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case');
export const variantIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case');
export const runIdSchema = z.uuid();
export const seedSchema = z.number().int().min(0).max(SEED_MAX);
export const reportFormatSchema = z.enum(['markdown', 'html', 'json', 'junit']);
export type ReportFormat = z.infer<typeof reportFormatSchema>;

/** A problem found while loading a scenario, located in the text when the loader knows where. */
export const scenarioProblemSchema = z.object({
  message: z.string(),
  path: z.string(),
  line: z.number().int().nullable(),
  column: z.number().int().nullable(),
});
export type ScenarioProblem = z.infer<typeof scenarioProblemSchema>;

/** What the library shows of a scenario without loading its text. */
export const scenarioInfoSchema = z.object({
  id: scenarioIdSchema,
  title: z.string(),
  summary: z.string(),
  tags: z.array(z.string()),
  variants: z.array(z.object({ id: z.string(), title: z.string() })),
  defaultSeed: seedSchema.nullable(),
});
export type ScenarioInfo = z.infer<typeof scenarioInfoSchema>;

export const libraryEntrySchema = scenarioInfoSchema.extend({
  source: z.enum(['builtin', 'user']),
  /** Milliseconds since the epoch; null for built-in scenarios, which ship with the app. */
  updatedAt: z.number().int().nullable(),
});
export type LibraryEntry = z.infer<typeof libraryEntrySchema>;

export const expectationOutcomeSchema = z.object({
  id: z.string(),
  kind: z.string(),
  text: z.string(),
  ok: z.boolean(),
  detail: z.string(),
  line: z.number().int().nullable(),
  column: z.number().int().nullable(),
  /** The scenario author's reason for the expectation, when given. */
  because: z.string().optional(),
});
export type ExpectationOutcome = z.infer<typeof expectationOutcomeSchema>;

/** One run in the history list: everything but the bulky journal and ledger. */
export const runSummarySchema = z.object({
  id: runIdSchema,
  scenarioId: z.string(),
  scenarioTitle: z.string(),
  scenarioSource: z.enum(['builtin', 'user', 'text']),
  variant: z.string(),
  seed: seedSchema,
  valid: z.boolean(),
  journalHash: z.string(),
  createdAt: z.number().int(),
  durationMs: z.number().int().min(0),
  expectationsPassed: z.number().int().min(0),
  expectationsFailed: z.number().int().min(0),
  journalLength: z.number().int().min(0),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

/**
 * A whole run as stored: the summary, the expectation results, the journal and the ledger, plus the scenario
 * text it ran so that history stays reproducible after the scenario is edited. `summary`, `matrix`, journal
 * events and `ledger` are the engine's own JSON (simulator/scenario/result.ts) and are passed through untouched.
 */
export const runRecordSchema = runSummarySchema.extend({
  scenarioText: z.string(),
  expectations: z.array(expectationOutcomeSchema),
  summary: z.unknown(),
  matrix: z.unknown(),
  journal: z.array(z.unknown()),
  ledger: z.unknown(),
});
export type RunRecord = z.infer<typeof runRecordSchema>;

export const activeRunSchema = z.object({
  runId: runIdSchema,
  scenarioId: z.string(),
  variant: z.string(),
  seed: seedSchema,
  state: z.enum(['queued', 'running']),
  phase: z.string(),
  startedAt: z.number().int(),
});
export type ActiveRun = z.infer<typeof activeRunSchema>;

export const runComparisonSchema = z.object({
  a: runSummarySchema,
  b: runSummarySchema,
  sameScenario: z.boolean(),
  sameJournal: z.boolean(),
  expectations: z.array(
    z.object({
      id: z.string(),
      text: z.string(),
      a: z.boolean().nullable(),
      b: z.boolean().nullable(),
      changed: z.boolean(),
    }),
  ),
  /** The engine's diff of the two ledgers (changed visibility-matrix cells), or null if it has none. */
  ledgerDiff: z.unknown(),
});
export type RunComparison = z.infer<typeof runComparisonSchema>;

export const reportFileSchema = z.object({
  fileName: z.string(),
  mediaType: z.string(),
  content: z.string(),
});
export type ReportFile = z.infer<typeof reportFileSchema>;

const themeSchema = z.enum(['system', 'light', 'dark']);
/** Oldest runs beyond this many are deleted after each save. */
const historyLimitSchema = z.number().int().min(10).max(100_000);

/** User settings; every field has a default so an empty store is a valid store. */
export const settingsSchema = z.object({
  theme: themeSchema.default('system'),
  presenterMode: z.boolean().default(false),
  reportFormat: reportFormatSchema.default('html'),
  historyLimit: historyLimitSchema.default(500),
  /** Seed used when neither the call nor the scenario gives one. */
  defaultSeed: seedSchema.default(1),
});
export type Settings = z.infer<typeof settingsSchema>;
export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

const scenarioTextSchema = z.string().min(1).max(SCENARIO_TEXT_MAX);
const fileNameSchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^/\\\0]+$/, 'must be a bare file name');

// ---------------------------------------------------------------------------------------------------------------
// Calls

const empty = z.strictObject({});

/** Every call: its argument schema (strict: unknown keys are refused) and the schema of its value. */
export const calls = {
  /** The built-in scenarios plus the user's own, sorted by title. */
  listLibrary: { args: empty, result: z.array(libraryEntrySchema) },
  /** One scenario's YAML text, to open it in the editor. */
  getScenario: {
    args: z.strictObject({ id: scenarioIdSchema }),
    result: z.object({ entry: libraryEntrySchema, text: z.string() }),
  },
  /** Load and validate YAML without saving it; problems carry line and column for the editor. */
  validateScenario: {
    args: z.strictObject({ text: scenarioTextSchema, fileName: fileNameSchema.optional() }),
    result: z.object({
      valid: z.boolean(),
      problems: z.array(scenarioProblemSchema),
      scenario: scenarioInfoSchema.nullable(),
    }),
  },
  /** Save a valid scenario as the user's own (replacing their earlier one with the same id). */
  saveScenario: { args: z.strictObject({ text: scenarioTextSchema }), result: libraryEntrySchema },
  /** Delete one of the user's own scenarios; built-in ones cannot be deleted. */
  deleteScenario: {
    args: z.strictObject({ id: scenarioIdSchema }),
    result: z.object({ deleted: z.literal(true) }),
  },
  /** Queue a run of a library scenario or of unsaved editor text; progress and the end arrive as events. */
  startRun: {
    args: z.strictObject({
      scenario: z.discriminatedUnion('kind', [
        z.strictObject({ kind: z.literal('library'), id: scenarioIdSchema }),
        z.strictObject({ kind: z.literal('text'), text: scenarioTextSchema }),
      ]),
      variant: variantIdSchema.default('base'),
      seed: seedSchema.optional(),
    }),
    result: z.object({ runId: runIdSchema }),
  },
  /** Stop a queued or running run; `cancelled` is false if it had already finished. */
  cancelRun: {
    args: z.strictObject({ runId: runIdSchema }),
    result: z.object({ cancelled: z.boolean() }),
  },
  /** Runs queued or in progress, so a reloaded window can pick up where it was. */
  listActiveRuns: { args: empty, result: z.array(activeRunSchema) },
  /** Run history, newest first. */
  listRuns: {
    args: z.strictObject({
      scenarioId: scenarioIdSchema.optional(),
      limit: z.number().int().min(1).max(RUN_LIST_LIMIT_MAX).default(100),
      offset: z.number().int().min(0).default(0),
    }),
    result: z.array(runSummarySchema),
  },
  /** One stored run with its journal and ledger. */
  getRun: { args: z.strictObject({ runId: runIdSchema }), result: runRecordSchema },
  deleteRun: {
    args: z.strictObject({ runId: runIdSchema }),
    result: z.object({ deleted: z.literal(true) }),
  },
  /** What changed between two runs: expectation outcomes and the engine's ledger diff. */
  compareRuns: { args: z.strictObject({ a: runIdSchema, b: runIdSchema }), result: runComparisonSchema },
  /** A report of a stored run as file content; the renderer saves it (download / save dialog). */
  exportReport: {
    args: z.strictObject({ runId: runIdSchema, format: reportFormatSchema }),
    result: reportFileSchema,
  },
  getSettings: { args: empty, result: settingsSchema },
  /** Change some settings; returns the settings now in force. */
  updateSettings: {
    args: z.strictObject({
      patch: z.strictObject({
        theme: themeSchema.optional(),
        presenterMode: z.boolean().optional(),
        reportFormat: reportFormatSchema.optional(),
        historyLimit: historyLimitSchema.optional(),
        defaultSeed: seedSchema.optional(),
      }),
    }),
    result: settingsSchema,
  },
  // The Architect view's calls (contract-design.ts).
  ...designCalls,
  // The live workshop's calls (contract-workshop.ts).
  ...workshopCalls,
} as const;

export type CallName = keyof typeof calls;
/** Arguments as the renderer writes them (defaults may be omitted). */
export type CallArgsInput<K extends CallName> = z.input<(typeof calls)[K]['args']>;
/** Arguments as a handler receives them, after validation and defaults. */
export type CallArgs<K extends CallName> = z.output<(typeof calls)[K]['args']>;
export type CallValue<K extends CallName> = z.output<(typeof calls)[K]['result']>;
export const CALL_NAMES = Object.freeze(Object.keys(calls) as CallName[]);

// ---------------------------------------------------------------------------------------------------------------
// Events (service → renderer)

export const events = {
  runProgress: z.object({
    runId: runIdSchema,
    phase: z.string(),
    done: z.number().min(0),
    total: z.number().min(0),
  }),
  runFinished: z.object({
    runId: runIdSchema,
    status: z.enum(['completed', 'cancelled', 'failed']),
    /** Whether every expectation held; null unless completed. */
    valid: z.boolean().nullable(),
    message: z.string(),
  }),
  libraryChanged: z.object({ reason: z.enum(['saved', 'deleted']), id: scenarioIdSchema }),
  /** Sent by the desktop host's application menu; browser mode has no such menu and never sends it. */
  menuCommand: z.discriminatedUnion('command', [
    z.object({ command: z.literal('open-scenario'), fileName: z.string(), text: z.string() }),
    z.object({ command: z.literal('export-report') }),
    z.object({ command: z.literal('toggle-presenter') }),
  ]),
  ...designEvents,
} as const;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;
export const EVENT_NAMES = Object.freeze(Object.keys(events) as EventName[]);
/** An event as it travels over a WebSocket or through a listener: its name and its payload. */
export type LabEvent = { [E in EventName]: { event: E; payload: EventPayload<E> } }[EventName];

// ---------------------------------------------------------------------------------------------------------------
// Results

export const ERROR_CODES = [
  'invalid-args',
  'unknown-call',
  'not-found',
  'invalid-scenario',
  'invalid-design',
  'conflict',
  'forbidden',
  'unauthorized',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
export const labErrorSchema = z.object({ code: z.enum(ERROR_CODES), message: z.string() });
export type LabErrorInfo = z.infer<typeof labErrorSchema>;

/** Every call answers with this envelope; handlers never throw across a host boundary. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: LabErrorInfo };
export type CallResult<K extends CallName> = Result<CallValue<K>>;

/** The schema of a call's whole envelope, for hosts and tests that check what went over the wire. */
export function resultSchema<K extends CallName>(name: K) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value: calls[name].result }),
    z.object({ ok: z.literal(false), error: labErrorSchema }),
  ]);
}

export function isCallName(name: string): name is CallName {
  return Object.prototype.hasOwnProperty.call(calls, name);
}
export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name);
}

// ---------------------------------------------------------------------------------------------------------------
// Derived names: the only place channel names and paths are spelled.

const CHANNEL_PREFIX = 'sightline';
/** Electron IPC channel of a call (ipcRenderer.invoke / ipcMain.handle). */
export function callChannel(name: CallName): string {
  return `${CHANNEL_PREFIX}:call:${name}`;
}
/** Electron IPC channel of an event (webContents.send / ipcRenderer.on). */
export function eventChannel(name: EventName): string {
  return `${CHANNEL_PREFIX}:event:${name}`;
}
/** Web host: path prefix of calls, `POST /api/<call>`. */
export const API_PREFIX = '/api/';
export function callPath(name: CallName): string {
  return `${API_PREFIX}${name}`;
}
/** Web host: the WebSocket that carries events. */
export const EVENTS_PATH = `${API_PREFIX}events`;
/** Web host: the request header that carries the per-launch token (the query parameter is `token`). */
export const TOKEN_HEADER = 'x-sightline-token';
export const TOKEN_QUERY = 'token';
/** Web host: the meta tag the served index page carries the token in, for the renderer's web client. */
export const TOKEN_META_NAME = 'sightline-token';
/** The global the preload exposes (`window.sightline`). */
export const LAB_API_GLOBAL = 'sightline';

/** What the renderer sees, whichever host it runs in: one async function per call, plus `on` for events. */
export type LabApi = {
  [K in CallName]: (args: CallArgsInput<K>) => Promise<CallResult<K>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};
