/**
 * The fuzz engine's world: a deterministic set of parties and genuine wire messages of every type,
 * each waiting at a receiver that has not yet decrypted it, plus the oracle that says what an
 * accepted message may decrypt to. Rebuilt from its seed whenever a case changes it (an accepted
 * message), so every case meets the same receivers.
 *
 * Targets (receiver states reached through real use):
 * - prekey/fresh:          Alice's first PreKeyWhisperMessage at a Bob with no session (X3DH path);
 * - prekey/known-session:  her second one at a Bob who has her session (found by base key);
 * - whisper/next:          the next message on Bob's current receiving chain;
 * - whisper/skipped-key:   a message whose key Bob stored as skipped;
 * - whisper/new-chain:     Bob's message on a ratchet key Alice has not seen (DH-step path);
 * - whisper/archived-session: a message of a session the receiver has since replaced (tried after
 *                          the current one fails);
 * - senderkey/next, senderkey/skipped-key: group messages at a member with Alice's sender key;
 * - skdm/fresh, skdm/known: Alice's SenderKeyDistributionMessage at a member without / with her key.
 */
import { bytesEqual, toHex, utf8 } from '../../simulator/crypto/bytes.js';
import type { CryptoProvider } from '../../simulator/crypto/provider.js';
import { SeededRandom } from '../../simulator/crypto/seeded-random.js';
import type { CiphertextMessage } from '../../simulator/protocol/session-cipher.js';
import {
  InMemorySenderKeyStore,
  type SenderKeyName,
  createSenderKeyDistributionMessage,
  decodeSenderKeyDistributionMessage,
  decodeSenderKeyMessage,
  deserializeSenderKeyRecord,
  groupDecrypt,
  groupEncrypt,
  processSenderKeyDistributionMessage,
} from '../../simulator/protocol/sender-keys/index.js';
import {
  type ParsedPreKeyWhisperMessage,
  parsePreKeyWhisperMessage,
  parseWhisperMessage,
} from '../../simulator/protocol/wire.js';
import type { CorpusEntry } from './fuzz-mutations.js';
import { type CountedDevice, countedDevice, snapshot } from './protocol-snapshot.js';
import type { WireKind } from './wire-edit.js';

const ALICE = 'alice.1';
const BOB = 'bob.1';
const GROUP: SenderKeyName = { groupId: 'fuzz-group', sender: { name: 'alice', deviceId: 1 } };

/** One place a mutated message is delivered to. */
export interface FuzzTarget {
  readonly label: string;
  readonly kind: WireKind;
  readonly genuine: Uint8Array;
  /** Everything the delivery could change at the receiver, as text. */
  snapshot(): string;
  /** Delivers bytes as this target's message type: the plaintext, or undefined for a processed SKDM. */
  deliver(bytes: Uint8Array): Uint8Array | undefined;
}

/** What an accepted delivery turned out to be. */
export type Verdict =
  /** `problem`: authentic, but accepting it opens a replay (a second session from one message). */
  | { readonly authentic: true; readonly note: string; readonly problem?: string }
  | { readonly authentic: false; readonly detail: string };

export interface FuzzWorld {
  /** The targets as they are now (reset() may replace them). */
  targets(): readonly FuzzTarget[];
  /** Puts the receiver of `target` back as it was built (after it accepted or failed untidily). */
  reset(target: FuzzTarget): void;
  readonly corpus: readonly CorpusEntry[];
  /** Hex of every genuine message: a "mutation" that reproduces one is not a mutation. */
  readonly genuine: ReadonlySet<string>;
  /** Judges an accepted delivery against what was really sent. */
  judge(target: FuzzTarget, bytes: Uint8Array, output: Uint8Array | undefined): Verdict;
}

const PREKEY_HEADER = ['registrationId', 'preKeyId', 'signedPreKeyId', 'identityKey', 'baseKey'] as const;

