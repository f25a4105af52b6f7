/**
 * Typed protocol errors. Every rejection of a message or key throws exactly one of these, and a
 * rejected message never changes session state (tests/protocol/atomicity.test.ts).
 */

/** The reason a protocol operation was refused; stable strings for journals and reports. */
export type ProtocolErrorCode =
  | 'invalid-message' // malformed, truncated, wrong field sizes
  | 'invalid-version' // version nibble not 3
  | 'bad-mac' // authentication failed
  | 'bad-signature' // XEdDSA signature did not verify
  | 'duplicate-message' // already decrypted (replay)
  | 'too-far-in-future' // beyond MAX_FORWARD_JUMP of the chain
  | 'no-session' // no session for this address
  | 'untrusted-identity' // identity key differs from the trusted one and policy refuses it
  | 'invalid-key' // a public key of the wrong type or length
  | 'missing-prekey' // the one-time or signed prekey named in a PreKeyWhisperMessage is gone
  | 'no-sender-key'; // no sender-key state for this group sender (Sender Keys)

/** Base class of every protocol rejection. `code` says why, in one stable word. */
export class ProtocolError extends Error {
  override readonly name: string = 'ProtocolError';
  constructor(
    readonly code: ProtocolErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Throws `ProtocolError(code, message)` unless `condition` holds. */
export function ensure(condition: unknown, code: ProtocolErrorCode, message: string): asserts condition {
  if (!condition) throw new ProtocolError(code, message);
}
