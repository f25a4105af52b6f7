/**
 * Chat backups end to end (SCENARIOS.md S18, S19): who reads a backup follows from the blob, the
 * credentials and the key each party actually holds.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type LoadedScenario, loadScenario } from '../../simulator/scenario/loader.js';
import type { RunResult } from '../../simulator/scenario/result.js';
import { runScenario } from '../../simulator/scenario/runner.js';

const FIXTURES = new URL('./fixtures/', import.meta.url);

function load(name: string, edit: (text: string) => string = (t) => t): LoadedScenario {
  return loadScenario(edit(readFileSync(new URL(name, FIXTURES), 'utf8')), name);
}

function run(loaded: LoadedScenario, variant = 'base', seed = 1): RunResult {
  return runScenario(loaded, { variant, seed });
}

function expectation(result: RunResult, id: string) {
  const found = result.expectations.find((e) => e.id === id);
  if (!found) throw new Error(`no expectation ${id} in ${result.variant}`);
  return found;
}

function contentHows(result: RunResult, party: string, item: string): string[] {
  return result.ledger.observations
    .filter((o) => o.party === party && o.item === item && o.fields.includes('content'))
    .map((o) => o.how.kind);
}

describe('plain vs end-to-end encrypted backup', () => {
  const loaded = load('backup-plain-vs-e2ee.yaml');

  it('a plain backup is sealed under the chat server’s key: the provider holds ciphertext', () => {
    const result = run(loaded);
    expect(result.valid, JSON.stringify(result.expectations.filter((e) => !e.ok))).toBe(true);
    expect(expectation(result, 'provider-reads')).toMatchObject({ ok: true, kind: 'never-sees-content' });
    expect(contentHows(result, 'gdrive', 'm1')).toEqual([]);
    const held = result.ledger.observations.filter((o) => o.party === 'gdrive' && o.item === 'm1');
    expect(held.map((o) => o.how.kind)).toEqual(['ciphertext']);
    // The server holds the key (it made it), Alice's phone got it; the owner restores with it.
    expect(contentHows(result, 'server', 'backup-key:alice:server')).toEqual(['authored']);
    expect(contentHows(result, 'alice', 'backup-key:alice:server')).toEqual(['decrypted']);
    expect(contentHows(result, 'alice', 'm1')).toContain('backup');
    expect(result.ledger.items.find((i) => i.id === 'backup:alice:1')?.kind).toBe('backup');
  });

  it('with `plain_backup_encryption: none` the provider reads a plain backup', () => {
    const result = run(
      load('backup-plain-vs-e2ee.yaml', (text) =>
        text.replace(
          '{ id: server, kind: chat-server }',
          '{ id: server, kind: chat-server, plain_backup_encryption: none }',
        ),
      ),
    );
    expect(expectation(result, 'provider-reads')).toMatchObject({ ok: false, kind: 'never-sees-content' });
    expect(contentHows(result, 'gdrive', 'm1')).toEqual(['backup']);
    const how = result.ledger.observations.find((o) => o.party === 'gdrive' && o.item === 'm1')!.how;
    expect(how).toEqual({ kind: 'backup', source: 'gdrive backup of alice (unencrypted)' });
    // The disappeared message never went into the backup, and no server key exists.
    expect(contentHows(result, 'gdrive', 'm3')).toEqual([]);
    expect(result.ledger.items.some((i) => i.id === 'backup-key:alice:server')).toBe(false);
  });

  for (const variant of ['e2ee-password', 'e2ee-key']) {
    it(`an end-to-end encrypted backup (${variant}) leaves the provider with ciphertext only`, () => {
      const result = run(loaded, variant);
      expect(result.valid, JSON.stringify(result.expectations.filter((e) => !e.ok))).toBe(true);
      expect(expectation(result, 'provider-reads')).toMatchObject({ ok: true, kind: 'never-sees-content' });
      expect(contentHows(result, 'gdrive', 'm1')).toEqual([]);
      const held = result.ledger.observations.filter((o) => o.party === 'gdrive' && o.item === 'm1');
      expect(held.map((o) => o.how.kind)).toEqual(['ciphertext']);
      // The owner still gets everything back.
      expect(expectation(result, 'owner-restores').ok).toBe(true);
      expect(contentHows(result, 'alice', 'm2')).toContain('backup');
    });
  }

  it('only the password mode leaves a record in the vault', () => {
    const vaultSaw = (variant: string) =>
      run(loaded, variant).ledger.observations.filter((o) => o.party === 'hsm').length;
    expect(vaultSaw('e2ee-password')).toBe(1);
    expect(vaultSaw('e2ee-key')).toBe(0);
  });

  it('is deterministic', () => {
    expect(run(loaded, 'e2ee-password', 9).journalHash).toBe(run(loaded, 'e2ee-password', 9).journalHash);
  });
});

describe('SIM swap plus stolen cloud credentials', () => {
  const loaded = load('backup-sim-swap.yaml');

  it('with a plain backup the attacker restores the whole history', () => {
    const result = run(loaded);
    expect(result.valid, JSON.stringify(result.expectations.filter((e) => !e.ok))).toBe(true);
    expect(expectation(result, 'credentials-needed')).toMatchObject({ ok: true });
    expect(expectation(result, 'credentials-needed').detail).toMatch(/refused the sign-in/);
    expect(expectation(result, 'restore-result')).toMatchObject({ ok: true });
    expect(expectation(result, 'history-exposed')).toMatchObject({ ok: true, kind: 'sees-content' });
    for (const m of ['m1', 'm2', 'm3']) expect(contentHows(result, 'mallory', m)).toEqual(['backup']);
  });

  for (const variant of ['e2ee-password', 'e2ee-key']) {
    it(`with an end-to-end encrypted backup (${variant}) the attacker gets nothing`, () => {
      const result = run(loaded, variant);
      expect(result.valid, JSON.stringify(result.expectations.filter((e) => !e.ok))).toBe(true);
      expect(expectation(result, 'restore-result')).toMatchObject({ ok: true, kind: 'action' });
      expect(expectation(result, 'restore-result').detail).toMatch(
        /^failed: the backup is end-to-end encrypted/,
      );
      expect(expectation(result, 'history-exposed')).toMatchObject({ ok: true, kind: 'never-sees-content' });
      for (const m of ['m1', 'm2', 'm3']) expect(contentHows(result, 'mallory', m)).toEqual([]);
      // The takeover itself still works: new messages reach the attacker.
      expect(expectation(result, 'new-messages-exposed').ok).toBe(true);
    });
  }
});

describe('a breach of the backup provider', () => {
  const breach = (text: string) =>
    text.replace(
      'steal-backup-credentials: { attacker: mallory, victim: bob }',
      'compromise: { attacker: mallory, host: gdrive }',
    );

  it('exposes unencrypted backups but not sealed ones (server key or end-to-end)', () => {
    const serverKey = run(load('backup-sim-swap.yaml', breach));
    expect(expectation(serverKey, 'restore-result').detail).toMatch(/refused the sign-in/);
    expect(contentHows(serverKey, 'mallory', 'm1')).toEqual([]);
    const unencrypted = run(
      load('backup-sim-swap.yaml', (text) =>
        breach(text).replace(
          '{ id: server, kind: chat-server }',
          '{ id: server, kind: chat-server, plain_backup_encryption: none }',
        ),
      ),
    );
    expect(contentHows(unencrypted, 'mallory', 'm1')).toEqual(['exfiltrated']);
    const sealed = run(load('backup-sim-swap.yaml', breach), 'e2ee-key');
    expect(contentHows(sealed, 'mallory', 'm1')).toEqual([]);
  });
});

describe('online guessing against the key vault', () => {
  it('ten wrong guesses destroy the key forever — even the owner cannot restore', () => {
    const result = run(load('backup-vault-lockout.yaml'));
    expect(result.valid, JSON.stringify(result.expectations.filter((e) => !e.ok))).toBe(true);
    expect(expectation(result, 'guessing-fails').detail).toMatch(/10 wrong guess\(es\): hsm destroyed/);
    expect(expectation(result, 'lockout-permanent').detail).toMatch(/destroyed/);
    expect(expectation(result, 'owner-locked-out')).toMatchObject({ ok: true });
    expect(expectation(result, 'owner-locked-out').detail).toMatch(/hsm released no key/);
    const attempts = result.events.filter((e) => e.type === 'vault.attempt');
    expect(attempts).toHaveLength(10);
    expect(result.events.filter((e) => e.type === 'vault.record-destroyed')).toHaveLength(1);
  });

  it('with one attempt to spare, a right guess yields the key and the history', () => {
    const loaded = load('backup-vault-lockout.yaml', (text) =>
      text.replace('victim: bob, attempts: 10 }', 'victim: bob, attempts: 9 }'),
    );
    const result = run(loaded);
    expect(result.valid).toBe(false);
    expect(expectation(result, 'guessing-fails').detail).toMatch(/9 wrong guess\(es\); 1 attempt\(s\) left/);
    expect(expectation(result, 'lockout-permanent')).toMatchObject({ ok: false });
    expect(expectation(result, 'lockout-permanent').detail).toMatch(/guess 1 was right/);
    expect(expectation(result, 'attacker-gets-nothing').detail).toMatch(
      /^succeeded: mallory restored 2 message/,
    );
    expect(contentHows(result, 'mallory', 'm1')).toEqual(['backup']);
    const keySeen = result.ledger.observations.find(
      (o) => o.party === 'mallory' && o.item === 'backup-key:bob:1',
    );
    expect(keySeen?.how).toEqual({ kind: 'decrypted', with: 'hsm after a correct password guess' });
    // The successful login reset the count, so the owner restores too.
    expect(expectation(result, 'owner-locked-out').detail).toMatch(/^succeeded: bob restored 2 message/);
  });
});
