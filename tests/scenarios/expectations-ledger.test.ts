/**
 * Expectations over anything in the ledger — `holds`, `lacks` (at a step) and `never` — on real runs
 * of tests/scenarios/fixtures/holdings.yaml: one claim per kind of item (messages, calls, backups,
 * backup keys, identity keys, registration codes, profiles, SIMs, accounts, device lists, address
 * books, group membership, presence) and per form, each shown to hold, and a set of wrong claims shown to fail
 * with a reason that names the item and what the party held instead.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ITEM_KIND_NAMES } from '../../simulator/scenario/item-kinds.js';
import { loadScenario, type LoadedScenario } from '../../simulator/scenario/loader.js';
import type { ExpectationResult, RunResult } from '../../simulator/scenario/result.js';
import { runScenario } from '../../simulator/scenario/runner.js';
import { classifyItem } from '../../simulator/scenario/runtime/item-catalog.js';

const FIXTURE = new URL('./fixtures/holdings.yaml', import.meta.url);
const TEXT = readFileSync(FIXTURE, 'utf8');

/** Wrong claims, added to the fixture's base expectations: each must fail with this reason. */
const WRONG: Array<{ id: string; yaml: string; text: string; detail: RegExp }> = [
  {
    id: 'server-reads',
    yaml: 'holds: { party: whatsapp, item: m1 }',
    text: 'whatsapp holds the content of m1',
    detail:
      /^whatsapp lacks: m1: only sender, recipient, timestamp, size, ip, ciphertext \(routing metadata \(routed and queued the ciphertext\); held ciphertext/,
  },
  {
    id: 'history-safe',
    yaml: 'never: { party: mallory, item: { kind: message, of: bob } }',
    text: 'mallory never holds the content of any message of bob',
    detail: /^m1: content since step 'restore' \(t\+\d+\.\d s\): read from gdrive backup of bob .*; m2: /,
  },
  {
    id: 'history-early',
    yaml: 'holds: { party: mallory, item: { kind: message, of: bob }, at: cloud }',
    text: "mallory holds the content of the messages of bob at step 'cloud'",
    detail: /^mallory lacks at step 'cloud': m1: nothing; m2: nothing; g1: nothing$/,
  },
  {
    id: 'backup-safe-at-restore',
    yaml: 'lacks: { party: mallory, item: { kind: backup, of: bob }, at: restore }',
    text: "mallory does not hold the content of bob's chat backup at step 'restore'",
    detail: /^backup:bob:1: content since step 'restore' .*: read from gdrive backup of bob /,
  },
  {
    id: 'isp-reads-call',
    yaml: 'holds: { party: isp, item: { kind: call, of: alice } }',
    text: 'isp holds the content of the calls of alice',
    detail:
      /^isp lacks: call:alice>bob#1: only timestamp, size, ip, ciphertext \(held ciphertext \(TCP frame/,
  },
  {
    id: 'isp-no-ciphertext',
    yaml: 'never: { party: isp, item: m1, what: ciphertext }',
    text: 'isp never holds the ciphertext of m1',
    detail: /^m1: ciphertext since step 'steps\[0\]' \(t\+0\.\d s\): held ciphertext \(TCP frame/,
  },
  {
    id: 'isp-device-list',
    yaml: 'holds: { party: isp, item: { kind: device-list, of: bob } }',
    text: "isp holds something of bob's device list",
    detail: /^isp lacks: devices:\+1 555 0101: nothing$/,
  },
  {
    id: 'server-no-membership',
    yaml: 'never: { party: whatsapp, item: { kind: group-membership, of: family } }',
    text: 'whatsapp never holds anything of the membership of group family',
    detail: /^group:family: group-membership since setup, before the first step: routing metadata$/,
  },
  {
    id: 'code-too-early',
    yaml: 'holds: { party: mallory, item: { kind: registration-code, of: bob }, at: swap }',
    text: "mallory holds the content of bob's registration code at step 'swap'",
    detail:
      /^there is no registration code of bob by step 'swap' \(registration codes in the run: code:\+1 555 0101:1\)$/,
  },
  {
    id: 'alice-key',
    yaml: 'holds: { party: mallory, item: { kind: identity-key, of: alice } }',
    text: "mallory holds the content of alice's identity private key",
    detail:
      /^there is no identity private key of alice in this run \(identity private keys in the run: key:carol-phone\)$/,
  },
  {
    id: 'no-key-taken',
    yaml: 'never: { party: mallory, item: { kind: identity-key } }',
    text: 'mallory never holds the content of any identity private key',
    detail: /^key:carol-phone: content since step 'implant' .*: exfiltrated by spyware on carol-phone/,
  },
  {
    id: 'warrant-early',
    yaml: 'holds: { party: police, item: { kind: address-book, of: alice }, at: probe }',
    text: "police holds something of alice's address book at step 'probe'",
    detail:
      /^there is no address book of alice by step 'probe' \(address books in the run: address-book:\+1 555 0100, address-book:\+1 555 0666\)$/,
  },
  {
    id: 'hidden-profile-seen',
    yaml: 'holds: { party: mallory, item: { kind: profile, of: bob } }',
    text: "mallory holds the content of bob's profile photo and About",
    detail: /^mallory lacks: profile:\+1 555 0101: nothing$/,
  },
  {
    id: 'unsent-read',
    yaml: 'holds: { party: alice, item: [m3, m9] }',
    text: 'alice holds the content of m3 and m9',
    detail: /^alice lacks: m9: never written \(its step did not compose it\)$/,
  },
  {
    id: 'misspelt-id',
    yaml: 'holds: { party: gdrive, item: { kind: backup, id: "backup:bob:2" } }',
    text: 'gdrive holds the content of backup:bob:2',
    detail: /^no item 'backup:bob:2' in this run's ledger — did you mean 'backup:bob:1'\?$/,
  },
  {
    id: 'wrong-kind-id',
    yaml: 'holds: { party: mallory, item: { kind: backup, id: "key:carol-phone" } }',
    text: 'mallory holds the content of key:carol-phone',
    detail: /^'key:carol-phone' is an identity-key item, not a backup$/,
  },
];

function withWrongClaims(text: string): string {
  const claims = WRONG.map((w) => `  - id: wrong-${w.id}\n    ${w.yaml}\n`).join('');
  return text.replace(/\nvariants:\n/, `\n${claims}variants:\n`);
}

function load(text: string): LoadedScenario {
  return loadScenario(text, 'holdings.yaml');
}

function byId(result: RunResult): Map<string, ExpectationResult> {
  return new Map(result.expectations.map((e) => [e.id, e]));
}

const base = runScenario(load(withWrongClaims(TEXT)), { variant: 'base', seed: 1 });
const e2ee = runScenario(load(TEXT), { variant: 'e2ee', seed: 1 });

describe('holds / lacks / never over every kind of ledger item', () => {
  it('runs claims over every item kind, in every form', () => {
    const scenario = load(TEXT).scenario;
    const checks = [...scenario.expectations, ...scenario.variants.flatMap((v) => v.expectations ?? [])].map(
      (e) => e.check,
    );
    const kinds = new Set(
      checks.flatMap((c) =>
        c.type === 'holds' || c.type === 'lacks' || c.type === 'never'
          ? [typeof c.item === 'object' && !Array.isArray(c.item) ? c.item.kind : 'message']
          : [],
      ),
    );
    // Two-step PIN reset links exist only where a scenario resets a PIN by email.
    const elsewhere = ['pin-reset-link'];
    expect([...kinds].sort()).toEqual(ITEM_KIND_NAMES.filter((k) => !elsewhere.includes(k)).sort());
    expect(new Set(checks.map((c) => c.type))).toEqual(new Set(['holds', 'lacks', 'never']));
  });

  for (const result of [base, e2ee]) {
    it(`every true claim holds (${result.variant})`, () => {
      const failed = result.expectations
        .filter((e) => !e.ok && !e.id.startsWith('wrong-'))
        .map((e) => `${e.id}: ${e.text} — ${e.detail}`);
      expect(failed).toEqual([]);
    });
  }

  for (const wrong of WRONG) {
    it(`a wrong claim fails and says why: ${wrong.id}`, () => {
      const result = byId(base).get(`wrong-${wrong.id}`);
      expect(result).toMatchObject({ ok: false, kind: wrong.yaml.split(':')[0], text: wrong.text });
      expect(result!.detail).toMatch(wrong.detail);
    });
  }

  it('checks `at` against the ledger as of that step, and says when the answer changes', () => {
    const results = byId(base);
    expect(results.get('no-history-before')).toMatchObject({ ok: true, kind: 'lacks' });
    expect(results.get('no-history-before')!.detail).toMatch(
      /^mallory holds none of m1, m2, g1 at step 'cloud'; later: m1: content since step 'restore'/,
    );
    expect(results.get('history-at-restore')!.detail).toMatch(
      /^m1: content since step 'restore' .*; m2: .*; g1: content since step 'restore'/,
    );
    // In the e2ee variant the restore fails: nothing, at the step or later.
    expect(byId(e2ee).get('no-history-before')!.detail).toBe(
      "mallory holds none of m1, m2 at step 'restore', nor later",
    );
  });

  it('reads a device as its holder, and `of` a device as its owner', () => {
    expect(byId(base).get('device-view')).toMatchObject({
      ok: true,
      text: 'bob-phone holds the content of m1',
    });
    expect(byId(base).get('key-by-device')!.ok).toBe(true);
  });

  it('selects nothing vacuously for never, but fails holds on an empty selection', () => {
    expect(byId(base).get('no-key-of-alice')).toMatchObject({
      ok: true,
      detail: expect.stringMatching(
        /^there is no identity private key of alice in this run .*, so none is held$/,
      ),
    });
    expect(byId(base).get('wrong-alice-key')!.ok).toBe(false);
  });

  it('keeps every existing expectation form and the run’s journal unchanged by the new forms', () => {
    // The same scenario with and without the added claims: expectations never touch the run.
    const plain = runScenario(load(TEXT), { variant: 'base', seed: 1 });
    expect(plain.journalHash).toBe(base.journalHash);
  });

  it('shows a profile to whom its visibility allows: everyone, contacts (once they have chatted), nobody', () => {
    const results = byId(base);
    expect(results.get('public-profile')!.ok).toBe(true);
    expect(results.get('hidden-profile')!.ok).toBe(true);
    expect(results.get('contacts-only-profile')!.detail).toMatch(
      /at step 'scan'; later: profile:\+1 555 0102: content since step 'rescan' .*\(visible to contacts\)$/,
    );
  });

  it('classifies every item of these runs as a kind a selector can name', () => {
    const none = { ownerOf: () => undefined, participants: () => undefined };
    for (const result of [base, e2ee]) {
      const unclassified = result.ledger.items.filter((i) => classifyItem(i, none).kind === undefined);
      expect(unclassified.map((i) => i.id)).toEqual([]);
    }
  });
});
