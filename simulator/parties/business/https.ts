/**
 * HTTPS between business-side hosts (Cloud API webhooks, BSP and CRM webhooks, API calls back) over
 * the simulated network (SCENARIOS.md A16, S20).
 *
 * TLS is modelled by a stand-in that keeps the one property that matters here: the bytes on the wire
 * are encrypted to the receiving host's certificate key, so an on-path observer sees addresses, sizes
 * and timing only, while the receiving application gets the plaintext. TLS protects the hop, not the
 * data from whoever runs the hop. Stand-in construction (not TLS 1.3, RFC 8446, byte for byte — no
 * handshake round trip, no certificate chain): an ephemeral-static X25519 exchange with the
 * certificate key (RFC 7748), HKDF-SHA256 (RFC 5869), AES-256-CBC + HMAC-SHA256, encrypt-then-MAC.
 * The `200 OK` comes back under response keys from the same exchange.
 *
 * Delivery is at least once: the sender re-sends until acknowledged, with back-off (Meta retries
 * webhooks it could not deliver), and the receiver drops repeats by request id.
 */
import { bytesEqual, concatBytes, fromUtf8, toHex, utf8 } from '../../crypto/bytes.js';
import type { KeyPair } from '../../crypto/provider.js';
import type { SeededRandom } from '../../crypto/seeded-random.js';
import type { EventHandle } from '../../network/event-loop.js';
import type { AddressPool } from '../../network/addresses.js';
import type { DeliveredFrame } from '../../network/network.js';
import type { World } from '../../world/world.js';

/** First byte of a request frame (TLS's application_data content type; never a Noise frame type). */
export const HTTPS_REQUEST = 0x17;
/** First byte of a response frame. */
export const HTTPS_RESPONSE = 0x18;
/** Wait for the `200 OK` before the first re-send; doubles each time. */
export const HTTPS_RETRY_MS = 5_000;
/** Attempts in all before the sender gives up (5 s … 21 min of back-off). */
export const HTTPS_MAX_ATTEMPTS = 9;

const KEY_INFO = utf8('sightline https stand-in v1');
const EPHEMERAL_BYTES = 32;
const IV_BYTES = 16;
const TAG_BYTES = 32;
const HEADER_BYTES = 1 + EPHEMERAL_BYTES + IV_BYTES;

/** Receives the plaintext body of a request; the endpoint answers `200 OK` afterwards. */
export type RequestHandler = (body: Uint8Array) => void;

interface ChannelKeys {
  readonly requestKey: Uint8Array;
  readonly requestMac: Uint8Array;
  readonly responseKey: Uint8Array;
  readonly responseMac: Uint8Array;
}

interface Pending {
  readonly to: HttpsEndpoint;
  readonly frame: Uint8Array;
  readonly keys: ChannelKeys;
  readonly requestId: string;
  readonly label: string;
  attempts: number;
  timer?: EventHandle;
}

/** One host's HTTPS endpoint: its network address, its certificate key, its outgoing requests. */
export class HttpsEndpoint {
  /** The certificate key (public part known to clients, as a pinned certificate would be). */
  private readonly certificate: KeyPair;
  private readonly random: SeededRandom;
  private readonly pending = new Map<string, Pending>();
  /** Request ids already handled (repeats are acknowledged again, not handled twice). */
  private readonly handled = new Set<string>();

  /**
   * @param id network endpoint id (the host's party id).
   * @param pool address range: `server` for Meta's Cloud API, `external` for third parties.
   */
  constructor(
    private readonly world: World,
    readonly id: string,
    pool: AddressPool,
    private readonly handler: RequestHandler,
  ) {
    this.random = world.random.fork(`https:${id}`);
    this.certificate = world.crypto.generateKeyPair(this.random.fork('certificate'));
    world.network.add({ id, pool, receive: (frame) => this.onFrame(frame) });
  }

  get certificateKey(): Uint8Array {
    return this.certificate.publicKey;
  }

  /** Requests still waiting for their `200 OK`. */
  get inFlight(): number {
    return this.pending.size;
  }

  /**
   * POSTs `body` to `to`, re-sending until it answers. `requestId` identifies the request for the
   * receiver's duplicate check; `label` goes to the journal (never the content).
   */
  post(to: HttpsEndpoint, requestId: string, body: Uint8Array, label: string): void {
    const ephemeral = this.world.crypto.generateKeyPair(this.random);
    const keys = deriveKeys(this.world, ephemeral.privateKey, to.certificateKey, ephemeral.publicKey);
    const inner = concatBytes(lengthPrefixed(utf8(requestId)), body);
    const frame = seal(
      this.world,
      this.random,
      HTTPS_REQUEST,
      ephemeral.publicKey,
      keys.requestKey,
      keys.requestMac,
      inner,
    );
    const pending: Pending = { to, frame, keys, requestId, label, attempts: 0 };
    this.pending.set(toHex(ephemeral.publicKey), pending);
    this.attempt(toHex(ephemeral.publicKey), pending);
  }

