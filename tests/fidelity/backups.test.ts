/** docs/model.md, "Cloud backups": claims B1–B10, each checked on a real run's ledger. */
import { describe, expect, it } from 'vitest';
import { contentHows, events, hasItem, header, holdsAnything, outcome, reads, run } from './helpers.js';

const MESSAGES = ['m1', 'm2'];

/** Bob backs up (plain unless `mode`), Mallory SIM-swaps, tries to register, steals the Google sign-in, restores. */
function simSwapBackup(options: { twoStep?: boolean; mode?: string; server?: string } = {}): string {
  return `${header(
    'sim-swap-backup',
    `  - { id: alice, kind: user }
  - { id: bob, kind: user, backup: { provider: gdrive, mode: ${options.mode ?? 'plain'}, password: "pw-1234" } }
  - { id: mallory, kind: attacker }
  - { id: whatsapp, kind: chat-server${options.server ?? ''} }
  - { id: carrier, kind: carrier }
  - { id: registration, kind: registration }
  - { id: gdrive, kind: backup-provider }
  - { id: hsm, kind: key-vault }`,
  )}
defences:
  - { id: bob-2sv, kind: two-step-verification, party: bob, pin: "111222", enabled: ${options.twoStep === true} }
steps:
  - send: { id: m1, from: alice, to: bob, text: "first secret" }
  - send: { id: m2, from: bob, to: alice, text: "second secret" }
  - id: backup
    backup: { user: bob }
  - sim-swap: { attacker: mallory, victim: bob }
  - id: takeover
    register: { user: bob, by: mallory }
  - steal-backup-credentials: { attacker: mallory, victim: bob }
  - id: restore
    restore-backup: { by: mallory, user: bob }
`;
}

