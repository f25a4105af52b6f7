/**
 * Multi-device signatures (WhatsApp Encryption Overview, "Multi-device"; SCENARIOS.md A8): the
 * primary signs each companion's identity key (Account Signature, prefix 0x06 0x00) and the device
 * list (prefix 0x06 0x02). A sender's client checks both against the primary's identity key, so a
 * server cannot add a device on its own (S11).
 */
import { concatBytes, utf8 } from '../../crypto/bytes.js';
import type { CryptoProvider, KeyPair, RandomSource } from '../../crypto/provider.js';
import { deserializePublicKey } from '../../protocol/keys.js';

const ACCOUNT_SIGNATURE_PREFIX = new Uint8Array([0x06, 0x00]);
const DEVICE_LIST_PREFIX = new Uint8Array([0x06, 0x02]);

function deviceListMessage(number: string, deviceList: readonly number[]): Uint8Array {
  const ids = [...deviceList].sort((a, b) => a - b).join(',');
  return concatBytes(DEVICE_LIST_PREFIX, utf8(`${number}:${ids}`));
}

/** The primary's signature over a companion's 33-byte identity key. */
export function signCompanion(
  crypto: CryptoProvider,
  random: RandomSource,
  primary: KeyPair,
  companionIdentity33: Uint8Array,
): Uint8Array {
  return crypto.xeddsaSign(
    primary.privateKey,
    concatBytes(ACCOUNT_SIGNATURE_PREFIX, companionIdentity33),
    random.bytes(64),
  );
}

/** Checks a companion's account signature against the primary's 33-byte identity key. */
export function verifyCompanion(
  crypto: CryptoProvider,
  primaryIdentity33: Uint8Array,
  companionIdentity33: Uint8Array,
  signature: Uint8Array,
): boolean {
  return crypto.xeddsaVerify(
    deserializePublicKey(primaryIdentity33),
    concatBytes(ACCOUNT_SIGNATURE_PREFIX, companionIdentity33),
    signature,
  );
}

/** The primary's signature over the account's device list. */
export function signDeviceList(
  crypto: CryptoProvider,
  random: RandomSource,
  primary: KeyPair,
  number: string,
  deviceList: readonly number[],
): Uint8Array {
  return crypto.xeddsaSign(primary.privateKey, deviceListMessage(number, deviceList), random.bytes(64));
}

export function verifyDeviceList(
  crypto: CryptoProvider,
  primaryIdentity33: Uint8Array,
  number: string,
  deviceList: readonly number[],
  signature: Uint8Array,
): boolean {
  return crypto.xeddsaVerify(
    deserializePublicKey(primaryIdentity33),
    deviceListMessage(number, deviceList),
    signature,
  );
}

const GROUP_CHANGE_PREFIX = new Uint8Array([0x06, 0x10]);

function groupChangeMessage(groupId: string, type: string, member: string): Uint8Array {
  return concatBytes(GROUP_CHANGE_PREFIX, utf8(`${groupId}:${type}:${member}`));
}

/**
 * A member's signature over a membership change (the `signed-group-membership` defence: Signal-style
 * group state; WhatsApp's server-managed membership has none, [RMS][ADJ]).
 */
export function signGroupChange(
  crypto: CryptoProvider,
  random: RandomSource,
  signer: KeyPair,
  groupId: string,
  type: string,
  member: string,
): Uint8Array {
  return crypto.xeddsaSign(signer.privateKey, groupChangeMessage(groupId, type, member), random.bytes(64));
}

export function verifyGroupChange(
  crypto: CryptoProvider,
  signerIdentity33: Uint8Array,
  groupId: string,
  type: string,
  member: string,
  signature: Uint8Array,
): boolean {
  return crypto.xeddsaVerify(
    deserializePublicKey(signerIdentity33),
    groupChangeMessage(groupId, type, member),
    signature,
  );
}
