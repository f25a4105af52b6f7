/**
 * Customer ↔ business scenarios (SCENARIOS.md S20): who reads what follows from where the business's
 * client runs and where webhooks take the plaintext — never from the scenario text.
 */
import { describe, expect, it } from 'vitest';
import { nobleCryptoProvider } from '../../simulator/crypto/noble-provider.js';
import { runScenario } from '../../simulator/scenario/runner.js';
import { expectation, level, loadFixture, loadText, run } from '../helpers/scenarios.js';

const ok = (result: ReturnType<typeof run>, ids: string[]) => {
  for (const id of ids)
    expect(expectation(result, id).ok, `${id}: ${expectation(result, id).detail}`).toBe(true);
};

describe('Cloud API with a BSP and a CRM', () => {
  const loaded = loadFixture('business-cloud-api.yaml');
  const result = run(loaded);

  it('keeps the chat server blind while the Cloud API host, the BSP and the CRM read everything', () => {
    expect(result.valid).toBe(true);
    ok(result, [
      'server-blind',
      'server-routes',
      'isp-blind',
      'cloud-reads',
      'bsp-reads',
      'crm-reads',
      'acme-reads',
    ]);
    for (const message of ['q1', 'a1', 'q2']) {
      expect(level(result, 'server', message)).toBe('metadata');
      expect(level(result, 'meta-cloud', message)).toBe('content');
      expect(level(result, 'helpdesk-bsp', message)).toBe('content');
      expect(level(result, 'acme-crm', message)).toBe('content');
    }
  });

  it('derives how each host came to read it: decrypted by the Cloud API, clear by webhook downstream', () => {
    const hows = (party: string, item: string) =>
      result.ledger.observations
        .filter((o) => o.party === party && o.item === item && o.fields.includes('content'))
        .map((o) => o.how);
    expect(hows('meta-cloud', 'q1')).toEqual([
      { kind: 'decrypted', with: 'session +1 555 0100.1→+1 555 0900.1' },
    ]);
    expect(hows('helpdesk-bsp', 'q1')).toEqual([{ kind: 'clear', via: 'webhook from meta-cloud' }]);
    expect(hows('acme-crm', 'q1')).toEqual([{ kind: 'clear', via: 'webhook from helpdesk-bsp' }]);
    expect(hows('helpdesk-bsp', 'a1')).toEqual([{ kind: 'clear', via: 'API call from acme-crm' }]);
  });

  it('delivers both ways and labels the chat on the customer’s phone', () => {
    ok(result, ['alice-reads-reply', 'reached-acme', 'label']);
    const label = result.events.find((e) => e.type === 'notice' && e.kind === 'business-chat-label');
    expect(label?.detail).toMatch(/secure service from Meta/);
  });

  it('holds under No Storage and Local Storage too: the options change retention, not who decrypts', () => {
    for (const variant of ['no-storage', 'local-storage']) {
      const other = run(loaded, variant);
      expect(other.valid, variant).toBe(true);
      expect(level(other, 'meta-cloud', 'q1')).toBe('content');
    }
    const where = (variant: string) =>
      run(loaded, variant)
        .events.filter((e) => e.type === 'business.store' && e.host === 'meta-cloud' && e.messageId === 'q1')
        .map((e) => e.where);
    expect(where('base')).toEqual(['at rest in Meta data centres']);
    expect(where('local-storage')).toEqual([
      'in use outside the chosen region (Local Storage)',
      'at rest in the chosen region (Local Storage)',
    ]);
    expect(where('no-storage')).toEqual(['in use in Meta data centres (No Storage)']);
  });

  it('is deterministic across seeds and crypto providers', () => {
    expect(run(loaded, 'base', 1).journalHash).toBe(result.journalHash);
    expect(run(loaded, 'base', 2).journalHash).not.toBe(result.journalHash);
    expect(runScenario(loaded, { variant: 'base', seed: 1, crypto: nobleCryptoProvider }).journalHash).toBe(
      result.journalHash,
    );
  });
});

