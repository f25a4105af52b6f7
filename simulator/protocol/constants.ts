/**
 * Protocol constants and bounds (PROTOCOL.md; libsignal's consts). Every bound is checked where it
 * applies; the names are the ones used in tests.
 */
import { utf8 } from '../crypto/bytes.js';

/** Message version 3: `(3 << 4) | 3` on every v3 message (WhisperTextProtocol). */
export const CIPHERTEXT_VERSION = 3;
export const VERSION_BYTE = (CIPHERTEXT_VERSION << 4) | CIPHERTEXT_VERSION;
/** Curve25519 public keys on the wire: 0x05 ‖ 32 bytes. */
export const DJB_KEY_TYPE = 0x05;
export const PUBLIC_KEY_LENGTH = 33;
export const SIGNATURE_LENGTH = 64;
/** Truncated MAC on a WhisperMessage (8 bytes of HMAC-SHA256). */
export const MAC_LENGTH = 8;

/** Skipped message keys kept per receiving chain; a message further ahead is "too far into the future". */
export const MAX_SKIPPED_MESSAGE_KEYS = 2000;
/** How far a counter may jump ahead of its chain (libsignal: same as the skipped-key bound). */
export const MAX_FORWARD_JUMP = 2000;
/** Receiving chains kept per session state. */
export const MAX_RECEIVER_CHAINS = 5;
/** Old session states kept per record after a new session replaces the current one. */
export const MAX_ARCHIVED_SESSIONS = 40;
/** Sender-key states kept per (group, sender). */
export const MAX_SENDER_KEY_STATES = 5;
/** One-time prekey ids are 24-bit; signed prekey ids likewise. */
export const MAX_PREKEY_ID = 0xffffff;
/** Registration ids are 14-bit, never zero (libsignal KeyHelper). */
export const MAX_REGISTRATION_ID = 16380;

/** HKDF info strings (X3DH §2.2 as libsignal names them; Double Ratchet §5.2). */
export const INFO_WHISPER_TEXT = utf8('WhisperText');
export const INFO_WHISPER_RATCHET = utf8('WhisperRatchet');
export const INFO_MESSAGE_KEYS = utf8('WhisperMessageKeys');
export const INFO_SENDER_KEY = utf8('WhisperGroup');
/** Chain-key KDF seeds (Double Ratchet §5.2 with libsignal's constants). */
export const MESSAGE_KEY_SEED = new Uint8Array([0x01]);
export const CHAIN_KEY_SEED = new Uint8Array([0x02]);
/** 32 zero bytes: the HKDF salt for X3DH and message keys. */
export const ZERO_SALT = new Uint8Array(32);

/**
 * PQXDH sessions are message version 4 (libsignal: CIPHERTEXT_MESSAGE_CURRENT_VERSION = 4 for a
 * session agreed with a KEM prekey, 3 without); their messages start `(4 << 4) | 4` = 0x44.
 */
export const PQXDH_CIPHERTEXT_VERSION = 4;
export const PQXDH_VERSION_BYTE = (PQXDH_CIPHERTEXT_VERSION << 4) | PQXDH_CIPHERTEXT_VERSION;
/** KEM public keys and ciphertexts travel as `type ‖ raw`; libsignal's kem.rs names ML-KEM-1024 0x0A. */
export const ML_KEM_1024_KEY_TYPE = 0x0a;
/**
 * The PQXDH KDF info string (PQXDH §2.1 `info`, §3.3): libsignal's label for PQXDH sessions, which it
 * keeps unchanged for every KEM it supports.
 */
export const INFO_PQXDH = utf8('WhisperText_X25519_SHA-256_CRYSTALS-KYBER-1024');
