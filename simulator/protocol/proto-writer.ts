/**
 * Protobuf encoding through one reused writer.
 *
 * protobufjs (8.x) gives every `encode()` a fresh writer whose buffer starts at 128 bytes and
 * doubles as it fills, then `finish()` copies the result out: three or four buffer allocations for
 * a typical stanza. A simulated run encodes a dozen protobuf messages per chat message (stanzas,
 * Whisper messages, payloads), and those allocations were the largest allocation cost of
 * `npm run bench:sim`. Here one writer is kept and reused; only the result is allocated (or, with
 * `withEncoded`, nothing at all).
 *
 * The bytes are exactly protobufjs's: the writer is the same, only its lifetime changes.
 */
import protobuf from 'protobufjs/light.js';

/** Anything protobufjs can encode into a given writer (a `Type`, or generated code). */
export interface ProtoEncoder {
  encode(message: Record<string, unknown>, writer?: protobuf.Writer): protobuf.Writer;
}

/** A buffer that grew past this is dropped after use rather than kept for the next message. */
const KEEP_AT_MOST_BYTES = 64 * 1024;

let spare: protobuf.Writer | undefined;

/**
 * Runs `encode` with the spare writer, taken out while in use (so a nested call gets its own);
 * the writer goes back only after a complete, successful encoding, when it is known to be empty.
 */
function borrow<T>(fill: (writer: protobuf.Writer) => void, use: (writer: protobuf.Writer) => T): T {
  const writer = spare ?? protobuf.Writer.create();
  spare = undefined;
  fill(writer);
  const result = use(writer);
  writer.reset();
  if ((writer as unknown as { buf: Uint8Array }).buf.length <= KEEP_AT_MOST_BYTES) spare = writer;
  return result;
}

/**
 * Encodes `message` with `type`; returns its bytes as a plain Uint8Array (a view that may share
 * Node's buffer pool with other small buffers, as protobufjs's own output does).
 */
export function encodeProto(type: ProtoEncoder, message: Record<string, unknown>): Uint8Array {
  return borrow(
    (writer) => type.encode(message, writer),
    (writer) => {
      const bytes = writer.finish();
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
  );
}

/**
 * Encodes `message` and hands the bytes to `use` without copying them. The view is valid only
 * during the call: copy whatever must outlive it.
 */
export function withEncoded<T>(
  type: ProtoEncoder,
  message: Record<string, unknown>,
  use: (bytes: Uint8Array) => T,
): T {
  return borrow(
    (writer) => type.encode(message, writer),
    (writer) => use(writer.finish(true)),
  );
}
