/**
 * X25519 agreement for the protocol layer: a low-order public key (whose shared secret is all zero,
 * so anyone could compute it without a private key) is a typed protocol rejection, `invalid-key`,
 * not a crypto failure that escapes the session code (X3DH §4.7; RFC 7748 §6.1).
 */
import { CryptoError, type CryptoProvider } from '../crypto/provider.js';
import { ProtocolError } from './errors.js';

/** DH(ours, theirs) with raw 32-byte keys. @throws ProtocolError('invalid-key') on a low-order key. */
export function agree(
  crypto: CryptoProvider,
  ourPrivateKey: Uint8Array,
  theirPublicKey: Uint8Array,
): Uint8Array {
  try {
    return crypto.x25519(ourPrivateKey, theirPublicKey);
  } catch (error) {
    if (error instanceof CryptoError) {
      throw new ProtocolError('invalid-key', 'a low-order public key: the shared secret would be all zero');
    }
    throw error;
  }
}
