/**
 * Security codes (safety numbers): the 60-digit code two people compare, and the scannable QR
 * payloads (PROTOCOL.md "Security code"; WhatsApp Encryption Overview, "Verifying Keys"; libsignal
 * `rust/protocol/src/fingerprint.rs`, the NumericFingerprintGenerator).
 *
 * Per party: `h₀ = SHA-512(0x0000 ‖ key33 ‖ identifier ‖ key33)`, then `hᵢ = SHA-512(hᵢ₋₁ ‖ key33)`;
 * 5200 hashes in all, h₀ included (libsignal runs `for _ in 1..iterations` after the first). The
 * first 30 bytes give six 5-digit groups; the first 32 bytes go into the scannable payload.
 */
import protobuf from 'protobufjs/light.js';
import { bytesEqual, concatBytes, copyBytes, utf8 } from '../crypto/bytes.js';
import type { CryptoProvider } from '../crypto/provider.js';
import { ProtocolError, ensure } from './errors.js';
import { deserializePublicKey } from './keys.js';

/** Hashes per party, the first included (WhatsApp and Signal both use 5200). */
export const FINGERPRINT_ITERATIONS = 5200;
/** libsignal refuses fewer than 2 or more than a million iterations; so do we. */
export const MAX_FINGERPRINT_ITERATIONS = 1_000_000;
/** The hash-input format version, two bytes big-endian in front of the first hash. */
const FINGERPRINT_FORMAT_VERSION = new Uint8Array([0x00, 0x00]);
/** libsignal's scannable-fingerprint version for the hash-based payload (v2 only changes this number). */
export const SCANNABLE_FINGERPRINT_VERSION = 1;
/** Bytes of each party's hash that go into the scannable payload. */
export const SCANNABLE_FINGERPRINT_LENGTH = 32;
/** Bytes of each party's hash that make its 30 digits: six 5-byte groups. */
const DISPLAY_BYTES = 30;

/** Version of the WhatsApp-style QR payload (the 2016 libaxolotl `CombinedFingerprint` used 0). */
export const WHATSAPP_QR_VERSION = 0;

const fingerprintDescriptor = {
  edition: 'proto2',
  nested: {
    textsecure: {
      nested: {
        // libsignal fingerprint.proto: what Signal's QR carries today.
        LogicalFingerprint: { edition: 'proto2', fields: { content: { type: 'bytes', id: 1 } } },
        CombinedFingerprints: {
          edition: 'proto2',
          fields: {
            version: { type: 'uint32', id: 1 },
            localFingerprint: { type: 'LogicalFingerprint', id: 2 },
            remoteFingerprint: { type: 'LogicalFingerprint', id: 3 },
          },
        },
        // libsignal-protocol-java 2016 (libaxolotl) FingerprintProtocol.proto: the form the WhatsApp
        // whitepaper describes (version, both identifiers, both identity keys).
        FingerprintData: {
          edition: 'proto2',
          fields: { publicKey: { type: 'bytes', id: 1 }, identifier: { type: 'bytes', id: 2 } },
        },
        CombinedFingerprint: {
          edition: 'proto2',
          fields: {
            version: { type: 'uint32', id: 1 },
            localFingerprint: { type: 'FingerprintData', id: 2 },
            remoteFingerprint: { type: 'FingerprintData', id: 3 },
          },
        },
      },
    },
  },
};

const root = protobuf.Root.fromJSON(fingerprintDescriptor);
const CombinedFingerprintsType = root.lookupType('textsecure.CombinedFingerprints');
const WhatsAppQrType = root.lookupType('textsecure.CombinedFingerprint');

/** What comparing a scanned payload with ours found. */
export type ScanComparison =
  | { readonly result: 'match' }
  | { readonly result: 'mismatch' }
  | { readonly result: 'version-mismatch'; readonly ours: number; readonly theirs: number };

/** One party as the security code sees it: a stable identifier and a 33-byte identity key. */
export interface FingerprintParty {
  /** Phone number or user id; strings are UTF-8 encoded. */
  readonly identifier: string | Uint8Array;
  /** The serialized identity key, `0x05 ‖ 32 bytes`. */
  readonly identityKey: Uint8Array;
}

/** Both forms of the security code for one side of a conversation. */
export interface SecurityCode {
  /** 60 digits: both parties' 30-digit halves, the smaller first, so both sides see the same. */
  readonly displayable: string;
  /** libsignal CombinedFingerprints bytes for a QR code (ours first; the peer's payload is swapped). */
  readonly scannable: Uint8Array;
}

function identifierBytes(identifier: string | Uint8Array): Uint8Array {
  return typeof identifier === 'string' ? utf8(identifier) : identifier;
}

/**
 * The iterated hash of one party (64 bytes).
 * @throws ProtocolError('invalid-key') when `identityKey` is not a 33-byte `0x05` key.
 * @throws RangeError when `iterations` is outside 2..1,000,000 (as libsignal).
 */
