/**
 * Call media frames: an RTP-like header and an SRTP-like protected payload (RFC 3711 in spirit).
 * Both ends derive the media keys from the SRTP master secret the caller sent inside the end-to-end
 * encrypted call offer ([WP] "Voice and Video Calls"), so relays and on-path observers carry frames
 * they cannot read. The cipher is the provider's AES-256-CBC with a truncated HMAC-SHA256 tag (80
 * bits, SRTP's default tag length) rather than SRTP's AES counter mode: the simulation needs
 * real, key-dependent bytes of realistic size, not SRTP interoperability.
 */
import { bytesEqual, concatBytes, fromUtf8, toHex, utf8 } from '../../crypto/bytes.js';
import type { CryptoProvider } from '../../crypto/provider.js';

/** First byte of a media frame: RTP version 2 (distinct from the transport's frame types 1–3). */
export const MEDIA_FRAME = 0x80;
/** First byte of a relay binding (TURN-allocation-like) frame. */
export const BIND_FRAME = 0x42;
/** Bytes of audio per frame: 20 ms at 64 kbit/s. */
export const MEDIA_PAYLOAD_BYTES = 160;
/** Length of the call token that lets relays match the two legs of a call. */
export const TOKEN_BYTES = 8;
const TAG_BYTES = 10;
const HEADER_BYTES = 1 + TOKEN_BYTES + 2;
const INFO = utf8('sightline srtp v1');

/** Media keys derived from the call's master secret. */
export interface MediaKeys {
  readonly enc: Uint8Array;
  readonly mac: Uint8Array;
}

/** A call's routing token: not secret (relays and the server see it), derived from the call id. */
export function callToken(crypto: CryptoProvider, callId: string): Uint8Array {
  return crypto.sha256(utf8(`call-token:${callId}`)).slice(0, TOKEN_BYTES);
}

export function mediaKeys(crypto: CryptoProvider, masterSecret: Uint8Array): MediaKeys {
  const okm = crypto.hkdfSha256(masterSecret, new Uint8Array(32), INFO, 64);
  return { enc: okm.slice(0, 32), mac: okm.slice(32) };
}

function header(type: number, token: Uint8Array, seq: number): Uint8Array {
  return concatBytes(Uint8Array.of(type), token, Uint8Array.of((seq >> 8) & 0xff, seq & 0xff));
}

/** Seals one media payload. */
export function sealMedia(
  crypto: CryptoProvider,
  keys: MediaKeys,
  token: Uint8Array,
  seq: number,
  payload: Uint8Array,
): Uint8Array {
  const head = header(MEDIA_FRAME, token, seq);
  const iv = crypto.hmacSha256(keys.mac, head).slice(0, 16);
  const body = concatBytes(head, crypto.aes256CbcEncrypt(keys.enc, iv, payload));
  return concatBytes(body, crypto.hmacSha256(keys.mac, body).slice(0, TAG_BYTES));
}

/** Opens a media frame; undefined when the tag does not verify (wrong key, corrupted). */
export function openMedia(
  crypto: CryptoProvider,
  keys: MediaKeys,
  frame: Uint8Array,
): { seq: number; payload: Uint8Array } | undefined {
  if (frame[0] !== MEDIA_FRAME || frame.length < HEADER_BYTES + 16 + TAG_BYTES) return undefined;
  const body = frame.slice(0, frame.length - TAG_BYTES);
  if (
    !bytesEqual(crypto.hmacSha256(keys.mac, body).slice(0, TAG_BYTES), frame.slice(frame.length - TAG_BYTES))
  )
    return undefined;
  const head = frame.slice(0, HEADER_BYTES);
  try {
    const payload = crypto.aes256CbcDecrypt(
      keys.enc,
      crypto.hmacSha256(keys.mac, head).slice(0, 16),
      body.slice(HEADER_BYTES),
    );
    return { seq: (frame[9]! << 8) | frame[10]!, payload };
  } catch {
    return undefined;
  }
}

/** A binding frame: tells a relay which call this leg belongs to. */
export function bindFrame(token: Uint8Array, callId: string): Uint8Array {
  return concatBytes(header(BIND_FRAME, token, 0), utf8(callId));
}

/** The token of a media or binding frame, as hex, or undefined for other frames. */
export function frameToken(frame: Uint8Array): string | undefined {
  if ((frame[0] !== MEDIA_FRAME && frame[0] !== BIND_FRAME) || frame.length < HEADER_BYTES) return undefined;
  return toHex(frame.slice(1, 1 + TOKEN_BYTES));
}

/** The call id a binding frame names. */
export function boundCallId(frame: Uint8Array): string | undefined {
  if (frame[0] !== BIND_FRAME || frame.length <= HEADER_BYTES) return undefined;
  return fromUtf8(frame.slice(HEADER_BYTES));
}
