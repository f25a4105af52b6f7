/**
 * Harvest now, decrypt later — step 2: follow the Signal sessions inside the opened transport
 * payloads and decrypt the messages (the `quantum-break` action). A passive replay of X3DH / PQXDH
 * and the Double Ratchet from the outside, with private keys recovered from public values:
 *   - the responder's public prekeys come from the recorded `upload-keys` and `keys` stanzas;
 *   - a PreKeyWhisperMessage names the initiator's identity and base key (public); with their
 *     private halves recovered, X3DH §3.3 gives the first root key (`x3dhInitiator`). A version-4
 *     (PQXDH) message also needs the ML-KEM shared secret SS (PQXDH §3.3): only the decapsulation
 *     key of the responder's KEM prekey gives it, and `kemSecretKeyOf` is asked for it — in the
 *     action that is the discrete-log oracle, which refuses any ML-KEM key. Without SS there is no
 *     root key, and the session stays closed;
 *   - the ratchet keys alternate (libsignal: the responder's first is its signed prekey); each new
 *     one in a header, recovered, gives the root step DH(new, the other side's latest) (Double
 *     Ratchet §3.5), and its chain yields the message keys (§5.2). Every message is MAC-checked
 *     before it counts, and a state changes only when a message authenticated.
 * Group messages (sender keys) are not followed here.
 */
import { bytesEqual, toHex } from '../../crypto/bytes.js';
import { CryptoError, type CryptoProvider } from '../../crypto/provider.js';
import { agree } from '../../protocol/agreement.js';
import { ProtocolError } from '../../protocol/errors.js';
import { deserializeKemCiphertext, deserializeKemPublicKey } from '../../protocol/kem-keys.js';
import { deserializePublicKey } from '../../protocol/keys.js';
import { unpadPlaintext } from '../../protocol/padding.js';
import {
  type ChainKey,
  deriveMessageKeys,
  messageKeySeed,
  nextChainKey,
  rootStep,
} from '../../protocol/ratchet.js';
import {
  type ParsedWhisperMessage,
  computeWhisperMacForRawKeys,
  parsePreKeyWhisperMessage,
  parseWhisperMessage,
} from '../../protocol/wire.js';
import { x3dhInitiator } from '../../protocol/x3dh.js';
import type { PrivateKeyLookup } from '../../network/noise.js';
import { type Payload, decodePayload } from '../../world/payload.js';
import type { DeviceBundle, KeyUpload } from '../../world/stanza.js';
import { CIPHERTEXT_VERSION } from '../../protocol/constants.js';

/** The ML-KEM decapsulation key for an encapsulation key, if the attacker can get it (it cannot). */
export type KemSecretLookup = (kemPublicKey: Uint8Array) => Uint8Array | undefined;

/** Why a recorded Signal message stayed closed; stable words for the journal and tests. */
export type ClosedReason =
  | 'prekeys-unknown' // the responder's prekeys were never on the wire
  | 'key-not-recovered' // the oracle had no answer for a public key
  | 'kem-protected' // PQXDH: the ML-KEM shared secret is out of reach
  | 'no-session' // a whisper message of a session not opened
  | 'bad-mac' // re-derived keys did not authenticate it
  | 'malformed';

/** A message the attacker decrypted, with the payload and how. */
export interface OpenedMessage {
  readonly messageId: string;
  readonly from: string;
  readonly to: string;
  readonly payload: Payload;
  /** Words for the ledger's `how`. */
  readonly how: string;
}

interface Side {
  readonly address: string;
  readonly identity: Uint8Array;
  /** The latest ratchet public key of this side. */
  latest: Uint8Array | undefined;
}

interface Followed {
  readonly version: number;
  readonly baseKey: string;
  readonly initiator: Side;
  readonly responder: Side;
  rootKey: Uint8Array;
  /** First chain key (index 0) of each ratchet key seen, by hex, with the side that owns it. */
  readonly chains: Map<string, { readonly side: 'initiator' | 'responder'; readonly chainKey: ChainKey }>;
}

interface DeviceKeys {
  identity?: Uint8Array;
  readonly signed: Map<number, Uint8Array>;
  readonly oneTime: Map<number, Uint8Array>;
  readonly kem: Map<number, Uint8Array>;
}

/** Follows sessions across the opened payloads, fed in wire order. */
export class SessionFollower {
  private readonly devices = new Map<string, DeviceKeys>();
  private readonly sessions: Followed[] = [];
  /** Closed messages by reason. */
  readonly closed = new Map<ClosedReason, number>();
  /** Sessions whose first root key was re-derived. */
  opened = 0;