describe('plain backups', () => {
  it('[B1] the provider holds ciphertext and metadata of a plain backup, not history', () => {
    const result = run(simSwapBackup());
    for (const m of MESSAGES) {
      expect(reads(result, 'gdrive', m)).toBe(false);
      expect(contentHows(result, 'gdrive', m)).toEqual([]);
      expect(holdsAnything(result, 'gdrive', m)).toBe(true); // ciphertext inside the backup
    }
    const backup = result.ledger.observations.filter(
      (o) => o.party === 'gdrive' && o.item === 'backup:bob:1',
    );
    expect(backup.map((o) => o.how.kind)).toEqual(['ciphertext']);
    expect(backup[0]!.fields).toEqual(['sender', 'timestamp', 'size']);
    // The blob is really sealed: the upload event says so.
    expect(events(result, 'cloud.upload')[0]).toMatchObject({ mode: 'server-key' });
  });

  it('[B2] the chat operator holds the key but never reads a backed-up message', () => {
    const result = run(simSwapBackup());
    expect(contentHows(result, 'whatsapp', 'backup-key:bob:server')).toEqual(['authored']);
    for (const m of MESSAGES) expect(reads(result, 'whatsapp', m)).toBe(false);
    expect(holdsAnything(result, 'whatsapp', 'backup:bob:1')).toBe(false);
  });

  it('[B3] with 2SV on, a failed re-registration leaves the SIM-swapper without history; with 2SV off she restores it', () => {
    const on = run(simSwapBackup({ twoStep: true }));
    expect(outcome(on, 'takeover').ok).toBe(false);
    expect(outcome(on, 'restore')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/registered on bob's number/),
    });
    for (const m of MESSAGES) expect(reads(on, 'mallory', m)).toBe(false);
    expect(reads(on, 'mallory', 'backup-key:bob:server')).toBe(false);
    const off = run(simSwapBackup({ twoStep: false }));
    expect(outcome(off, 'takeover').ok).toBe(true);
    expect(outcome(off, 'restore').ok).toBe(true);
    for (const m of MESSAGES) expect(contentHows(off, 'mallory', m)).toEqual(['backup']);
    // She got the key when her registration completed, before she had the file.
    const key = off.ledger.observations.find(
      (o) => o.party === 'mallory' && o.item === 'backup-key:bob:server',
    )!;
    const registered = events(off, 'registration.registered').find((e) => e['by'] === 'mallory')!;
    expect(key.t).toBe(registered.t);
    expect(key.how).toMatchObject({ kind: 'decrypted' });
  });

  it('[B4] the same key opens an older backup on the owner’s next phone', () => {
    const result = run(`${header(
      'new-phone',
      `  - { id: alice, kind: user }
  - { id: bob, kind: user, backup: { provider: gdrive } }
  - { id: whatsapp, kind: chat-server }
  - { id: carrier, kind: carrier }
  - { id: registration, kind: registration }
  - { id: gdrive, kind: backup-provider }`,
    )}
steps:
  - send: { id: m1, from: alice, to: bob, text: "old news" }
  - backup: { user: bob }
  - id: new-phone
    register: { user: bob, device: bob-new-phone }
  - id: restore
    restore-backup: { by: bob, user: bob }
`);
    expect(outcome(result, 'new-phone').ok).toBe(true);
    expect(outcome(result, 'restore')).toMatchObject({
      ok: true,
      reason: expect.stringMatching(/onto bob-new-phone/),
    });
    const releases = events(result, 'backup.server-key-released').map((e) => e['device']);
    expect(releases).toEqual(['bob-phone', 'bob-new-phone']);
    expect(events(result, 'backup.server-key-created')).toHaveLength(1);
    expect(contentHows(result, 'bob', 'm1')).toContain('backup');
  });

  it('[B5] stolen cloud credentials alone give the file, not the history', () => {
    const text = simSwapBackup().replace(
      '  - sim-swap: { attacker: mallory, victim: bob }\n  - id: takeover\n    register: { user: bob, by: mallory }\n',
      '',
    );
    const result = run(text);
    expect(outcome(result, 'restore')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/mallory has none/),
    });
    expect(holdsAnything(result, 'mallory', 'backup:bob:1')).toBe(true);
    for (const m of MESSAGES) expect(reads(result, 'mallory', m)).toBe(false);
    // A breach of the provider yields nothing readable either.
    const breach = run(
      text.replace(
        'steal-backup-credentials: { attacker: mallory, victim: bob }',
        'compromise: { attacker: mallory, host: gdrive }',
      ),
    );
    for (const m of MESSAGES) expect(reads(breach, 'mallory', m)).toBe(false);
  });

  it('[B6] with plain_backup_encryption: none the provider, a breach and stolen credentials read the history', () => {
    const none = ', plain_backup_encryption: none';
    const result = run(simSwapBackup({ twoStep: true, server: none }));
    for (const m of MESSAGES) {
      expect(contentHows(result, 'gdrive', m)).toEqual(['backup']);
      // Even with 2SV on and the takeover refused: the file itself is readable.
      expect(contentHows(result, 'mallory', m)).toEqual(['backup']);
    }
    expect(outcome(result, 'takeover').ok).toBe(false);
    expect(hasItem(result, 'backup-key:bob:server')).toBe(false);
    const breach = run(
      simSwapBackup({ twoStep: true, server: none }).replace(
        'steal-backup-credentials: { attacker: mallory, victim: bob }',
        'compromise: { attacker: mallory, host: gdrive }',
      ),
    );
    for (const m of MESSAGES) expect(contentHows(breach, 'mallory', m)).toEqual(['exfiltrated']);
  });
});