function headerDifferences(a: ParsedPreKeyWhisperMessage, b: ParsedPreKeyWhisperMessage): string[] {
  return PREKEY_HEADER.filter((field) => {
    const x = a[field];
    const y = b[field];
    return x instanceof Uint8Array && y instanceof Uint8Array ? !bytesEqual(x, y) : x !== y;
  });
}

interface PairwisePart {
  readonly targets: FuzzTarget[];
  readonly corpus: CorpusEntry[];
  judge(target: FuzzTarget, bytes: Uint8Array, output: Uint8Array): Verdict;
}

/** Alice, Bob (and a Bob without a session) and their 1:1 messages; deterministic in `seed`. */
function buildPairwise(crypto: CryptoProvider, seed: string): PairwisePart {
  const alice = countedDevice(crypto, `${seed}/alice`);
  const makeBob = () => {
    const bob = countedDevice(crypto, `${seed}/bob`);
    bob.device.generatePreKeys(5);
    return bob;
  };
  const bob = makeBob();
  const bobFresh = makeBob();
  bobFresh.device.createBundle(1, 1); // the same signed prekey as Bob's

  const plaintexts = new Map<string, Uint8Array>(); // "ratchetKey:counter" → plaintext
  const prekeys = new Map<string, ParsedPreKeyWhisperMessage>(); // inner message hex → genuine
  const corpus: CorpusEntry[] = [];
  const send = (from: CountedDevice, to: string, text: string): CiphertextMessage => {
    const plaintext = utf8(text);
    const message = from.device.encrypt(to, plaintext);
    const parsed = message.type === 'prekey' ? parsePreKeyWhisperMessage(message.body) : undefined;
    const inner = parsed ? parsed.inner : parseWhisperMessage(message.body);
    if (parsed) prekeys.set(toHex(inner.serialized), parsed);
    plaintexts.set(`${toHex(inner.ratchetKey)}:${inner.counter}`, plaintext);
    corpus.push({ kind: message.type, bytes: message.body });
    return message;
  };

  alice.device.processPreKeyBundle(BOB, bob.device.createBundle(1, 1));
  const pk1 = send(alice, BOB, 'first, starts the session');
  bob.device.decrypt(ALICE, pk1);
  const pk2 = send(alice, BOB, 'second, still a prekey message');
  alice.device.decrypt(BOB, send(bob, ALICE, 'reply one'));
  const [w1, w2, w3, w4] = [1, 2, 3, 4].map((i) => send(alice, BOB, `whisper ${i} `.repeat(i * 5)));
  bob.device.decrypt(ALICE, w1!);
  bob.device.decrypt(ALICE, w3!);
  const r2 = send(bob, ALICE, 'reply two, on a new ratchet key');

  // A second pair where Bob's record holds two sessions: Alice started over from a new bundle, and
  // a message of the old session is still in flight (decryption tries the current state first).
  const carol = countedDevice(crypto, `${seed}/carol`);
  const dave = countedDevice(crypto, `${seed}/dave`);
  dave.device.generatePreKeys(2);
  carol.device.processPreKeyBundle(BOB, dave.device.createBundle(1, 1));
  dave.device.decrypt(ALICE, send(carol, BOB, 'old session'));
  carol.device.decrypt(BOB, send(dave, ALICE, 'old session reply'));
  const stale = send(carol, BOB, 'late message of the old session');
  carol.device.processPreKeyBundle(BOB, dave.device.createBundle(1, 2));
  dave.device.decrypt(ALICE, send(carol, BOB, 'new session'));

  const device = (
    label: string,
    kind: 'prekey' | 'whisper',
    receiver: CountedDevice,
    from: string,
    message: CiphertextMessage,
  ): FuzzTarget => ({
    label,
    kind,
    genuine: message.body,
    snapshot: () => snapshot(receiver, [from]),
    deliver: (bytes) => receiver.device.decrypt(from, { type: kind, body: bytes }).plaintext,
  });
  const targets: FuzzTarget[] = [
    device('prekey/fresh', 'prekey', bobFresh, ALICE, pk1),
    device('prekey/known-session', 'prekey', bob, ALICE, pk2),
    device('whisper/next', 'whisper', bob, ALICE, w4!),
    device('whisper/skipped-key', 'whisper', bob, ALICE, w2!),
    device('whisper/new-chain', 'whisper', alice, BOB, r2),
    device('whisper/archived-session', 'whisper', dave, ALICE, stale),
  ];
  const judge = (target: FuzzTarget, bytes: Uint8Array, output: Uint8Array): Verdict => {
    const parsed = target.kind === 'prekey' ? parsePreKeyWhisperMessage(bytes) : undefined;
    const inner = parsed ? parsed.inner : parseWhisperMessage(bytes);
    const expected = plaintexts.get(`${toHex(inner.ratchetKey)}:${inner.counter}`);
    if (!expected || !bytesEqual(expected, output)) {
      return {
        authentic: false,
        detail: `chain ${toHex(inner.ratchetKey)} counter ${inner.counter} decrypted to ${toHex(output)}`,
      };
    }
    if (!parsed) return { authentic: true, note: 'authentic plaintext' };
    const genuine = prekeys.get(toHex(inner.serialized));
    if (!genuine) {
      // The header is unauthenticated: it can wrap any genuine WhisperMessage of the session.
      return { authentic: true, note: 'authentic plaintext; another genuine WhisperMessage in the wrapper' };
    }
    const changed = headerDifferences(parsed, genuine);
    const binding = changed.filter((field) => field !== 'registrationId');
    if (target.label === 'prekey/fresh' && binding.length > 0) {
      // A new session from a header that is not the one sent: the genuine message (or another
      // encoding of it) would be accepted as yet another new session: a replay.
      return {
        authentic: true,
        note: `authentic plaintext; new session although header ${changed.join('+')} differs from what was sent`,
        problem: `new session from a PreKeyWhisperMessage whose ${binding.join('+')} is not what was sent (another encoding of the same key?): the original could be replayed as a second session`,
      };
    }
    return {
      authentic: true,
      note:
        changed.length > 0
          ? `authentic plaintext; header ${changed.join('+')} differs from what was sent (not covered by the MAC)`
          : 'authentic plaintext',
    };
  };
  return { targets, corpus, judge };
}