describe('the claim "Meta cannot read the content when a business uses the Cloud API"', () => {
  const loaded = loadFixture('business-meta-claim.yaml');

  it('fails against the real data flow: the Cloud API host decrypts for the business, whatever the storage option', () => {
    for (const variant of ['base', 'no-storage', 'local-storage']) {
      const result = run(loaded, variant);
      expect(result.valid, variant).toBe(false);
      const claim = expectation(result, 'claim-meta-cannot-read');
      expect(claim.ok).toBe(false);
      expect(claim.detail).toMatch(/order: content \(decrypted with session/);
      expect(claim.detail).toMatch(/confirm: content/);
      // What does hold: the WhatsApp transport (chat server) never reads it.
      expect(expectation(result, 'transport-blind').ok).toBe(true);
      expect(expectation(result, 'shop-reads').ok).toBe(true);
    }
  });
});

describe('On-Premises and BSP-hosted clients', () => {
  it('on-premises: the Cloud API host sees nothing at all; the business and its CRM read', () => {
    const result = run(loadFixture('business-on-premises.yaml'));
    expect(result.valid).toBe(true);
    ok(result, ['cloud-nothing', 'server-blind', 'bank-reads', 'crm-reads', 'carol-gets-answer', 'no-label']);
    expect(result.ledger.observations.some((o) => o.party === 'meta-cloud')).toBe(false);
    const bankHow = result.ledger.observations.find(
      (o) => o.party === 'bank' && o.item === 'ask' && o.fields.includes('content'),
    );
    expect(bankHow?.how.kind).toBe('decrypted');
  });

  it('bsp-hosted: the BSP decrypts, the label says other companies manage the chat', () => {
    const result = run(loadFixture('business-bsp-hosted.yaml'));
    expect(result.valid).toBe(true);
    ok(result, [
      'bsp-decrypts',
      'travel-reads',
      'cloud-nothing',
      'server-blind',
      'label',
      'dave-gets-answer',
    ]);
    const label = result.events.find((e) => e.type === 'notice' && e.kind === 'business-chat-label');
    expect(label?.detail).toMatch(/works with other companies/);
  });
});

describe('retention on the virtual clock', () => {
  const loaded = loadFixture('business-retention.yaml');
  const deletions = (variant: string) =>
    run(loaded, variant)
      .events.filter((e) => e.type === 'business.delete')
      .map((e) => ({ host: e.host, keptMs: e.keptMs }));

  it('deletes at the BSP after 7 days and at the Cloud API after 30; the CRM keeps it', () => {
    expect(deletions('base')).toEqual([
      { host: 'shop-bsp', keptMs: 7 * 86_400_000 },
      { host: 'meta-cloud', keptMs: 30 * 86_400_000 },
    ]);
  });

  it('with No Storage, the Cloud API host holds nothing after an hour', () => {
    const result = run(loaded, 'no-storage');
    expect(result.valid).toBe(true);
    const stored = result.events.filter((e) => e.type === 'business.store' && e.host === 'meta-cloud');
    const deleted = result.events.filter((e) => e.type === 'business.delete' && e.host === 'meta-cloud');
    expect(stored).toHaveLength(1);
    expect(deleted).toHaveLength(1);
    expect(deleted[0]!.keptMs).toBe(3_600_000);
    // The deletion happens before the scenario's 2-hour mark.
    const afterTwoHours = result.events.find((e) => e.type === 'step' && e.step === 'week')!;
    expect(deleted[0]!.t).toBeLessThan(afterTwoHours.t);
  });
});

describe('scenario wiring', () => {
  const text = (steps: string) => `
sightline: 1
id: wiring
title: wiring
summary: test
parties:
  - { id: alice, kind: user }
  - { id: bob, kind: user, number: "+1 555 0900" }
  - { id: shop, kind: business, hosting: cloud-api, crm: shop-crm }
  - { id: shop-crm, kind: crm }
  - { id: meta-cloud, kind: cloud-api }
steps:
${steps}`;

  it('builds hosts declared after the business, numbers it without clashing, and routes without a BSP', () => {
    const result = run(
      loadText(`${text('  - { id: hi, business-message: { id: x1, from: alice, to: shop, text: "hi" } }')}
expectations:
  - action: { step: hi, outcome: succeeds }
  - delivered: { message: x1, to: shop }
  - sees-content: { party: shop-crm, messages: [x1] }
  - sees-nothing: { party: bob, messages: [x1] }
`),
    );
    expect(result.valid, JSON.stringify(result.expectations.filter((e) => !e.ok))).toBe(true);
    const wired = result.events.find((e) => e.type === 'business.wired');
    expect(wired?.route).toEqual(['meta-cloud', 'shop-crm']);
    expect(
      result.events.find((e) => e.type === 'server.register' && e.device === 'shop-client')?.number,
    ).toBe('+1 555 0901');
  });

  it('is refused at load time when the message is not between a customer and a business', () => {
    expect(() =>
      loadText(text('  - business-message: { id: x1, from: alice, to: bob, text: "hi" }')),
    ).toThrow(/a business message goes between a user and a business/);
  });
});
