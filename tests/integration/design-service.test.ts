// The design calls of the lab service through the dispatcher, with the fake design engine in a real design worker
// (bundled once) and a real SQLite store on disk: the library (presets + saved designs, surviving a reopen, text
// kept byte for byte), located validation problems, evaluation off the service's thread with progress events,
// incremental re-runs, superseded requests, comparison, and the errors of each call.
import { buildSync } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabEvent } from '../../electron/contract.js';
import { dispatchCall } from '../../electron/service/dispatch.js';
import { LabService } from '../../electron/service/lab-service.js';
import { openLabStore } from '../../electron/storage/lab-store.js';
import { createFakeDesignEngine, FAKE_PRESET } from './fixtures/fake-design.js';
import { createFakeEngine } from './fixtures/fake-engine.js';

const dir = mkdtempSync(join(tmpdir(), 'sightline-design-svc-'));
const dbPath = join(dir, 'lab.db');

function bundleWorker(): URL {
  const outfile = join(dir, 'fake-design-worker.mjs');
  buildSync({
    entryPoints: [fileURLToPath(new URL('./fixtures/fake-design-worker.ts', import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    logLevel: 'warning',
  });
  return pathToFileURL(outfile);
}

let worker: URL;
let clock = 1_700_000_000_000;
function open(): { service: LabService; events: LabEvent[] } {
  const service = new LabService({
    engine: createFakeEngine(),
    store: openLabStore(dbPath),
    worker: { entry: new URL('./fixtures/fake-engine-worker.ts', import.meta.url) },
    ownsStore: true,
    now: () => (clock += 1000),
    log: () => {},
    designs: { engine: createFakeDesignEngine(), worker: { entry: worker, maxHeapMb: 256 } },
  });
  const events: LabEvent[] = [];
  service.subscribe((e) => events.push(e));
  return { service, events };
}

let service: LabService;
let events: LabEvent[];
beforeAll(() => {
  worker = bundleWorker();
  ({ service, events } = open());
});
afterAll(async () => {
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call(name: string, args: unknown) {
  return dispatchCall(service, name, args);
}
async function value(name: string, args: unknown): Promise<any> {
  const r = await call(name, args);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

const MINE = `id: my-design
title: My design
summary: Plain backups, with a comment
# keep me
backup: plain   # inline comment
extra_field: [1, 2]
`;

describe('design service', () => {
  it('serves the catalog: axes for the form and presets with their text', async () => {
    const catalog = await value('getDesignCatalog', {});
    expect(catalog.axes.map((a: any) => a.id)).toEqual(['backup']);
    expect(catalog.presets).toEqual([
      expect.objectContaining({ id: 'consumer', source: 'preset', updatedAt: null, text: FAKE_PRESET }),
    ]);
  });

  it('validates with located problems and never saves an invalid design', async () => {
    const bad = MINE.replace('backup: plain', 'backup: cloud');
    const outcome = await value('validateDesign', { text: bad });
    expect(outcome).toMatchObject({
      valid: false,
      design: null,
      problems: [{ path: 'backup', line: 5, column: 9 }],
    });
    const refused = await call('saveDesign', { text: bad });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-design' } });
    expect(!refused.ok && refused.error.message).toContain('line 5:9: backup: expected one of');
    expect(await value('listDesigns', {})).toHaveLength(1);
  });

  it('saves a design exactly as written, lists it, and keeps it across a reopen', async () => {
    const entry = await value('saveDesign', { text: MINE });
    expect(entry).toMatchObject({ id: 'my-design', title: 'My design', source: 'user', updatedAt: clock });
    expect(events).toContainEqual({
      event: 'designLibraryChanged',
      payload: { reason: 'saved', id: 'my-design' },
    });
    expect((await value('listDesigns', {})).map((e: any) => e.id)).toEqual(['consumer', 'my-design']);

    await service.close();
    ({ service, events } = open());
    const again = await value('getDesign', { id: 'my-design' });
    expect(again.text).toBe(MINE); // comments, spacing and fields the form does not know survive
    expect(again.entry.summary).toBe('Plain backups, with a comment');
    expect((await value('getDesign', { id: 'consumer' })).entry.source).toBe('preset');
  });

  it('refuses to overwrite or delete a preset, and deletes the user’s own', async () => {
    expect(await call('saveDesign', { text: FAKE_PRESET })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(await call('deleteDesign', { id: 'consumer' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await call('getDesign', { id: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    expect(await value('deleteDesign', { id: 'my-design' })).toEqual({ deleted: true });
    expect(await call('deleteDesign', { id: 'my-design' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    expect((await value('listDesigns', {})).map((e: any) => e.id)).toEqual(['consumer']);
  });

  it('evaluates in the worker with progress events, then re-runs only the affected attack', async () => {
    const first = await value('evaluateDesign', { text: FAKE_PRESET, requestId: 'r1', seed: 7 });
    expect(first.rerun).toEqual(['backup-theft', 'sim-swap']);
    const cell = first.scorecard.cells.find(
      (c: any) => c.attack === 'backup-theft' && c.party === 'cloud-provider',
    );
    expect(cell).toMatchObject({ mark: 'P', evidence: [{ run: 'backup-theft/base/7', step: 2, event: 7 }] });
    expect(first.findings.map((f: any) => f.rule)).toEqual(['gdpr-32']);
    expect(
      events.filter((e) => e.event === 'designProgress' && e.payload.requestId === 'r1'),
    ).not.toHaveLength(0);

    const e2ee = FAKE_PRESET.replace('backup: plain', 'backup: e2ee-password');
    const second = await value('evaluateDesign', { text: e2ee, requestId: 'r2', seed: 7 });
    expect(second).toMatchObject({ rerun: ['backup-theft'], reused: 1, findings: [] });
    expect(
      second.scorecard.cells.find((c: any) => c.attack === 'backup-theft' && c.party === 'cloud-provider')
        .mark,
    ).toBe('–');
  });

  it('uses the default-seed setting when the call gives none', async () => {
    await value('updateSettings', { patch: { defaultSeed: 42 } });
    const r = await value('evaluateDesign', { text: FAKE_PRESET, requestId: 'r3' });
    expect(r.scorecard.seed).toBe(42);
  });

  it('answers a waiting evaluation that a newer one overtook with conflict', async () => {
    const slow = `${FAKE_PRESET}hang: 400\n`;
    const running = call('evaluateDesign', { text: slow, requestId: 'slow' });
    const waiting = call('evaluateDesign', { text: FAKE_PRESET, requestId: 'old' });
    const newest = call('evaluateDesign', { text: FAKE_PRESET, requestId: 'new' });
    expect(await running).toMatchObject({ ok: true });
    expect(await waiting).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await newest).toMatchObject({ ok: true });
  });

  it('compares two designs and names the axis behind each changed cell', async () => {
    const e2ee = FAKE_PRESET.replace('backup: plain', 'backup: e2ee-password');
    const c = await value('compareDesigns', { texts: [FAKE_PRESET, e2ee], requestId: 'cmp', seed: 1 });
    expect(c.evaluations).toHaveLength(2);
    expect(c.differences).toEqual([
      expect.objectContaining({
        attack: 'backup-theft',
        party: 'cloud-provider',
        marks: ['P', '–'],
        axis: 'backup',
      }),
    ]);
    const invalid = await call('compareDesigns', { texts: [FAKE_PRESET, 'backup: cloud'], requestId: 'x' });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid-design' } });
    expect(!invalid.ok && invalid.error.message).toContain('Design 2: line 1:9');
    expect(await call('compareDesigns', { texts: [FAKE_PRESET], requestId: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-args' },
    });
  });
});

describe('a host without the design engine', () => {
  it('answers the design calls with unavailable', async () => {
    const bare = new LabService({
      engine: createFakeEngine(),
      store: openLabStore(':memory:'),
      worker: { entry: new URL('./fixtures/fake-engine-worker.ts', import.meta.url) },
      ownsStore: true,
      log: () => {},
    });
    expect(await dispatchCall(bare, 'listDesigns', {})).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
    await bare.close();
  });
});