export function fingerprintHash(
  crypto: CryptoProvider,
  party: FingerprintParty,
  iterations: number = FINGERPRINT_ITERATIONS,
): Uint8Array {
  if (!Number.isInteger(iterations) || iterations <= 1 || iterations > MAX_FINGERPRINT_ITERATIONS) {
    throw new RangeError(
      `fingerprint iterations must be 2..${MAX_FINGERPRINT_ITERATIONS}, got ${iterations}`,
    );
  }
  deserializePublicKey(party.identityKey);
  const key = party.identityKey;
  let hash = crypto.sha512(
    concatBytes(FINGERPRINT_FORMAT_VERSION, key, identifierBytes(party.identifier), key),
  );
  for (let i = 1; i < iterations; i++) hash = crypto.sha512(concatBytes(hash, key));
  return hash;
}

/**
 * The 30 digits of one party: six 5-byte big-endian integers, each mod 100000, zero-padded to 5.
 * @throws RangeError when `hash` is shorter than 30 bytes.
 */
export function displayableDigits(hash: Uint8Array): string {
  if (hash.length < DISPLAY_BYTES) throw new RangeError(`a fingerprint hash needs ${DISPLAY_BYTES} bytes`);
  let digits = '';
  for (let chunk = 0; chunk < DISPLAY_BYTES; chunk += 5) {
    let value = 0;
    // 5 bytes are at most 2^40, well inside a double's exact integers.
    for (let i = chunk; i < chunk + 5; i++) value = value * 256 + hash[i]!;
    digits += String(value % 100_000).padStart(5, '0');
  }
  return digits;
}

/** The 60-digit code: both 30-digit halves, the smaller first (both have 30 digits, so string order is numeric order). */
export function displayableSecurityCode(localDigits: string, remoteDigits: string): string {
  return localDigits < remoteDigits ? localDigits + remoteDigits : remoteDigits + localDigits;
}

/** libsignal's scannable payload: CombinedFingerprints{version, local content(32), remote content(32)}. */
export function encodeScannableFingerprint(
  version: number,
  localHash: Uint8Array,
  remoteHash: Uint8Array,
): Uint8Array {
  ensure(
    localHash.length >= SCANNABLE_FINGERPRINT_LENGTH && remoteHash.length >= SCANNABLE_FINGERPRINT_LENGTH,
    'invalid-message',
    `scannable fingerprints need ${SCANNABLE_FINGERPRINT_LENGTH} bytes of hash`,
  );
  const message = CombinedFingerprintsType.create({
    version,
    localFingerprint: { content: localHash.slice(0, SCANNABLE_FINGERPRINT_LENGTH) },
    remoteFingerprint: { content: remoteHash.slice(0, SCANNABLE_FINGERPRINT_LENGTH) },
  });
  return copyBytes(CombinedFingerprintsType.encode(message).finish());
}

/**
 * Both forms of the security code, as seen by `local` talking to `remote`.
 * @throws ProtocolError('invalid-key') on an identity key that is not 33 bytes `0x05 ‖ u`.
 */
export function createSecurityCode(
  crypto: CryptoProvider,
  local: FingerprintParty,
  remote: FingerprintParty,
  options: { readonly version?: number; readonly iterations?: number } = {},
): SecurityCode {
  const iterations = options.iterations ?? FINGERPRINT_ITERATIONS;
  const localHash = fingerprintHash(crypto, local, iterations);
  const remoteHash = fingerprintHash(crypto, remote, iterations);
  return {
    displayable: displayableSecurityCode(displayableDigits(localHash), displayableDigits(remoteHash)),
    scannable: encodeScannableFingerprint(
      options.version ?? SCANNABLE_FINGERPRINT_VERSION,
      localHash,
      remoteHash,
    ),
  };
}

/** A decoded message field that must be present on the wire. */
function own(message: object, name: string): unknown {
  return Object.prototype.hasOwnProperty.call(message, name)
    ? (message as Record<string, unknown>)[name]
    : undefined;
}

function decodeOrThrow(type: protobuf.Type, bytes: Uint8Array, what: string): object {
  try {
    return type.decode(bytes);
  } catch (error) {
    throw new ProtocolError(
      'invalid-message',
      `${what} is not valid protobuf: ${error instanceof Error ? error.message : ''}`,
    );
  }
}

function bytesField(message: unknown, name: string, what: string): Uint8Array {
  const value = typeof message === 'object' && message !== null ? own(message, name) : undefined;
  ensure(value instanceof Uint8Array, 'invalid-message', `${what} has no ${name}`);
  return copyBytes(value);
}

interface ParsedCombined {
  readonly version: number;
  readonly local: object;
  readonly remote: object;
}

function parseCombined(type: protobuf.Type, bytes: Uint8Array, what: string): ParsedCombined {
  const message = decodeOrThrow(type, bytes, what);
  // libsignal reads a missing version as 0.
  const version = own(message, 'version');
  const local = own(message, 'localFingerprint');
  const remote = own(message, 'remoteFingerprint');
  ensure(typeof local === 'object' && local !== null, 'invalid-message', `${what} has no local fingerprint`);
  ensure(
    typeof remote === 'object' && remote !== null,
    'invalid-message',
    `${what} has no remote fingerprint`,
  );
  return { version: typeof version === 'number' ? version : 0, local, remote };
}