  private attempt(connection: string, pending: Pending): void {
    pending.attempts++;
    this.world.log('https.request', {
      from: this.id,
      to: pending.to.id,
      request: pending.requestId,
      label: pending.label,
      attempt: pending.attempts,
    });
    this.world.network.send(this.id, pending.to.id, pending.frame, { label: `https.${pending.label}` });
    const wait = HTTPS_RETRY_MS * 2 ** (pending.attempts - 1);
    pending.timer = this.world.loop.schedule(
      wait,
      () => {
        if (!this.pending.has(connection)) return;
        if (pending.attempts >= HTTPS_MAX_ATTEMPTS) {
          this.pending.delete(connection);
          this.world.log('https.gave-up', { from: this.id, to: pending.to.id, request: pending.requestId });
          return;
        }
        this.attempt(connection, pending);
      },
      'https.retry',
    );
  }

  private onFrame(frame: DeliveredFrame): void {
    const bytes = frame.bytes;
    if (bytes.length < HEADER_BYTES + TAG_BYTES) return;
    const ephemeral = bytes.subarray(1, 1 + EPHEMERAL_BYTES);
    if (bytes[0] === HTTPS_REQUEST) this.onRequest(frame, ephemeral);
    else if (bytes[0] === HTTPS_RESPONSE) this.onResponse(frame, ephemeral);
  }

  private onRequest(frame: DeliveredFrame, ephemeral: Uint8Array): void {
    const keys = deriveKeys(this.world, this.certificate.privateKey, ephemeral, ephemeral);
    const inner = open(this.world, frame.bytes, keys.requestKey, keys.requestMac);
    if (!inner) {
      this.world.log('https.bad-request', { at: this.id, frame: frame.id });
      return;
    }
    const [idBytes, body] = splitLengthPrefixed(inner);
    const requestId = fromUtf8(idBytes);
    const response = seal(
      this.world,
      this.random,
      HTTPS_RESPONSE,
      ephemeral,
      keys.responseKey,
      keys.responseMac,
      utf8(`200 ${requestId}`),
    );
    if (this.handled.has(requestId)) {
      this.world.log('https.duplicate', { at: this.id, request: requestId });
    } else {
      this.handled.add(requestId);
      this.handler(body);
    }
    this.world.network.send(this.id, frame.src, response, { label: 'https.response' });
  }

  private onResponse(frame: DeliveredFrame, ephemeral: Uint8Array): void {
    const connection = toHex(ephemeral);
    const pending = this.pending.get(connection);
    if (!pending) return;
    const answer = open(this.world, frame.bytes, pending.keys.responseKey, pending.keys.responseMac);
    if (!answer || fromUtf8(answer) !== `200 ${pending.requestId}`) return;
    this.pending.delete(connection);
    if (pending.timer) this.world.loop.cancel(pending.timer);
  }
}

/** Both directions' keys from the X25519 secret; the salt binds the ephemeral key. */
function deriveKeys(
  world: World,
  privateKey: Uint8Array,
  publicKey: Uint8Array,
  ephemeral: Uint8Array,
): ChannelKeys {
  const shared = world.crypto.x25519(privateKey, publicKey);
  const okm = world.crypto.hkdfSha256(shared, ephemeral, KEY_INFO, 128);
  return {
    requestKey: okm.slice(0, 32),
    requestMac: okm.slice(32, 64),
    responseKey: okm.slice(64, 96),
    responseMac: okm.slice(96, 128),
  };
}

/** type ‖ ephemeral ‖ iv ‖ AES-256-CBC(plaintext) ‖ HMAC-SHA256(everything before). */
function seal(
  world: World,
  random: SeededRandom,
  type: number,
  ephemeral: Uint8Array,
  key: Uint8Array,
  mac: Uint8Array,
  plaintext: Uint8Array,
): Uint8Array {
  const iv = random.bytes(IV_BYTES);
  const body = concatBytes(
    Uint8Array.of(type),
    ephemeral,
    iv,
    world.crypto.aes256CbcEncrypt(key, iv, plaintext),
  );
  return concatBytes(body, world.crypto.hmacSha256(mac, body));
}

/** The plaintext of a sealed frame, or undefined when the tag or padding is wrong. */
function open(world: World, frame: Uint8Array, key: Uint8Array, mac: Uint8Array): Uint8Array | undefined {
  const body = frame.subarray(0, frame.length - TAG_BYTES);
  if (!bytesEqual(world.crypto.hmacSha256(mac, body), frame.subarray(frame.length - TAG_BYTES)))
    return undefined;
  try {
    return world.crypto.aes256CbcDecrypt(
      key,
      body.subarray(1 + EPHEMERAL_BYTES, HEADER_BYTES),
      body.subarray(HEADER_BYTES),
    );
  } catch {
    return undefined;
  }
}

function lengthPrefixed(bytes: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(bytes.length >> 8, bytes.length & 255), bytes);
}

function splitLengthPrefixed(bytes: Uint8Array): [Uint8Array, Uint8Array] {
  const length = ((bytes[0] ?? 0) << 8) | (bytes[1] ?? 0);
  return [bytes.subarray(2, 2 + length), bytes.subarray(2 + length)];
}
