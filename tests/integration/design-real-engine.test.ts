// The design calls over the REAL design engine (simulator/design) in the real design worker, as browser mode wires
// them: the catalog is the engine's axes and presets, a preset evaluates against the built-in attack library with
// ledger evidence on each cell, a form change re-runs only the affected attacks, and a comparison names the axis
// behind each changed cell. The scenario half uses the fake engine; only the design half is under test here.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabEvent } from '../../electron/contract.js';
import { dispatchCall } from '../../electron/service/dispatch.js';
import { createDesignEngine } from '../../electron/service/design/simulator-engine.js';
import { LabService } from '../../electron/service/lab-service.js';
import { openLabStore } from '../../electron/storage/lab-store.js';
import { createFakeEngine } from './fixtures/fake-engine.js';

const dir = mkdtempSync(join(tmpdir(), 'sightline-design-real-'));
const libraryDir = fileURLToPath(new URL('../../scenarios', import.meta.url));
let service: LabService;
const events: LabEvent[] = [];

beforeAll(() => {
  service = new LabService({
    engine: createFakeEngine(),
    store: openLabStore(join(dir, 'lab.db')),
    worker: { entry: new URL('./fixtures/fake-engine-worker.ts', import.meta.url) },
    ownsStore: true,
    now: () => 1_700_000_000_000,
    log: () => {},
    designs: {
      engine: createDesignEngine(),
      worker: {
        entry: new URL('../../electron/service/design/simulator-worker.ts', import.meta.url),
        data: { libraryDir },
      },
    },
  });
  service.subscribe((e) => events.push(e));
});
afterAll(async () => {
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

async function value(name: string, args: unknown): Promise<any> {
  const r = await dispatchCall(service, name, args);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

const cellOf = (evaluation: any, attack: string, party: string) =>
  evaluation.scorecard.cells.find((c: any) => c.attack === attack && c.party === party);

describe('design calls over the real engine', () => {
  let consumer: string;
  let first: any;

  it('serves the engine’s axes and presets', async () => {
    const catalog = await value('getDesignCatalog', {});
    const backup = catalog.axes.find((a: any) => a.id === 'backup');
    expect(backup).toMatchObject({ kind: 'choice', default: 'plain', path: ['backup'] });
    expect(backup.options.map((o: any) => o.value)).toEqual([
      'off',
      'plain',
      'e2ee-password',
      'e2ee-key',
      'e2ee-passkey',
    ]);
    expect(catalog.axes.find((a: any) => a.id === 'regions.crm')).toMatchObject({
      when: { axis: 'business.hosting', values: ['cloud-api-bsp-crm'] },
    });
    expect(catalog.presets.map((p: any) => p.id)).toEqual(
      expect.arrayContaining([
        'consumer',
        'business-on-prem',
        'business-cloud-api',
        'business-cloud-api-bsp-crm',
      ]),
    );
    consumer = catalog.presets.find((p: any) => p.id === 'consumer').text;
  });

  it('validates with the engine’s located problem at the field', async () => {
    const outcome = await value('validateDesign', { text: `${consumer}backup: sometimes\n` });
    expect(outcome.valid).toBe(false);
    expect(outcome.problems[0]).toMatchObject({ path: 'backup', line: 7, column: 9 });
    expect(outcome.problems[0].message).toContain('e2ee-password');
  });

  it('evaluates the consumer preset against the whole library, each cell with ledger evidence', async () => {
    first = await value('evaluateDesign', { text: consumer, seed: 1, requestId: 'r1' });
    const card = first.scorecard;
    expect(card.designId).toBe('consumer');
    expect(card.attacks.length).toBeGreaterThanOrEqual(25);
    expect(first.rerun.length).toBe(card.attacks.filter((a: any) => a.applies).length);
    // A consumer design has no BSP: the BSP attacks are skipped and say why.
    const skipped = card.attacks.filter((a: any) => !a.applies);
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped[0].reason).toMatch(/business messaging/);
    // The attacker who restores a plain backup ends with plaintext history; the evidence names the step and event.
    const attacker = cellOf(first, 'plain-backup', 'attacker');
    expect(attacker).toMatchObject({ mark: 'PHKM', rank: 3 });
    expect(attacker.holds).toEqual(['content', 'history', 'keys', 'metadata']);
    const history = attacker.evidence.find((e: any) => e.detail.startsWith('readable history'));
    expect(history.run).toMatch(/^plain-backup#base seed 1 journal [0-9a-f]{12}$/);
    expect(history.step).toBeGreaterThan(0);
    expect(history.event).toBeGreaterThan(0);
    // The cloud provider stores the backup sealed under a server-held key: metadata only.
    expect(cellOf(first, 'plain-backup', 'backup-provider')).toMatchObject({ mark: 'M', rank: 1 });
    expect(events.some((e) => e.event === 'designProgress' && (e.payload as any).requestId === 'r1')).toBe(
      true,
    );
    // Findings come from the compliance rules file, with citations and LINDDUN/STRIDE tags.
    const minimisation = first.findings.find((f: any) => f.rule === 'gdpr-art-5-1-c');
    expect(minimisation.citations[0]).toMatchObject({ framework: 'GDPR', ref: 'Art. 5(1)(c)' });
    expect(minimisation.stride).toContain('information-disclosure');
  }, 120_000);

  it('is deterministic and incremental: the same design again re-runs nothing; a backup change re-runs a few', async () => {
    const again = await value('evaluateDesign', { text: consumer, seed: 1, requestId: 'r2' });
    expect(again.rerun).toEqual([]);
    expect(again.scorecard.digest).toBe(first.scorecard.digest);
    const e2ee = await value('evaluateDesign', {
      text: `${consumer}backup: e2ee-key\n`,
      seed: 1,
      requestId: 'r3',
    });
    expect(e2ee.rerun.length).toBeGreaterThan(0);
    expect(e2ee.rerun.length).toBeLessThan(first.rerun.length);
    expect(e2ee.rerun).toContain('plain-backup');
    expect(cellOf(e2ee, 'plain-backup', 'attacker').holds).not.toContain('history');
  }, 120_000);

  it('compares two designs and names the backup axis behind each changed cell', async () => {
    const mine = consumer.replace('id: consumer', 'id: consumer-e2ee') + 'backup: e2ee-password\n';
    const comparison = await value('compareDesigns', { texts: [consumer, mine], seed: 1, requestId: 'c1' });
    expect(comparison.evaluations.map((e: any) => e.scorecard.designId)).toEqual([
      'consumer',
      'consumer-e2ee',
    ]);
    const attacker = comparison.differences.find(
      (d: any) => d.attack === 'plain-backup' && d.party === 'attacker',
    );
    expect(attacker).toMatchObject({ axis: 'backup', marks: ['PHKM', expect.not.stringContaining('H')] });
    expect(attacker.text).toMatch(/^backup: plain → e2ee-password turns attacker from PHKM to /);
    expect(comparison.differences.every((d: any) => d.axis === 'backup')).toBe(true);
    // The cloud provider holds metadata only in both (plain backups are sealed under a server-held key).
    expect(
      comparison.differences.some((d: any) => d.attack === 'plain-backup' && d.party === 'backup-provider'),
    ).toBe(false);
  }, 120_000);
});