  constructor(
    private readonly crypto: CryptoProvider,
    private readonly recover: PrivateKeyLookup,
    private readonly kemSecretKeyOf: KemSecretLookup,
  ) {}

  /** Public keys a device uploaded (an `upload-keys` stanza from `address`). */
  learnUpload(address: string, keys: KeyUpload): void {
    const device = this.device(address);
    this.tryKey(() => (device.identity = deserializePublicKey(keys.identityKey)));
    this.tryKey(() => device.signed.set(keys.signedPreKeyId, deserializePublicKey(keys.signedPreKey)));
    for (const preKey of keys.preKeys ?? [])
      this.tryKey(() => device.oneTime.set(preKey.id, deserializePublicKey(preKey.key)));
    for (const kem of [
      ...(keys.kyberPreKeys ?? []),
      ...(keys.lastResortKyberPreKey ? [keys.lastResortKyberPreKey] : []),
    ])
      this.tryKey(() => device.kem.set(kem.id, deserializeKemPublicKey(kem.key)));
  }

  /** Bundles the server handed out (a `keys` stanza about `number`). */
  learnBundles(number: string, bundles: readonly DeviceBundle[]): void {
    for (const bundle of bundles) {
      const device = this.device(`${number}.${bundle.device}`);
      this.tryKey(() => (device.identity = deserializePublicKey(bundle.identityKey)));
      this.tryKey(() => device.signed.set(bundle.signedPreKeyId, deserializePublicKey(bundle.signedPreKey)));
      if (bundle.preKeyId !== undefined && bundle.preKey !== undefined)
        this.tryKey(() => device.oneTime.set(bundle.preKeyId!, deserializePublicKey(bundle.preKey!)));
      if (bundle.kyberPreKeyId !== undefined && bundle.kyberPreKey !== undefined)
        this.tryKey(() =>
          device.kem.set(bundle.kyberPreKeyId!, deserializeKemPublicKey(bundle.kyberPreKey!)),
        );
    }
  }

  /**
   * A recorded 1:1 ciphertext from `from` to `to` (`prekey` or `whisper`); the decrypted message, or
   * undefined when it stays closed (counted in `closed`).
   */
  message(
    messageId: string,
    from: string,
    to: string,
    type: string,
    body: Uint8Array,
  ): OpenedMessage | undefined {
    let result: { payload: Payload; how: string } | ClosedReason;
    try {
      result =
        type === 'prekey' ? this.prekey(from, to, body) : this.whisper(from, to, parseWhisperMessage(body));
    } catch (error) {
      if (!(error instanceof ProtocolError) && !(error instanceof CryptoError)) throw error;
      result = 'malformed';
    }
    if (typeof result === 'string') {
      this.closed.set(result, (this.closed.get(result) ?? 0) + 1);
      return undefined;
    }
    return { messageId, from, to, ...result };
  }

  private prekey(
    from: string,
    to: string,
    body: Uint8Array,
  ): { payload: Payload; how: string } | ClosedReason {
    const message = parsePreKeyWhisperMessage(body);
    const baseKey = toHex(message.baseKey);
    let session = this.sessions.find(
      (s) => s.baseKey === baseKey && s.initiator.address === from && s.responder.address === to,
    );
    if (!session) {
      const started = this.start(from, to, message);
      if (typeof started === 'string') return started;
      session = started;
    }
    return this.whisper(from, to, message.inner, session);
  }

  /** Re-derives a session's first root key from a PreKeyWhisperMessage (X3DH §3.3 / PQXDH §3.3). */
  private start(
    from: string,
    to: string,
    message: ReturnType<typeof parsePreKeyWhisperMessage>,
  ): Followed | ClosedReason {
    const responder = this.devices.get(to);
    const signed = responder?.signed.get(message.signedPreKeyId);
    const oneTime = message.preKeyId !== undefined ? responder?.oneTime.get(message.preKeyId) : undefined;
    if (!responder?.identity || !signed || (message.preKeyId !== undefined && !oneTime))
      return 'prekeys-unknown';
    const identity = this.recover(message.identityKey);
    const base = this.recover(message.baseKey);
    if (!identity || !base) return 'key-not-recovered';
    let sharedSecret: Uint8Array | undefined;
    if (message.version !== CIPHERTEXT_VERSION) {
      const kemKey =
        message.kyberPreKeyId !== undefined ? responder.kem.get(message.kyberPreKeyId) : undefined;
      if (!kemKey || !message.kyberCiphertext) return 'prekeys-unknown';
      const secretKey = this.askKem(kemKey);
      if (!secretKey) return 'kem-protected';
      sharedSecret = this.crypto.mlKem1024Decapsulate(
        deserializeKemCiphertext(message.kyberCiphertext),
        secretKey,
      );
    }
    const initial = x3dhInitiator(
      this.crypto,
      identity,
      base,
      responder.identity,
      signed,
      oneTime,
      sharedSecret,
    );
    const session: Followed = {
      version: message.version,
      baseKey: toHex(message.baseKey),
      initiator: { address: from, identity: message.identityKey, latest: undefined },
      responder: { address: to, identity: responder.identity, latest: signed },
      rootKey: initial.rootKey,
      chains: new Map([[toHex(signed), { side: 'responder', chainKey: initial.chainKey }]]),
    };
    this.sessions.push(session);
    this.opened++;
    return session;
  }

