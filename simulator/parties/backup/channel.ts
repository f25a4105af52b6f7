/**
 * The encrypted channel between a client and a third-party service (the cloud backup provider): a
 * stand-in for TLS 1.3 with the service's certificate key pinned. Each request runs one
 * ephemeral-static X25519 handshake (as HPKE base mode does, RFC 9180 §5.1) and seals the request
 * and its response with keys derived from it (HKDF, RFC 5869).
 *
 * What this models: TLS protects the bytes on the wire, so an on-path observer sees only sizes and
 * timing — but it ends at the service. The service reads exactly what the client sent, which is
 * why a plain backup arrives readable at the provider.
 *
 * Record first bytes are 0x16/0x17 (TLS handshake/application data); they never collide with the
 * chat transport's DATA frame type, so on-path taps never mistake these frames for chat payloads.
 */
import { concatBytes, utf8 } from '../../crypto/bytes.js';
import { CURVE25519_KEY_LENGTH } from '../../crypto/checks.js';
import type { CryptoProvider, KeyPair, RandomSource } from '../../crypto/provider.js';
import { open, seal } from './seal.js';

/** First byte of a client → service request record. */
export const RECORD_REQUEST = 0x16;
/** First byte of a service → client response record. */
export const RECORD_RESPONSE = 0x17;

const INFO = utf8('sightline/service-channel/v1');

/** Keys of one request/response exchange, kept by the client to read the response. */
export interface ChannelKeys {
  readonly toService: Uint8Array;
  readonly toClient: Uint8Array;
}

/** A record could not be opened (not a record, wrong service key, or altered on the way). */
export class ChannelError extends Error {
  override readonly name = 'ChannelError';
}

function derive(
  crypto: CryptoProvider,
  shared: Uint8Array,
  ephemeral: Uint8Array,
  service: Uint8Array,
): ChannelKeys {
  const okm = crypto.hkdfSha256(shared, concatBytes(ephemeral, service), INFO, 64);
  return { toService: okm.slice(0, 32), toClient: okm.slice(32) };
}

/** Client side: seals `request` to the service whose pinned public key is `servicePublic`. */
export function sealRequest(
  crypto: CryptoProvider,
  random: RandomSource,
  servicePublic: Uint8Array,
  request: Uint8Array,
): { record: Uint8Array; keys: ChannelKeys } {
  const ephemeral = crypto.generateKeyPair(random);
  const keys = derive(
    crypto,
    crypto.x25519(ephemeral.privateKey, servicePublic),
    ephemeral.publicKey,
    servicePublic,
  );
  const head = concatBytes(Uint8Array.of(RECORD_REQUEST), ephemeral.publicKey);
  return { record: concatBytes(head, seal(crypto, random, keys.toService, 'request', request, head)), keys };
}

/**
 * Service side: opens a request record with the service's static key pair.
 * @throws ChannelError when the record is malformed or does not authenticate.
 */
export function openRequest(
  crypto: CryptoProvider,
  service: KeyPair,
  record: Uint8Array,
): { request: Uint8Array; keys: ChannelKeys } {
  if (record[0] !== RECORD_REQUEST || record.length < 1 + CURVE25519_KEY_LENGTH)
    throw new ChannelError('not a request record');
  const head = record.subarray(0, 1 + CURVE25519_KEY_LENGTH);
  const ephemeral = head.slice(1);
  try {
    const keys = derive(crypto, crypto.x25519(service.privateKey, ephemeral), ephemeral, service.publicKey);
    return { request: open(crypto, keys.toService, 'request', record.subarray(head.length), head), keys };
  } catch (error) {
    throw new ChannelError(`request did not authenticate: ${(error as Error).message}`);
  }
}

/** Service side: seals the response to a request opened with `keys`. */
export function sealResponse(
  crypto: CryptoProvider,
  random: RandomSource,
  keys: ChannelKeys,
  response: Uint8Array,
): Uint8Array {
  const head = Uint8Array.of(RECORD_RESPONSE);
  return concatBytes(head, seal(crypto, random, keys.toClient, 'response', response, head));
}

/**
 * Client side: opens the response to its request.
 * @throws ChannelError when the record is not a response under these keys.
 */
export function openResponse(crypto: CryptoProvider, keys: ChannelKeys, record: Uint8Array): Uint8Array {
  if (record[0] !== RECORD_RESPONSE) throw new ChannelError('not a response record');
  try {
    return open(crypto, keys.toClient, 'response', record.subarray(1), record.subarray(0, 1));
  } catch (error) {
    throw new ChannelError(`response did not authenticate: ${(error as Error).message}`);
  }
}