describe('end-to-end encrypted backups', () => {
  it('[B7] password mode: the vault holds a sealed key, answers only the registered install, and destroys the key after max_attempts', () => {
    const result = run(simSwapBackup({ mode: 'encrypted-password' }));
    expect(outcome(result, 'takeover').ok).toBe(true);
    // Mallory registered the number but does not know the password.
    expect(outcome(result, 'restore')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/backup password/),
    });
    for (const m of MESSAGES) expect(reads(result, 'mallory', m)).toBe(false);
    const vault = result.ledger.observations.filter((o) => o.party === 'hsm');
    expect(vault.map((o) => [o.item, o.how.kind])).toEqual([['backup-key:bob:1', 'ciphertext']]);
    expect(vault[0]!.fields).toEqual([]);
    // Guessing needs an install the server has registered: a phone replaced while offline gets no answer.
    const stale = run(
      `${simSwapBackup({ mode: 'encrypted-password' })
        .replace(
          'sim-swap: { attacker: mallory, victim: bob }',
          'phish-code: { attacker: mallory, victim: bob }',
        )
        .replace(
          'register: { user: bob, by: mallory }',
          'register: { user: bob, by: mallory, device: mallory-phone }',
        )}  - go-offline: { device: mallory-phone }
  - id: bob-back
    register: { user: bob, device: bob-phone-2 }
  - id: guess
    guess-vault-password: { attacker: mallory, victim: bob, attempts: 1, guesses: ["pw-1234"] }
`,
    );
    expect(outcome(stale, 'bob-back').ok).toBe(true);
    expect(outcome(stale, 'guess')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/no registered phone/),
    });
    expect(events(stale, 'vault.attempt')).toHaveLength(0);
    // With the registered install, every wrong guess counts and the tenth destroys the key for good.
    const guessing = run(`${simSwapBackup({ mode: 'encrypted-password' })}  - id: guess
    guess-vault-password: { attacker: mallory, victim: bob, attempts: 10 }
  - id: right-too-late
    guess-vault-password: { attacker: mallory, victim: bob, attempts: 1, guesses: ["pw-1234"] }
`);
    expect(events(guessing, 'vault.attempt')).toHaveLength(10);
    expect(events(guessing, 'vault.record-destroyed')).toHaveLength(1);
    expect(outcome(guessing, 'right-too-late')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/destroyed/),
    });
  });

  it('[B8] 64-digit key mode: no vault record, and registering the number gives nothing', () => {
    const result = run(simSwapBackup({ mode: 'encrypted-key' }));
    expect(outcome(result, 'takeover').ok).toBe(true);
    expect(outcome(result, 'restore')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/64-digit key that only bob has/),
    });
    expect(result.ledger.observations.filter((o) => o.party === 'hsm')).toEqual([]);
    for (const m of MESSAGES) expect(reads(result, 'mallory', m)).toBe(false);
    expect(reads(result, 'mallory', 'backup-key:bob:1')).toBe(false);
  });

  it('[B9] a warrant on the provider yields ciphertext; the key comes only with backup_keys_on_warrant', () => {
    const lawful = (server: string) => `${header(
      'lawful-backup',
      `  - { id: alice, kind: user, backup: { provider: gdrive } }
  - { id: bob, kind: user }
  - { id: whatsapp, kind: chat-server${server} }
  - { id: gdrive, kind: backup-provider }
  - { id: fbi, kind: law-enforcement }`,
    )}
steps:
  - send: { id: m1, from: bob, to: alice, text: "meet at the usual place" }
  - backup: { user: alice }
  - id: cloud-warrant
    lawful-request: { agency: fbi, target: alice, kind: warrant, provider: gdrive }
  - id: server-warrant
    lawful-request: { agency: fbi, target: alice, kind: warrant }
`;
    const silent = run(lawful(''));
    expect(outcome(silent, 'cloud-warrant')).toMatchObject({
      ok: true,
      reason: expect.stringMatching(/cannot open/),
    });
    expect(holdsAnything(silent, 'fbi', 'backup:alice:1')).toBe(true);
    expect(reads(silent, 'fbi', 'm1')).toBe(false);
    expect(reads(silent, 'fbi', 'backup-key:alice:server')).toBe(false);
    const disclosing = run(lawful(', backup_keys_on_warrant: true'));
    expect(contentHows(disclosing, 'fbi', 'backup-key:alice:server')).toEqual(['clear']);
    expect(contentHows(disclosing, 'fbi', 'm1')).toEqual(['backup']);
    expect(outcome(disclosing, 'server-warrant').reason).toMatch(/opens the seized backup \(1 message/);
  });

  it('[B10] a backup holds what the phone still stores: a disappeared message is not in it, unless a mod kept it', () => {
    const text = (client: string) => `${header(
      'disappeared',
      `  - { id: alice, kind: user, backup: { provider: gdrive }${client} }
  - { id: bob, kind: user }
  - { id: whatsapp, kind: chat-server, plain_backup_encryption: none }
  - { id: gdrive, kind: backup-provider }
  - { id: gbmods, kind: mod-vendor, exfiltrates: false }`,
    )}
steps:
  - send: { id: m1, from: bob, to: alice, text: "kept" }
  - send: { id: m2, from: bob, to: alice, text: "gone in a minute", disappearing: 1m }
  - wait: { duration: 5m }
  - backup: { user: alice }
`;
    const official = run(text(''));
    expect(reads(official, 'gdrive', 'm1')).toBe(true);
    expect(reads(official, 'gdrive', 'm2')).toBe(false);
    expect(holdsAnything(official, 'gdrive', 'm2')).toBe(false);
    // A modded client ignores the timer (inf.): the message stays on the phone and goes into the backup.
    const modded = run(text(', client: modded, vendor: gbmods'));
    expect(contentHows(modded, 'gdrive', 'm2')).toEqual(['backup']);
  });
});
