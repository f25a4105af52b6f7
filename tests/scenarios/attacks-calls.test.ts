/**
 * Calls (S5) and the zero-click call exploit (S22): the SRTP key travels end-to-end, IP addresses
 * reach whoever's client receives the media, and the defences change the route the bytes take.
 */
import { describe, expect, it } from 'vitest';
import { nobleCryptoProvider } from '../../simulator/crypto/noble-provider.js';
import type { RunResult } from '../../simulator/scenario/result.js';
import { runScenario } from '../../simulator/scenario/runner.js';
import { level, loadFixture, run } from '../helpers/scenarios.js';

const CALL = 'call:mallory>bob#1';

/** Parties other than the on-path observer (which sees the signalling frames' addresses) that learned an IP of the call. */
function ipObservers(result: RunResult): string[] {
  const parties = result.ledger.observations.filter(
    (o) => o.item === CALL && o.fields.includes('ip') && o.party !== 'isp',
  );
  return [...new Set(parties.map((o) => o.party))].sort();
}

function allOk(result: RunResult): void {
  for (const e of result.expectations) expect(e.ok, `${e.id}: ${e.detail}`).toBe(true);
}

describe('call (S5)', () => {
  const loaded = loadFixture('attacks-call.yaml');
  const base = run(loaded);
  const protectedRun = run(loaded, 'protected');
  const silenced = run(loaded, 'silenced');

  it('the master secret reaches both ends and nobody else', () => {
    allOk(base);
    expect(level(base, 'mallory', CALL)).toBe('content');
    expect(level(base, 'bob', CALL)).toBe('content');
    expect(level(base, 'server', CALL)).toBe('metadata');
    expect(level(base, 'isp', CALL)).not.toBe('content');
  });

  it('peer-to-peer: each side learns the other’s address from the media it receives', () => {
    expect(ipObservers(base)).toEqual(['bob', 'mallory', 'server']);
    const bobAddress = base.events.find(
      (e) => e.type === 'net.endpoint' && e.endpoint === 'bob-phone',
    )!.address;
    const learned = base.ledger.observations.find(
      (o) => o.party === 'mallory' && o.item === CALL && o.fields.includes('ip'),
    )!;
    expect(JSON.stringify(learned.how)).toContain(String(bobAddress));
    // An observer on Bob's link sees the media flow go straight to the caller.
    expect(
      base.events.some(
        (e) =>
          e.type === 'net.send' && e.label === 'srtp' && e.src === 'bob-phone' && e.dst === 'mallory-phone',
      ),
    ).toBe(true);
  });

  it('with ip-protection-calls: media goes through the relay; the server sees both addresses, the peers none', () => {
    allOk(protectedRun);
    expect(ipObservers(protectedRun)).toEqual(['server']);
    const legs = protectedRun.ledger.observations.filter(
      (o) =>
        o.party === 'server' &&
        o.item === CALL &&
        o.how.kind === 'routing' &&
        JSON.stringify(o.how).includes('relay'),
    );
    expect(legs.length).toBe(2);
    const media = protectedRun.events.filter((e) => e.type === 'call.media');
    expect(media.length).toBe(2);
    expect(media.every((e) => e.relayed === true)).toBe(true);
  });

  it('an observer on bob’s link sees the media flow: straight to the caller, or only to the relay', () => {
    const address = (result: RunResult, endpoint: string) =>
      String(result.events.find((e) => e.type === 'net.endpoint' && e.endpoint === endpoint)!.address);
    const flows = (result: RunResult) =>
      result.ledger.observations
        .filter((o) => o.party === 'isp' && o.item === CALL)
        .map((o) => (o.how.kind === 'ciphertext' ? (o.how.detail ?? '') : ''));
    const direct = `${address(base, 'mallory-phone')} → ${address(base, 'bob-phone')}`;
    expect(flows(base).filter((d) => d.includes(direct)).length).toBeGreaterThanOrEqual(5);
    expect(flows(protectedRun).some((d) => d.includes(direct))).toBe(false);
    const relay = `${address(protectedRun, 'server-relay')} → ${address(protectedRun, 'bob-phone')}`;
    expect(flows(protectedRun).filter((d) => d.includes(relay)).length).toBeGreaterThanOrEqual(5);
  });

  it('with silence-unknown-callers: the stranger’s call does not ring and no media flows', () => {
    expect(
      silenced.events.some(
        (e) => e.type === 'notice' && e.user === 'bob' && e.kind === 'call-silenced' && e.about === 'mallory',
      ),
    ).toBe(true);
    expect(silenced.events.some((e) => e.type === 'call.ringing')).toBe(false);
    expect(silenced.events.some((e) => e.type === 'net.send' && e.label === 'srtp')).toBe(false);
    expect(ipObservers(silenced)).toEqual(['server']);
  });

  it('is deterministic', () => {
    expect(run(loaded).journalHash).toBe(base.journalHash);
    expect(run(loaded, 'base', 2).journalHash).not.toBe(base.journalHash);
  });
});

describe('spyware-exploit (S22)', () => {
  const loaded = loadFixture('attacks-spyware.yaml');
  const base = run(loaded);
  const silenced = run(loaded, 'silenced');
  const vanishing = run(loaded, 'disappearing');

  it('the ringing phone runs the exploit: stored chats (locked ones too), the identity key, then new messages', () => {
    allOk(base);
    expect(level(base, 'mallory', 'm1')).toBe('content');
    expect(level(base, 'mallory', 'm2')).toBe('content');
    expect(level(base, 'mallory', 'key:bob-phone')).toBe('content');
    const how = base.ledger.observations.find((o) => o.party === 'mallory' && o.item === 'm1')!.how;
    expect(how).toEqual({ kind: 'exfiltrated', by: 'spyware on bob-phone (zero-click call exploit)' });
    expect(base.events.some((e) => e.type === 'spyware.chat-lock-bypassed' && e.lockedMessages === 1)).toBe(
      true,
    );
    // Zero-click: nobody answered, the attacker hung up, bob saw a missed call.
    expect(base.events.some((e) => e.type === 'call.answered')).toBe(false);
    expect(base.events.some((e) => e.type === 'notice' && e.user === 'bob' && e.kind === 'missed-call')).toBe(
      true,
    );
  });

  it('with silence-unknown-callers the call never rings, so the exploit never runs', () => {
    allOk(silenced);
    expect(silenced.events.some((e) => e.type === 'call.exploited')).toBe(false);
    expect(level(silenced, 'mallory', 'key:bob-phone')).toBe('none');
  });

  it('gives the same journal with either crypto provider (implant and call crypto included)', () => {
    const noble = runScenario(loaded, { variant: 'base', seed: 1, crypto: nobleCryptoProvider });
    expect(noble.journalHash).toBe(base.journalHash);
  });

  it('disappearing messages shrink what the implant finds stored, not what it taps later', () => {
    allOk(vanishing);
    expect(level(vanishing, 'mallory', 'm1')).toBe('none');
    expect(level(vanishing, 'mallory', 'm2')).toBe('content');
    expect(
      vanishing.events.some(
        (e) => e.type === 'client.message-disappeared' && e.device === 'bob-phone' && e.messageId === 'm1',
      ),
    ).toBe(true);
  });
});
