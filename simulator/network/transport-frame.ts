/**
 * Transport frames on the client↔server wire. One type byte, then:
 *   HANDSHAKE_INIT      Noise IK message 1
 *   HANDSHAKE_RESPONSE  Noise IK message 2
 *   DATA                8-byte big-endian counter ‖ ChaCha20-Poly1305(payload) (payload + 16-byte tag)
 *
 * WhatsApp's Noise Pipes run over TCP with a 3-byte length prefix and implicit nonces. The simulated
 * links may drop and reorder frames, so DATA frames carry their counter explicitly (as WireGuard's
 * transport messages do) and the receiver keeps a replay window. The counter is the AEAD nonce and
 * the 9-byte header is the associated data, so flipping any bit of a frame makes it fail.
 */

export const FRAME_HANDSHAKE_INIT = 1;
export const FRAME_HANDSHAKE_RESPONSE = 2;
export const FRAME_DATA = 3;

/** Type byte + 8-byte counter. */
export const DATA_HEADER_BYTES = 9;
/** Everything a DATA frame adds to its payload: header + Poly1305 tag. */
export const DATA_OVERHEAD_BYTES = DATA_HEADER_BYTES + 16;

/** The frame's type byte, or undefined for an empty frame. */
export function frameType(frame: Uint8Array): number | undefined {
  return frame[0];
}
