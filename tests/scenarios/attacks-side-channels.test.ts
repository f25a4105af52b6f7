/**
 * Side channels an attacker opens from an ordinary account (S13 prekey depletion, S14 silent
 * receipts, S15 enumeration): what the attacker learns is read off its own client's ledger
 * observations, and each outcome flips with the server-side defence.
 */
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../simulator/scenario/result.js';
import { expectation, loadFixture, run } from '../helpers/scenarios.js';

/** What `party` learned about `item` by timing, in order. */
function timing(result: RunResult, party: string, item: string): string[] {
  return result.ledger.observations
    .filter((o) => o.party === party && o.item === item && o.how.kind === 'timing')
    .map((o) => (o.how.kind === 'timing' ? o.how.detail : ''));
}

function allOk(result: RunResult): void {
  for (const e of result.expectations) expect(e.ok, `${e.id}: ${e.detail}`).toBe(true);
}

describe('drain-prekeys (S13, Prekey Pogo)', () => {
  const loaded = loadFixture('attacks-prekey-drain.yaml');
  const base = run(loaded);
  const limited = run(loaded, 'rate-limited');
  const presence = 'presence:+1 555 0101';

  it('empties the one-time prekeys, so a new session lacks DH4', () => {
    allOk(base);
    expect(base.events.some((e) => e.type === 'server.prekeys-exhausted')).toBe(true);
    expect(
      base.events.some(
        (e) => e.type === 'client.session-without-one-time-prekey' && e.device === 'alice-phone',
      ),
    ).toBe(true);
  });

  it('reads the target’s online status off the refill', () => {
    const learned = timing(base, 'mallory', presence);
    expect(learned.some((d) => /out of one-time prekeys.*offline/.test(d))).toBe(true);
    const refill = learned.find((d) => /refilled .* came online/.test(d));
    expect(refill).toBeDefined();
    // Bob comes back at t+15 s: the refill the attacker reports brackets that moment.
    const [, to] = /and t\+([\d.]+) s/.exec(refill!) ?? [];
    expect(Number(to)).toBeGreaterThanOrEqual(15);
    expect(Number(to)).toBeLessThan(17);
    // The refill really happened only once bob's phone was online again.
    const online = base.events.find((e) => e.type === 'net.online' && e.endpoint === 'bob-phone')!;
    const refilled = base.events.find(
      (e) => e.type === 'client.prekeys-refilled' && e.device === 'bob-phone',
    )!;
    expect(refilled.t).toBeGreaterThan(online.t);
  });

  it('never reveals content to the attacker', () => {
    expect(base.ledger.observations.some((o) => o.party === 'mallory' && o.fields.includes('content'))).toBe(
      false,
    );
  });

  it('with prekey-rate-limit: fetches are refused, no exhaustion, no online status, DH4 kept', () => {
    allOk(limited);
    expect(limited.events.filter((e) => e.type === 'attack.drain-refused').length).toBe(50);
    expect(limited.events.some((e) => e.type === 'server.prekeys-exhausted')).toBe(false);
    expect(limited.events.some((e) => e.type === 'client.session-without-one-time-prekey')).toBe(false);
    expect(timing(limited, 'mallory', presence)).toEqual([]);
  });
});

describe('silent-probe (S14, Careless Whisper)', () => {
  const loaded = loadFixture('attacks-silent-probe.yaml');
  const base = run(loaded);
  const hardened = run(loaded, 'hardened');
  const presence = 'presence:+1 555 0100';

  it('counts the target’s devices and follows each one’s online status', () => {
    allOk(base);
    const learned = timing(base, 'mallory', presence);
    expect(learned.some((d) => /device 1 .*: online$/.test(d))).toBe(true);
    expect(learned.some((d) => /device 2 .*: online$/.test(d))).toBe(true);
    // The laptop goes offline at t+22 s and back at t+45 s; the attacker sees both.
    expect(learned.some((d) => /no receipt from device 2 .*: offline$/.test(d))).toBe(true);
    expect(learned.some((d) => /device 2 .*: back online$/.test(d))).toBe(true);
    expect(learned.some((d) => /device 1 .*offline/.test(d))).toBe(false);
  });

  it('shows the target nothing', () => {
    const bobNotices = base.events.filter((e) => e.type === 'notice' && e.user === 'bob' && e.t > 10_000);
    expect(bobNotices).toEqual([]);
  });

  it('with receipt-hardening: no receipts, no online status — the device list still leaks through fan-out', () => {
    allOk(hardened);
    expect(timing(hardened, 'mallory', presence)).toEqual([]);
    expect(
      hardened.events.filter((e) => e.type === 'server.receipt-suppressed').length,
    ).toBeGreaterThanOrEqual(20);
    const deviceList = hardened.ledger.observations.find(
      (o) => o.party === 'mallory' && o.item === 'devices:+1 555 0100' && o.fields.includes('device-list'),
    );
    expect(deviceList).toBeDefined();
  });
});

describe('enumerate (S15)', () => {
  const loaded = loadFixture('attacks-enumerate.yaml');
  const base = run(loaded);
  const limited = run(loaded, 'rate-limited');
  const found = (result: RunResult) =>
    result.ledger.observations
      .filter((o) => o.party === 'mallory' && o.item.startsWith('registration:'))
      .map((o) => o.item)
      .sort();

  it('learns which numbers in the scanned block are registered (not its own)', () => {
    allOk(base);
    expect(found(base)).toEqual(['registration:+1 555 0100', 'registration:+1 555 0420']);
  });

  it('the server sees the uploaded list', () => {
    expect(
      base.ledger.observations.some((o) => o.party === 'server' && o.item === 'address-book:+1 555 0666'),
    ).toBe(true);
  });

  it('with enumeration-rate-limit: only the first numbers are checked', () => {
    allOk(limited);
    expect(found(limited)).toEqual(['registration:+1 555 0100']);
    expect(expectation(limited, 'scan-runs').ok).toBe(true);
  });
});
