/**
 * Breaches and lawful requests (S16, S18–S20 hosts): a party that gets into a host, or compels it,
 * learns what that host stores — metadata and ciphertext at the chat server, plaintext only where a
 * host keeps plaintext.
 */
import { describe, expect, it } from 'vitest';
import { PEN_REGISTER_INTERVAL_MS } from '../../simulator/parties/law-enforcement.js';
import type { RunResult } from '../../simulator/scenario/result.js';
import { level, loadFixture, run } from '../helpers/scenarios.js';

function allOk(result: RunResult): void {
  for (const e of result.expectations) expect(e.ok, `${e.id}: ${e.detail}`).toBe(true);
}

describe('compromise', () => {
  const result = run(loadFixture('attacks-compromise.yaml'));

  it('a breached chat server yields routing records and queued ciphertext, never content', () => {
    allOk(result);
    for (const m of ['m1', 'm2', 'm3']) expect(level(result, 'mallory', m)).toBe('metadata');
    const queued = result.ledger.observations.filter(
      (o) => o.party === 'mallory' && o.how.kind === 'ciphertext' && JSON.stringify(o.how).includes('queued'),
    );
    expect(queued.map((o) => o.item)).toEqual(['m2']);
  });

  it('a breached CRM yields the plaintext it stores, now and later', () => {
    expect(level(result, 'mallory', 'q1')).toBe('content');
    expect(level(result, 'mallory', 'q2')).toBe('content');
    const how = result.ledger.observations.find(
      (o) => o.party === 'mallory' && o.item === 'q2' && o.fields.includes('content'),
    )!.how;
    expect(how).toEqual({ kind: 'exfiltrated', by: 'breach of acme-crm' });
  });
});

describe('lawful-request (S16)', () => {
  const loaded = loadFixture('attacks-lawful.yaml');
  const base = run(loaded);
  const vanishing = run(loaded, 'disappearing');
  const fbi = (result: RunResult) => result.ledger.observations.filter((o) => o.party === 'fbi');

  it('a pen register yields sender, recipient, time and IP of the target’s messages, in 15-minute batches', () => {
    allOk(base);
    const records = fbi(base).filter((o) => o.item === 'm1' || o.item === 'm2');
    expect(records.length).toBe(2);
    for (const o of records) {
      expect(o.fields).toEqual(['sender', 'recipient', 'timestamp', 'ip']);
      expect(o.how.kind).toBe('clear');
    }
    const order = base.events.find((e) => e.type === 'lawful.pen-register')!;
    expect(records[0]!.t).toBe(order.t + PEN_REGISTER_INTERVAL_MS);
  });

  it('a warrant yields the address book the server knows, never content', () => {
    expect(
      fbi(base).some((o) => o.item === 'address-book:+1 555 0101' && o.fields.includes('address-book')),
    ).toBe(true);
    expect(fbi(base).some((o) => o.fields.includes('content'))).toBe(false);
    const outcome = base.events.find((e) => e.type === 'step.outcome' && e.step === 'search')!;
    expect(String(outcome.reason)).toMatch(/1 contacts, 1 accounts that have bob/);
  });

  it('disappearing messages change none of it', () => {
    allOk(vanishing);
    const strip = (result: RunResult) => fbi(result).map((o) => `${o.item} ${o.fields.join(',')}`);
    expect(strip(vanishing)).toEqual(strip(base));
    expect(vanishing.events.some((e) => e.type === 'client.message-disappeared')).toBe(true);
  });
});
