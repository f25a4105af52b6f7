import { describe, expect, it } from 'vitest';
import {
  designPreset,
  DESIGN_AXES,
  evaluateDesign,
  scorecardToJson,
  withAxis,
  type Scorecard,
} from '../../simulator/design/index.js';
import { crypto, library } from './library.js';

const consumer = designPreset('consumer')!.design;
const cell = (card: Scorecard, attack: string, role: string) =>
  card.rows.find((r) => r.attack === attack)!.cells.find((c) => c.role === role)!;

describe('evaluating a design against the library', () => {
  const card = evaluateDesign(consumer, { library, crypto });

  it('runs every attack that applies and skips the rest with a reason', () => {
    expect(card.totals.attacks).toBe(library.length);
    const skipped = card.rows.filter((r) => r.status === 'skipped');
    expect(skipped.map((r) => r.attack)).toContain('business-messaging');
    for (const row of skipped) expect(row.reason).toMatch(/business messaging is none/);
    const bsp = evaluateDesign(designPreset('business-cloud-api-bsp-crm')!.design, { library, crypto });
    expect(bsp.rows.find((r) => r.attack === 'business-messaging')!.status).toBe('ran');
    expect(cell(bsp, 'business-messaging', 'crm').code).toContain('P');
  });

  it('links every held category to ledger evidence', () => {
    const c = cell(card, 'plain-backup', 'attacker');
    expect(c.categories).toContain('content');
    const evidence = c.holdings[0]!.evidence.content!;
    expect(evidence.run).toBe('plain-backup#base');
    expect(evidence.observation).toBeGreaterThanOrEqual(0);
    expect(evidence.step).toBeDefined();
  });

  it('same design and seed give a byte-identical scorecard', () => {
    const again = evaluateDesign(consumer, { library, crypto });
    expect(scorecardToJson(again)).toBe(scorecardToJson(card));
    const seeded = evaluateDesign(consumer, { library, crypto, seed: 7 });
    expect(scorecardToJson(seeded)).not.toBe(scorecardToJson(card));
  });

  it('E2EE backups take the plaintext history away from the attacker who restores a backup', () => {
    const e2ee = evaluateDesign(
      withAxis(
        consumer,
        DESIGN_AXES.find((a) => a.id === 'backup')!,
        'e2ee-key',
      ),
      {
        library,
        crypto,
      },
    );
    expect(cell(card, 'plain-backup', 'attacker').categories).toContain('history');
    expect(cell(e2ee, 'plain-backup', 'attacker').categories).not.toContain('history');
  });

  it('a plain backup readable by its provider shows in the cloud-provider cell; E2EE takes it away', () => {
    const axis = (id: string) => DESIGN_AXES.find((a) => a.id === id)!;
    const readable = withAxis(consumer, axis('plain_backup_protection'), 'none');
    const plain = evaluateDesign(readable, { library, crypto });
    const e2ee = evaluateDesign(withAxis(readable, axis('backup'), 'e2ee-password'), { library, crypto });
    expect(cell(card, 'plain-backup', 'backup-provider').code).toBe('M');
    expect(cell(plain, 'plain-backup', 'backup-provider').categories).toContain('history');
    expect(cell(e2ee, 'plain-backup', 'backup-provider').categories).not.toContain('history');
  });

  it('a linked-device limit of 0 stops the pairing lure at the chat server: the attacker ends with nothing', () => {
    const none = evaluateDesign(
      withAxis(
        consumer,
        DESIGN_AXES.find((a) => a.id === 'defences.linked_device_limit')!,
        0,
      ),
      { library, crypto },
    );
    expect(cell(card, 'pairing-phishing', 'attacker').categories).toContain('content');
    expect(cell(none, 'pairing-phishing', 'attacker').categories).toEqual([]);
  });

  it('incremental evaluation re-runs only the attacks the changed axis touches, with the same result', () => {
    const axis = DESIGN_AXES.find((a) => a.id === 'retention.crm_days')!;
    const bsp = designPreset('business-cloud-api-bsp-crm')!.design;
    const before = evaluateDesign(bsp, { library, crypto });
    const changed = withAxis(bsp, axis, 365);
    const reran: string[] = [];
    const incremental = evaluateDesign(changed, {
      library,
      crypto,
      previous: before,
      onRun: (a) => reran.push(a),
    });
    expect(reran.length).toBeGreaterThan(0);
    expect(reran.length).toBeLessThan(library.length / 2);
    expect(reran).toContain('business-messaging');
    expect(scorecardToJson(incremental)).toBe(scorecardToJson(evaluateDesign(changed, { library, crypto })));
  });

  it('reports progress per attack', () => {
    const seen: number[] = [];
    evaluateDesign(consumer, { library, crypto, previous: card, onProgress: (done) => seen.push(done) });
    expect(seen).toEqual(library.map((_, i) => i + 1));
  });
});
