/**
 * A growable byte buffer that text is written into as UTF-8, for the journal's hot path: canonical
 * JSON is written here byte by byte (canonical-json.ts) instead of being built as a string and
 * encoded afterwards. Building each line from string pieces allocated about 1.3 KB per line, a third
 * of everything a long run allocated, and that churn was what the young-generation collector spent
 * its time on (docs/dev/PERF.md, session 9).
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Bytes written so far are `bytes[0, length)`; `reserve` before writing past the end. */
export class ByteSink {
  bytes: Uint8Array;
  length = 0;

  constructor(capacity = 1024) {
    this.bytes = new Uint8Array(capacity);
  }

  /** Makes room for `count` more bytes (the buffer at least doubles when it grows). */
  reserve(count: number): void {
    const needed = this.length + count;
    if (needed <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(needed, this.bytes.length * 2));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  /** Appends one byte. */
  byte(value: number): void {
    this.reserve(1);
    this.bytes[this.length++] = value;
  }

  /** Appends bytes as they are. */
  append(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** Appends `text` as UTF-8 (a well-formed string: canonical JSON escapes lone surrogates). */
  utf8(text: string): void {
    this.reserve(text.length * 3);
    this.length += encoder.encodeInto(text, this.bytes.subarray(this.length)).written;
  }

  /** The text of `bytes[from, to)`. */
  text(from = 0, to = this.length): string {
    return decoder.decode(this.bytes.subarray(from, to));
  }
}
