/**
 * Is this a scenario *text* at all? Checked before YAML parsing so that a picture, an archive, a file
 * saved as UTF-16 or Latin-1, or a file far too large gets one message that says so — instead of the
 * YAML parser's cascade of syntax errors, or worse, a "valid" file whose text holds replacement
 * characters. Bytes (the CLI reads files) are checked strictly as UTF-8; text that was already
 * decoded (the lab service, the editor) is checked for what a lossy decoding or a binary file leaves.
 */
import type { ScenarioProblem } from './errors.js';
import type { SourceLocation } from './source-location.js';

/** Largest scenario file: 1 MB (hand-written scenarios are a few kB; the library's largest is ~10 kB). */
export const MAX_SCENARIO_BYTES = 1_000_000;

/** A file is named binary when more than this share of its first 8 kB is not text. */
const BINARY_SHARE = 0.1;
const SAMPLE = 8192;

const ADVICE = 'a scenario is a YAML text file saved as UTF-8';

/** Decoded text, or the one problem that says why the bytes are not a scenario text. */
export type DecodedSource = { ok: true; text: string } | { ok: false; problem: ScenarioProblem };

/** Decodes a scenario file's bytes as UTF-8, refusing oversized, binary, UTF-16/32 and non-UTF-8 files. */
export function decodeScenarioBytes(bytes: Uint8Array, file: string): DecodedSource {
  const fail = (
    message: string,
    where: SourceLocation = { line: 1, column: 1 },
    code: 'encoding' | 'limit' = 'encoding',
  ): DecodedSource => ({
    ok: false,
    problem: { file, ...where, path: '', code, message },
  });
  if (bytes.length > MAX_SCENARIO_BYTES) return fail(tooLarge(bytes.length, 'bytes'), undefined, 'limit');
  const bom = utf16or32(bytes);
  if (bom !== undefined) return fail(`the file is saved as ${bom}, not UTF-8 — save it again as UTF-8`);
  const invalid = invalidUtf8(bytes);
  if (looksBinary(bytes, invalid.count)) return fail(`this is not a text file (binary data) — ${ADVICE}`);
  if (invalid.first !== undefined) {
    const byte = bytes[invalid.first]!.toString(16).toUpperCase().padStart(2, '0');
    return fail(
      `the file is not UTF-8 text: byte 0x${byte} here is not valid UTF-8 (the file was probably saved as ` +
        `Latin-1 or Windows-1252) — save it again as UTF-8`,
      byteLocation(bytes, invalid.first),
    );
  }
  const text = new TextDecoder('utf-8').decode(bytes); // drops a UTF-8 byte-order mark;
  return { ok: true, text };
}

/**
 * The problem with already-decoded scenario text, if any: too large, binary (NUL and control
 * characters), or U+FFFD replacement characters (what decoding a non-UTF-8 file leaves behind).
 */
export function sourceTextProblem(text: string, file: string): ScenarioProblem | undefined {
  const at = (where: SourceLocation, code: 'encoding' | 'limit', message: string): ScenarioProblem => ({
    file,
    ...where,
    path: '',
    code,
    message,
  });
  if (text.length > MAX_SCENARIO_BYTES)
    return at({ line: 1, column: 1 }, 'limit', tooLarge(text.length, 'characters'));
  let controls = 0;
  let firstControl = -1;
  let firstReplacement = -1;
  const sampleEnd = Math.min(text.length, SAMPLE);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isControl(code)) {
      if (firstControl < 0) firstControl = i;
      if (i < sampleEnd) controls++;
    } else if (code === 0xfffd && firstReplacement < 0) firstReplacement = i;
  }
  if (text.includes('\u0000') || controls > sampleEnd * BINARY_SHARE)
    return at({ line: 1, column: 1 }, 'encoding', `this is not a text file (binary data) — ${ADVICE}`);
  if (firstControl >= 0) {
    const code = text.charCodeAt(firstControl).toString(16).toUpperCase().padStart(4, '0');
    return at(
      textLocation(text, firstControl),
      'encoding',
      `the control character U+${code} is not allowed in a YAML file — remove it`,
    );
  }
  if (firstReplacement >= 0) {
    return at(
      textLocation(text, firstReplacement),
      'encoding',
      'the file is not UTF-8 text: it holds U+FFFD replacement characters, left where bytes could not be ' +
        'read as UTF-8 (the file was probably saved as Latin-1 or Windows-1252) — save it again as UTF-8',
    );
  }
  return undefined;
}

/** The problem for a file of `size` bytes over MAX_SCENARIO_BYTES (for callers that check before reading). */
export function oversizedProblem(size: number, file: string): ScenarioProblem {
  return { file, line: 1, column: 1, path: '', code: 'limit', message: tooLarge(size, 'bytes') };
}

function tooLarge(size: number, unit: 'bytes' | 'characters'): string {
  const mb = (size / 1_000_000).toFixed(1);
  return `the file is too large (${mb} MB, ${size.toLocaleString('en-US')} ${unit}) — a scenario file may be at most 1 MB (${MAX_SCENARIO_BYTES.toLocaleString('en-US')} ${unit})`;
}

/** C0 controls other than tab, line feed and carriage return, DEL, and C1 controls other than NEL. */
function isControl(code: number): boolean {
  return (
    (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
    (code >= 0x7f && code <= 0x9f && code !== 0x85)
  );
}

function utf16or32(bytes: Uint8Array): string | undefined {
  const [a, b, c, d] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return 'UTF-32 (little-endian)';
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return 'UTF-32 (big-endian)';
  if (a === 0xff && b === 0xfe) return 'UTF-16 (little-endian)';
  if (a === 0xfe && b === 0xff) return 'UTF-16 (big-endian)';
  return undefined;
}

function looksBinary(bytes: Uint8Array, invalidInSample: number): boolean {
  const end = Math.min(bytes.length, SAMPLE);
  let controls = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte === 0) return true;
    if (i < end && isControl(byte) && byte < 0x80) controls++;
  }
  return controls + invalidInSample > end * BINARY_SHARE;
}

/**
 * Where UTF-8 decoding fails: the offset of the first byte that starts no valid sequence (RFC 3629 §4:
 * no overlong forms, no surrogates, nothing above U+10FFFF), and how many such bytes the first 8 kB hold.
 */
function invalidUtf8(bytes: Uint8Array): { first: number | undefined; count: number } {
  let first: number | undefined;
  let count = 0;
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceLength(bytes, i);
    if (length === 0) {
      first ??= i;
      if (i < SAMPLE) count++;
      i++;
    } else i += length;
  }
  return { first, count };
}

/** The length of the valid UTF-8 sequence starting at `i`, or 0 when none starts there. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i]!;
  if (b0 < 0x80) return 1;
  const cont = (k: number, low = 0x80, high = 0xbf) => {
    const b = bytes[i + k];
    return b !== undefined && b >= low && b <= high;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if (b0 === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (b0 >= 0xe1 && b0 <= 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (b0 === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b0 >= 0xf1 && b0 <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b0 === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/** 1-based line and column (in characters) of byte `offset` of valid-up-to-there UTF-8. */
function byteLocation(bytes: Uint8Array, offset: number): SourceLocation {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  const before = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, offset));
  return { line, column: before.length + 1 };
}

function textLocation(text: string, offset: number): SourceLocation {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}
