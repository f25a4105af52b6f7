import protobuf from 'protobufjs/light.js';
import { describe, expect, it } from 'vitest';
import { encodeProto, withEncoded } from '../../simulator/protocol/proto-writer.js';
import { WireTypes } from '../../simulator/protocol/wire-schema.js';

const { WhisperMessage } = WireTypes;

/** protobufjs's own output with a fresh writer, as plain bytes. */
function reference(message: Record<string, unknown>): Uint8Array {
  return Uint8Array.from(WhisperMessage.encode(message).finish());
}

function whisper(counter: number, ciphertextLength: number): Record<string, unknown> {
  return {
    ephemeralKey: new Uint8Array(33).fill(5),
    counter,
    previousCounter: 0,
    ciphertext: new Uint8Array(ciphertextLength).map((_, i) => i & 0xff),
  };
}

describe('proto-writer: one reused protobuf writer', () => {
  it('writes exactly protobufjs’s bytes, long after short and short after long', () => {
    for (const length of [3, 5000, 16, 70_000, 0, 200]) {
      const message = whisper(length, length);
      expect(encodeProto(WhisperMessage, message)).toEqual(reference(message));
      expect(withEncoded(WhisperMessage, message, (bytes) => Uint8Array.from(bytes))).toEqual(
        reference(message),
      );
    }
  });

  it('returns results that later encodings do not overwrite', () => {
    const first = encodeProto(WhisperMessage, whisper(1, 40));
    const copy = Uint8Array.from(first);
    encodeProto(WhisperMessage, whisper(2, 40));
    expect(first).toEqual(copy);
  });

  it('gives a nested encoding its own writer, so the outer view stays intact', () => {
    const outer = whisper(7, 64);
    const inner = whisper(8, 10);
    const seen = withEncoded(WhisperMessage, outer, (outerBytes) => {
      const innerBytes = encodeProto(WhisperMessage, inner);
      return { outer: Uint8Array.from(outerBytes), inner: innerBytes };
    });
    expect(seen.outer).toEqual(reference(outer));
    expect(seen.inner).toEqual(reference(inner));
  });

  it('recovers from an encoding that throws half-way and from a callback that throws', () => {
    const broken = {
      encode(message: Record<string, unknown>, writer?: protobuf.Writer): protobuf.Writer {
        const w = writer ?? protobuf.Writer.create();
        w.uint32(10)
          .fork()
          .uint32(message.counter as number);
        throw new Error('half-way');
      },
    };
    expect(() => encodeProto(broken, { counter: 99 })).toThrow('half-way');
    expect(() =>
      withEncoded(WhisperMessage, whisper(3, 8), () => {
        throw new Error('in the callback');
      }),
    ).toThrow('in the callback');
    const message = whisper(4, 12);
    expect(encodeProto(WhisperMessage, message)).toEqual(reference(message));
  });
});
