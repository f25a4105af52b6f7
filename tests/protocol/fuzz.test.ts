/**
 * CI-sized fuzz run over mutated wire messages of all four types (issue 2). The engine is shared
 * with the long run, `npm run fuzz -- --count 1000000` (tests/helpers/fuzz.ts): nothing may come
 * out but typed rejections that leave the receiver byte-identical, or authentic plaintexts.
 */
import { describe, expect, it } from 'vitest';
import { nobleCryptoProvider } from '../../simulator/crypto/noble-provider.js';
import { createNodeCryptoProvider } from '../../simulator/crypto/node-provider.js';
import { type FuzzTally, formatTally, runFuzz } from '../helpers/fuzz.js';

const SEED = 'ci-fuzz-v1';

const TARGETS = [
  'prekey/fresh',
  'prekey/known-session',
  'whisper/next',
  'whisper/skipped-key',
  'whisper/new-chain',
  'whisper/archived-session',
  'senderkey/next',
  'senderkey/skipped-key',
  'skdm/fresh',
  'skdm/known',
];
const MUTATION_FAMILIES = [
  'bit-flip',
  'byte-substitution',
  'truncation-',
  'extension-',
  'splice-with-',
  'random-protobuf',
  'field-edit-',
  'version-byte',
  'cross-type-',
  'key-top-bit-',
];

/**
 * What may be accepted (and was, in the long runs), always with the plaintext really sent there:
 * - SKDMs, which have no MAC of their own (the pairwise session carrying them authenticates them);
 * - a first PreKeyWhisperMessage whose registrationId was changed (v3 does not authenticate it), or
 *   whose fields were reordered (accepted as canonical up to field order);
 * - a repeated PreKeyWhisperMessage: its session is found by base key and the rest of the wrapper
 *   (identity key, prekey ids, registration id, even which genuine inner message) is not used.
 * Any other acceptance (of a WhisperMessage or SenderKeyMessage above all) fails the test.
 */
const ACCEPTABLE = [
  /^skdm\/(fresh|known): /,
  /^prekey\/fresh: authentic plaintext(; header registrationId differs from what was sent .*)?$/,
  /^prekey\/known-session: authentic plaintext/,
];

function checkTally(tally: FuzzTally, count: number): void {
  const summary = formatTally(tally);
  expect(tally.cases).toBe(count);
  expect(tally.findingCount, summary).toBe(0);
  for (const accepted of Object.keys(tally.accepted)) {
    expect(
      ACCEPTABLE.some((pattern) => pattern.test(accepted)),
      `unexpected acceptance "${accepted}"\n${summary}`,
    ).toBe(true);
  }
}

describe('wire-message fuzz', () => {
  it('node provider, 4,000 mutated messages of every type: only typed rejections without state change, or authentic plaintexts', () => {
    const count = 4000;
    const tally = runFuzz({ crypto: createNodeCryptoProvider(), seed: SEED, count });
    checkTally(tally, count);
    // The run really covered every target and operator, and got past the parsers into the
    // MAC, signature, key-agreement and ratchet checks.
    expect(Object.keys(tally.byTarget).sort()).toEqual([...TARGETS].sort());
    for (const family of MUTATION_FAMILIES) {
      expect(
        Object.keys(tally.byMutation).some((name) => name.startsWith(family)),
        family,
      ).toBe(true);
    }
    for (const code of [
      'invalid-message',
      'invalid-version',
      'invalid-key',
      'bad-mac',
      'bad-signature',
      'missing-prekey',
      'no-sender-key',
    ]) {
      expect(tally.rejected[code] ?? 0, code).toBeGreaterThan(0);
    }
    expect(Object.keys(tally.accepted).some((key) => key.startsWith('prekey/fresh'))).toBe(true);
  });

  it('noble provider, 600 mutated messages: the same guarantees on the portable provider', () => {
    const count = 600;
    const tally = runFuzz({ crypto: nobleCryptoProvider, seed: `${SEED}-noble`, count });
    checkTally(tally, count);
  });
});