/**
 * Compares a scanned CombinedFingerprints payload with ours (libsignal `ScannableFingerprint::compare`):
 * the scanned local half must equal our remote half and the scanned remote half our local half,
 * compared in constant time. Our own payload scanned back is a mismatch.
 * @throws ProtocolError('invalid-message') when either payload is not a CombinedFingerprints.
 */
export function compareScannable(ours: Uint8Array, scanned: Uint8Array): ScanComparison {
  const mine = parseCombined(CombinedFingerprintsType, ours, 'our scannable fingerprint');
  const theirs = parseCombined(CombinedFingerprintsType, scanned, 'the scanned fingerprint');
  if (theirs.version !== mine.version) {
    return { result: 'version-mismatch', ours: mine.version, theirs: theirs.version };
  }
  const same =
    bytesEqual(
      bytesField(theirs.local, 'content', 'scanned local'),
      bytesField(mine.remote, 'content', 'our remote'),
    ) &&
    bytesEqual(
      bytesField(theirs.remote, 'content', 'scanned remote'),
      bytesField(mine.local, 'content', 'our local'),
    );
  return { result: same ? 'match' : 'mismatch' };
}

/** One side of the WhatsApp QR payload: identifier and the raw 32-byte identity key. */
export interface WhatsAppQrParty {
  readonly identifier: Uint8Array;
  readonly identityKey: Uint8Array;
}

/** The WhatsApp QR payload, decoded. */
export interface WhatsAppQr {
  readonly version: number;
  readonly local: WhatsAppQrParty;
  readonly remote: WhatsAppQrParty;
}

/**
 * The WhatsApp-style QR payload. The whitepaper ("Verifying Keys") lists its contents — a version,
 * the user identifier of both parties and both full 32-byte public identity keys — but not its byte
 * layout; Sightline encodes it as the 2016 libaxolotl `CombinedFingerprint { uint32 version = 1;
 * FingerprintData localFingerprint = 2; remoteFingerprint = 3 }` with `FingerprintData { bytes
 * publicKey = 1; bytes identifier = 2 }`, the format of that era, holding the raw 32-byte keys the
 * whitepaper names (libaxolotl put the 33-byte `0x05` form there). Unlike the hash-based payload, it
 * reveals the keys and ids themselves; the scanner compares them with what the server gave it.
 * @throws ProtocolError('invalid-key') on an identity key that is not 33 bytes `0x05 ‖ u`.
 */
export function encodeWhatsAppQr(
  local: FingerprintParty,
  remote: FingerprintParty,
  version: number = WHATSAPP_QR_VERSION,
): Uint8Array {
  const party = (p: FingerprintParty): { publicKey: Uint8Array; identifier: Uint8Array } => ({
    publicKey: deserializePublicKey(p.identityKey),
    identifier: identifierBytes(p.identifier),
  });
  const message = WhatsAppQrType.create({
    version,
    localFingerprint: party(local),
    remoteFingerprint: party(remote),
  });
  return copyBytes(WhatsAppQrType.encode(message).finish());
}

/**
 * Parses a WhatsApp-style QR payload.
 * @throws ProtocolError('invalid-message') on bad protobuf, a missing field or a key not 32 bytes.
 */
export function decodeWhatsAppQr(bytes: Uint8Array): WhatsAppQr {
  const combined = parseCombined(WhatsAppQrType, bytes, 'the WhatsApp QR payload');
  const party = (message: object, what: string): WhatsAppQrParty => {
    const identityKey = bytesField(message, 'publicKey', what);
    ensure(
      identityKey.length === 32,
      'invalid-message',
      `${what} identity key is ${identityKey.length} bytes, not 32`,
    );
    return { identifier: bytesField(message, 'identifier', what), identityKey };
  };
  return {
    version: combined.version,
    local: party(combined.local, 'QR local party'),
    remote: party(combined.remote, 'QR remote party'),
  };
}

/**
 * Compares a scanned WhatsApp QR payload with ours: their local party (identifier and key) must be
 * our remote party and their remote party our local one.
 * @throws ProtocolError('invalid-message') when either payload is malformed.
 */
export function compareWhatsAppQr(ours: Uint8Array, scanned: Uint8Array): ScanComparison {
  const mine = decodeWhatsAppQr(ours);
  const theirs = decodeWhatsAppQr(scanned);
  if (theirs.version !== mine.version)
    return { result: 'version-mismatch', ours: mine.version, theirs: theirs.version };
  const sameParty = (a: WhatsAppQrParty, b: WhatsAppQrParty): boolean =>
    bytesEqual(a.identityKey, b.identityKey) && bytesEqual(a.identifier, b.identifier);
  return {
    result:
      sameParty(theirs.local, mine.remote) && sameParty(theirs.remote, mine.local) ? 'match' : 'mismatch',
  };
}
