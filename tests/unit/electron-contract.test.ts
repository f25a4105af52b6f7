// The contract: names, derived channels, strict argument schemas, and the result envelope.
import { describe, expect, it } from 'vitest';
import {
  CALL_NAMES,
  EVENT_NAMES,
  calls,
  callChannel,
  callPath,
  eventChannel,
  events,
  resultSchema,
  type CallName,
} from '../../electron/contract.js';

const RUN = '0f8fad5b-d9cb-469f-a165-70867728950e';
/** The smallest valid arguments of every call: the table must name every call. */
const MINIMAL: Record<CallName, Record<string, unknown>> = {
  listLibrary: {},
  getScenario: { id: 'alpha' },
  validateScenario: { text: 'x' },
  saveScenario: { text: 'x' },
  deleteScenario: { id: 'alpha' },
  startRun: { scenario: { kind: 'library', id: 'alpha' } },
  cancelRun: { runId: RUN },
  listActiveRuns: {},
  listRuns: {},
  getRun: { runId: RUN },
  deleteRun: { runId: RUN },
  compareRuns: { a: RUN, b: RUN },
  exportReport: { runId: RUN, format: 'html' },
  getSettings: {},
  updateSettings: { patch: {} },
  getDesignCatalog: {},
  validateDesign: { text: 'x' },
  listDesigns: {},
  getDesign: { id: 'consumer' },
  saveDesign: { text: 'x' },
  deleteDesign: { id: 'mine' },
  evaluateDesign: { text: 'x', requestId: 'r1' },
  compareDesigns: { texts: ['x', 'y'], requestId: 'r1' },
  startWorkshop: { id: 'alpha' },
  stopWorkshop: { code: 'ABCDEF' },
  listWorkshops: {},
};

describe('contract', () => {
  it('derives distinct channels and paths from the call and event names', () => {
    const channels = [...CALL_NAMES.map(callChannel), ...EVENT_NAMES.map(eventChannel)];
    expect(new Set(channels).size).toBe(channels.length);
    expect(callChannel('getRun')).toBe('sightline:call:getRun');
    expect(eventChannel('runFinished')).toBe('sightline:event:runFinished');
    expect(callPath('getRun')).toBe('/api/getRun');
    expect(EVENT_NAMES).toEqual(Object.keys(events));
  });

  it('accepts minimal arguments for every call and refuses any extra key', () => {
    expect(Object.keys(MINIMAL).sort()).toEqual([...CALL_NAMES].sort());
    for (const name of CALL_NAMES) {
      expect(calls[name].args.safeParse(MINIMAL[name]).success, name).toBe(true);
      expect(calls[name].args.safeParse({ ...MINIMAL[name], sneaky: 1 }).success, name).toBe(false);
      expect(calls[name].args.safeParse(null).success, name).toBe(false);
    }
  });

  it('applies defaults: base variant, first page of 100 runs', () => {
    expect(calls.startRun.args.parse(MINIMAL.startRun)).toEqual({
      scenario: { kind: 'library', id: 'alpha' },
      variant: 'base',
    });
    expect(calls.listRuns.args.parse({})).toEqual({ limit: 100, offset: 0 });
  });

  it('bounds ids, seeds, texts and pages', () => {
    expect(calls.getScenario.args.safeParse({ id: 'Not Kebab' }).success).toBe(false);
    expect(calls.getScenario.args.safeParse({ id: 'a'.repeat(101) }).success).toBe(false);
    expect(calls.startRun.args.safeParse({ ...MINIMAL.startRun, seed: 2 ** 32 }).success).toBe(false);
    expect(calls.startRun.args.safeParse({ ...MINIMAL.startRun, seed: 1.5 }).success).toBe(false);
    expect(calls.saveScenario.args.safeParse({ text: '' }).success).toBe(false);
    expect(calls.listRuns.args.safeParse({ limit: 1001 }).success).toBe(false);
    expect(calls.validateScenario.args.safeParse({ text: 'x', fileName: '../x.yaml' }).success).toBe(false);
  });

  it('describes the result envelope of every call', () => {
    for (const name of CALL_NAMES) {
      const schema = resultSchema(name);
      expect(schema.safeParse({ ok: false, error: { code: 'not-found', message: 'm' } }).success).toBe(true);
      expect(schema.safeParse({ ok: false, error: { code: 'teapot', message: 'm' } }).success).toBe(false);
      expect(schema.safeParse({ ok: true }).success, name).toBe(false);
    }
    expect(resultSchema('cancelRun').safeParse({ ok: true, value: { cancelled: true } }).success).toBe(true);
  });
});
