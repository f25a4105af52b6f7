/**
 * A pair of `libsignal@6.0.0` parties (the pure-JS implementation WhatsApp Web clients use) with
 * in-memory stores, for the protocol benchmark. The stores keep SessionRecord objects as they are
 * (no serialization per call), the cheapest store an application could give libsignal, so the
 * comparison favours the reference rather than us.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface LibKeyPair {
  readonly pubKey: Buffer;
  readonly privKey: Buffer;
}
interface LibSignedPreKey {
  readonly keyId: number;
  readonly keyPair: LibKeyPair;
  readonly signature: Buffer;
}
interface LibEncrypted {
  readonly type: number;
  readonly body: Buffer;
}
interface LibSessionCipher {
  encrypt(data: Buffer): Promise<LibEncrypted>;
  decryptWhisperMessage(data: Buffer): Promise<Buffer>;
  decryptPreKeyWhisperMessage(data: Buffer): Promise<Buffer>;
}
interface LibSessionBuilder {
  initOutgoing(device: unknown): Promise<void>;
}
interface Libsignal {
  keyhelper: {
    generateIdentityKeyPair(): LibKeyPair;
    generateSignedPreKey(identity: LibKeyPair, keyId: number): LibSignedPreKey;
    generatePreKey(keyId: number): { keyId: number; keyPair: LibKeyPair };
  };
  ProtocolAddress: new (name: string, deviceId: number) => { toString(): string };
  SessionBuilder: new (storage: unknown, address: unknown) => LibSessionBuilder;
  SessionCipher: new (storage: unknown, address: unknown) => LibSessionCipher;
}

/** The libsignal module, loaded through createRequire (it is CommonJS). */
export const libsignal = require('libsignal') as Libsignal;

/** libsignal's `type` for a PreKeyWhisperMessage (3); anything else is a WhisperMessage. */
const PREKEY_TYPE = 3;

function memoryStore(identity: LibKeyPair, registrationId: number) {
  const sessions = new Map<string, unknown>();
  const preKeys = new Map<number, LibKeyPair>();
  const signedPreKeys = new Map<number, LibKeyPair>();
  return {
    preKeys,
    signedPreKeys,
    getOurIdentity: async () => identity,
    getOurRegistrationId: async () => registrationId,
    isTrustedIdentity: async () => true,
    loadPreKey: async (id: number) => preKeys.get(id),
    removePreKey: async (id: number) => {
      preKeys.delete(id);
    },
    loadSignedPreKey: async (id: number) => signedPreKeys.get(id),
    loadSession: async (address: string) => sessions.get(address),
    storeSession: async (address: string, record: unknown) => {
      sessions.set(address, record);
    },
  };
}

/** One direction of a libsignal session: encrypt here, decrypt at the peer. */
export interface LibsignalParty {
  encrypt(plaintext: Buffer): Promise<LibEncrypted>;
  decrypt(message: LibEncrypted): Promise<Buffer>;
}

/**
 * Alice and Bob on libsignal with a session Alice→Bob (with a one-time prekey) that has been
 * answered once, so every later message is a WhisperMessage.
 */
export async function makeLibsignalPair(): Promise<{ alice: LibsignalParty; bob: LibsignalParty }> {
  const aliceIdentity = libsignal.keyhelper.generateIdentityKeyPair();
  const bobIdentity = libsignal.keyhelper.generateIdentityKeyPair();
  const aliceStore = memoryStore(aliceIdentity, 1111);
  const bobStore = memoryStore(bobIdentity, 2222);
  const signed = libsignal.keyhelper.generateSignedPreKey(bobIdentity, 1);
  const preKey = libsignal.keyhelper.generatePreKey(7);
  bobStore.signedPreKeys.set(signed.keyId, signed.keyPair);
  bobStore.preKeys.set(preKey.keyId, preKey.keyPair);

  const bobAddress = new libsignal.ProtocolAddress('bob', 1);
  const aliceAddress = new libsignal.ProtocolAddress('alice', 1);
  await new libsignal.SessionBuilder(aliceStore, bobAddress).initOutgoing({
    registrationId: 2222,
    identityKey: bobIdentity.pubKey,
    signedPreKey: { keyId: signed.keyId, publicKey: signed.keyPair.pubKey, signature: signed.signature },
    preKey: { keyId: preKey.keyId, publicKey: preKey.keyPair.pubKey },
  });
  const aliceCipher = new libsignal.SessionCipher(aliceStore, bobAddress);
  const bobCipher = new libsignal.SessionCipher(bobStore, aliceAddress);
  const decryptWith = (cipher: LibSessionCipher) => (message: LibEncrypted) =>
    message.type === PREKEY_TYPE
      ? cipher.decryptPreKeyWhisperMessage(message.body)
      : cipher.decryptWhisperMessage(message.body);

  const alice: LibsignalParty = { encrypt: (p) => aliceCipher.encrypt(p), decrypt: decryptWith(aliceCipher) };
  const bob: LibsignalParty = { encrypt: (p) => bobCipher.encrypt(p), decrypt: decryptWith(bobCipher) };
  await bob.decrypt(await alice.encrypt(Buffer.from('hello')));
  await alice.decrypt(await bob.encrypt(Buffer.from('hello back')));
  return { alice, bob };
}
