/**
 * A bounded memo of XEdDSA verification results. Verification is a pure function of (key, message,
 * signature), so remembering recent answers changes no outcome; it saves the simulator from
 * re-verifying the same group message on every member device, or the same signed prekey for every
 * contact that starts a session (each takes ~0.1–1 ms, a SHA-256 of the inputs a microsecond).
 */
import { toHex } from './bytes.js';

/** Answers kept; the oldest is forgotten first. */
export const VERIFICATION_MEMO_SIZE = 8192;

export class VerificationMemo {
  private readonly answers = new Map<string, boolean>();

  constructor(private readonly sha256: (data: Uint8Array) => Uint8Array) {}

  /** The memoised result of `verify()` for these inputs. */
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array, verify: () => boolean): boolean {
    if (
      !(publicKey instanceof Uint8Array) ||
      !(message instanceof Uint8Array) ||
      !(signature instanceof Uint8Array)
    ) {
      return verify();
    }
    const input = new Uint8Array(8 + publicKey.length + signature.length + message.length);
    const view = new DataView(input.buffer);
    view.setUint32(0, publicKey.length);
    view.setUint32(4, signature.length);
    input.set(publicKey, 8);
    input.set(signature, 8 + publicKey.length);
    input.set(message, 8 + publicKey.length + signature.length);
    const key = toHex(this.sha256(input));
    const known = this.answers.get(key);
    if (known !== undefined) return known;
    const answer = verify();
    if (this.answers.size >= VERIFICATION_MEMO_SIZE) this.answers.delete(this.answers.keys().next().value!);
    this.answers.set(key, answer);
    return answer;
  }
}
