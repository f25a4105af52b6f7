// TextEncoder/TextDecoder exist in every runtime the core targets (Node, browsers, workers), but the
// core type-checks against plain ES2022 without DOM typings, so declare just what it uses.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
  /** Encodes into `destination` as far as it fits (WHATWG Encoding §8.2.1; Node ≥ 12, every browser). */
  encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