  private askKem(kemKey: Uint8Array): Uint8Array | undefined {
    try {
      return this.kemSecretKeyOf(kemKey);
    } catch {
      // The oracle refuses ML-KEM keys (OracleRefusal); any refusal leaves SS unknown.
      return undefined;
    }
  }

  private whisper(
    from: string,
    to: string,
    message: ParsedWhisperMessage,
    only?: Followed,
  ): { payload: Payload; how: string } | ClosedReason {
    const candidates = only
      ? [only]
      : this.sessions.filter(
          (s) =>
            (s.initiator.address === from && s.responder.address === to) ||
            (s.initiator.address === to && s.responder.address === from),
        );
    if (candidates.length === 0) return 'no-session';
    let reason: ClosedReason = 'bad-mac';
    for (let i = candidates.length - 1; i >= 0; i--) {
      const result = this.tryDecrypt(candidates[i]!, from, message);
      if (typeof result !== 'string') return result;
      reason = result;
    }
    return reason;
  }

  private tryDecrypt(
    session: Followed,
    from: string,
    message: ParsedWhisperMessage,
  ): { payload: Payload; how: string } | ClosedReason {
    if (message.version !== session.version) return 'bad-mac';
    const side = session.initiator.address === from ? 'initiator' : 'responder';
    const sender = session[side];
    const receiver = side === 'initiator' ? session.responder : session.initiator;
    const hex = toHex(message.ratchetKey);
    let chain = session.chains.get(hex);
    let step: { rootKey: Uint8Array; chainKey: ChainKey } | undefined;
    if (!chain) {
      // A new ratchet key of the sender: the root step with the other side's latest (§3.5).
      if (!receiver.latest) return 'no-session';
      const ratchet = this.recover(message.ratchetKey);
      if (!ratchet) return 'key-not-recovered';
      step = rootStep(this.crypto, session.rootKey, agree(this.crypto, ratchet.privateKey, receiver.latest));
      chain = { side, chainKey: step.chainKey };
    } else if (chain.side !== side) return 'bad-mac';
    let chainKey = chain.chainKey;
    while (chainKey.index < message.counter) chainKey = nextChainKey(this.crypto, chainKey);
    const keys = deriveMessageKeys(this.crypto, messageKeySeed(this.crypto, chainKey), message.counter);
    const mac = computeWhisperMacForRawKeys(
      this.crypto,
      keys.macKey,
      sender.identity,
      receiver.identity,
      message.macInput,
    );
    if (!bytesEqual(mac, message.mac)) return 'bad-mac';
    let payload: Payload;
    try {
      payload = decodePayload(
        unpadPlaintext(this.crypto.aes256CbcDecrypt(keys.cipherKey, keys.iv, message.ciphertext)),
      );
    } catch {
      return 'malformed';
    }
    if (step) {
      session.rootKey = step.rootKey;
      session.chains.set(hex, chain);
      sender.latest = message.ratchetKey;
    }
    const kind = session.version === CIPHERTEXT_VERSION ? 'X3DH' : 'PQXDH';
    return {
      payload,
      how: `quantum break: ${kind} session ${session.initiator.address}→${session.responder.address} re-derived from X25519 keys recovered off the wire, message key #${message.counter}`,
    };
  }

  private device(address: string): DeviceKeys {
    let device = this.devices.get(address);
    if (!device)
      this.devices.set(address, (device = { signed: new Map(), oneTime: new Map(), kem: new Map() }));
    return device;
  }

  private tryKey(learn: () => unknown): void {
    try {
      learn();
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
    }
  }
}