interface GroupPart {
  readonly targets: FuzzTarget[];
  readonly corpus: CorpusEntry[];
  judge(target: FuzzTarget, bytes: Uint8Array, output: Uint8Array | undefined): Verdict;
  restore(target: FuzzTarget): void;
}

/**
 * Alice's sender key in a group, a member who has it (and has read messages 1 and 3) and one who
 * has not. Group targets put their store back from its serialized bytes, which is cheap.
 */
function buildGroup(crypto: CryptoProvider, seed: string): GroupPart {
  const corpus: CorpusEntry[] = [];
  const groupRandom = new SeededRandom(`${seed}/group`);
  const aliceGroup = new InMemorySenderKeyStore();
  const bobGroup = new InMemorySenderKeyStore();
  const freshGroup = new InMemorySenderKeyStore();
  const skdm = createSenderKeyDistributionMessage(crypto, groupRandom, aliceGroup, GROUP);
  corpus.push({ kind: 'skdm', bytes: skdm });
  processSenderKeyDistributionMessage(bobGroup, GROUP, skdm);
  const groupPlaintexts = new Map<string, Uint8Array>(); // "keyId:iteration" → plaintext
  const [g1, g2, g3, g4] = [1, 2, 3, 4].map((i) => {
    const plaintext = utf8(`group ${i} `.repeat(i * 4));
    const bytes = groupEncrypt(crypto, groupRandom, aliceGroup, GROUP, plaintext);
    const parsed = decodeSenderKeyMessage(bytes);
    groupPlaintexts.set(`${parsed.keyId}:${parsed.iteration}`, plaintext);
    corpus.push({ kind: 'senderkey', bytes });
    return bytes;
  });
  groupDecrypt(crypto, bobGroup, GROUP, g1!);
  groupDecrypt(crypto, bobGroup, GROUP, g3!);

  const group = (label: string, store: InMemorySenderKeyStore, bytes: Uint8Array): FuzzTarget => ({
    label,
    kind: 'senderkey',
    genuine: bytes,
    snapshot: () => toHex(store.serialized(GROUP) ?? new Uint8Array(0)),
    deliver: (message) => groupDecrypt(crypto, store, GROUP, message),
  });
  const distribution = (label: string, store: InMemorySenderKeyStore): FuzzTarget => ({
    label,
    kind: 'skdm',
    genuine: skdm,
    snapshot: () => toHex(store.serialized(GROUP) ?? new Uint8Array(0)),
    deliver: (message) => {
      processSenderKeyDistributionMessage(store, GROUP, message);
      return undefined;
    },
  });
  const targets: FuzzTarget[] = [
    group('senderkey/next', bobGroup, g4!),
    group('senderkey/skipped-key', bobGroup, g2!),
    distribution('skdm/fresh', freshGroup),
    distribution('skdm/known', bobGroup),
  ];
  const stores = new Map<FuzzTarget, [InMemorySenderKeyStore, Uint8Array | undefined]>(
    targets.map((target, i) => {
      const store = i === 2 ? freshGroup : bobGroup;
      return [target, [store, store.serialized(GROUP)]];
    }),
  );
  const restore = (target: FuzzTarget) => {
    const [store, saved] = stores.get(target)!;
    if (saved === undefined) store.delete(GROUP);
    else store.storeSenderKey(GROUP, deserializeSenderKeyRecord(saved));
  };

  const genuineSkdm = decodeSenderKeyDistributionMessage(skdm);
  const judge = (target: FuzzTarget, bytes: Uint8Array, output: Uint8Array | undefined): Verdict => {
    if (target.kind === 'skdm') {
      const got = decodeSenderKeyDistributionMessage(bytes);
      const same =
        got.keyId === genuineSkdm.keyId &&
        got.iteration === genuineSkdm.iteration &&
        bytesEqual(got.chainKey, genuineSkdm.chainKey) &&
        bytesEqual(got.signingKey, genuineSkdm.signingKey);
      // An SKDM has no MAC of its own: it is authenticated by the pairwise session that carries it.
      return {
        authentic: true,
        note: same
          ? 'same content, other encoding'
          : 'changed content (SKDMs are authenticated by the pairwise session carrying them)',
      };
    }
    if (output === undefined) return { authentic: false, detail: 'no plaintext' };
    const parsed = decodeSenderKeyMessage(bytes);
    const expected = groupPlaintexts.get(`${parsed.keyId}:${parsed.iteration}`);
    if (!expected || !bytesEqual(expected, output))
      return {
        authentic: false,
        detail: `group ${parsed.keyId}:${parsed.iteration} decrypted to ${toHex(output)}`,
      };
    return { authentic: true, note: 'authentic plaintext' };
  };
  return { targets, corpus, judge, restore };
}

/** Builds the world for `seed` on `crypto`; the same seed always gives the same bytes. */
export function buildFuzzWorld(crypto: CryptoProvider, seed: string): FuzzWorld {
  let pairwise = buildPairwise(crypto, seed);
  const group = buildGroup(crypto, seed);
  let targets = [...pairwise.targets, ...group.targets];
  const corpus = [...pairwise.corpus, ...group.corpus];
  return {
    targets: () => targets,
    corpus,
    genuine: new Set(corpus.map((entry) => toHex(entry.bytes))),
    reset(target) {
      if (group.targets.includes(target)) return group.restore(target);
      pairwise = buildPairwise(crypto, seed); // deterministic: the same messages at the same receivers
      targets = [...pairwise.targets, ...group.targets];
    },
    judge(target, bytes, output) {
      if (group.targets.includes(target)) return group.judge(target, bytes, output);
      if (output === undefined) return { authentic: false, detail: 'no plaintext' };
      return pairwise.judge(target, bytes, output);
    },
  };
}
