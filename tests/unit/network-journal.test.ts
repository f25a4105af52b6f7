import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { toHex, utf8 } from '../../simulator/crypto/bytes.js';
import {
  CanonicalShape,
  canonicalJson,
  type CanonicalValue,
} from '../../simulator/network/canonical-json.js';
import { ByteSink } from '../../simulator/network/byte-sink.js';
import { writeCanonicalJson } from '../../simulator/network/canonical-json.js';
import { SimulationError } from '../../simulator/network/errors.js';
import { Journal } from '../../simulator/network/journal.js';

describe('canonicalJson', () => {
  it('sorts keys, omits undefined, writes bytes as hex, keeps numbers in shortest form', () => {
    expect(
      canonicalJson({ b: 1, a: [true, null, 'x'], c: undefined, d: new Uint8Array([0, 255, 16]), e: 0.1 }),
    ).toBe('{"a":[true,null,"x"],"b":1,"d":"00ff10","e":0.1}');
    expect(canonicalJson({ z: { y: 2, x: 1 } })).toBe('{"z":{"x":1,"y":2}}');
  });

  it('writes every string exactly as JSON.stringify does (escapes, control characters, surrogates)', () => {
    const samples = [
      '',
      'plain',
      'u12-phone',
      'quote " inside',
      'back\\slash',
      'tab\tnew\nline\u0000nul\u001f',
      '\u007f del and é and €',
      'pair 𝄞 (surrogates)',
      'lone \ud834 high',
      'lone \udd1e low',
      '\u2028\u2029 separators',
    ];
    for (let code = 0; code < 0x80; code++) samples.push(`a${String.fromCharCode(code)}b`);
    for (const text of samples) {
      expect(canonicalJson(text)).toBe(JSON.stringify(text));
      expect(canonicalJson({ [text]: text })).toBe(`{${JSON.stringify(text)}:${JSON.stringify(text)}}`);
    }
  });

  it('writes every number exactly as JSON.stringify does', () => {
    const numbers = [
      0,
      -0,
      1,
      -1,
      9,
      10,
      99,
      100,
      12345,
      -98765,
      2 ** 31,
      2 ** 32 + 1,
      2 ** 53 - 1,
      -(2 ** 53 - 1),
      2 ** 53,
      2 ** 53 + 2,
      1e21,
      1e22,
      -1e21,
      123456789012345680000,
      0.1,
      0.1 + 0.2,
      46.14,
      -12.5,
      1.5e-7,
      5e-324,
      Number.MAX_VALUE,
      -Number.MIN_VALUE,
      1 / 3,
    ];
    for (const n of numbers) {
      expect(canonicalJson(n)).toBe(JSON.stringify(n));
      expect(canonicalJson({ n })).toBe(`{"n":${JSON.stringify(n)}}`);
    }
  });

  it('writes into a byte sink the UTF-8 of its text, growing the sink as needed', () => {
    const value = { a: ['é€𝄞', 1.25, -3, null, false], b: new Uint8Array([0xab, 0x01]), c: 'x'.repeat(5000) };
    const sink = new ByteSink(1);
    sink.byte(0x2a); // bytes already there stay
    writeCanonicalJson(sink, value);
    expect(sink.length).toBe(1 + utf8(canonicalJson(value)).length);
    expect(sink.text(1)).toBe(canonicalJson(value));
    expect(sink.text(0, 1)).toBe('*');
  });

  it('leaves a sink as it was when it refuses a value half-way through writing it', () => {
    const sink = new ByteSink(4);
    writeCanonicalJson(sink, 'kept');
    const before = sink.text();
    expect(() => writeCanonicalJson(sink, { a: 'x'.repeat(100), z: [1, 2, NaN] })).toThrow('at $.z[2]');
    expect(() => new CanonicalShape(['a', 'b']).writeTo(sink, ['long'.repeat(50), Infinity])).toThrow(
      'at $.b',
    );
    expect(sink.text()).toBe(before);
  });

  it('names the path of a refused value', () => {
    expect(() => canonicalJson({ a: [1, { b: NaN }] })).toThrow('at $.a[1].b');
  });

  it('refuses values JSON cannot carry exactly', () => {
    for (const bad of [
      NaN,
      Infinity,
      { a: [undefined] },
      { m: new Map() },
      { d: new Date(0) },
      { f: () => 1 },
    ]) {
      expect(() => canonicalJson(bad as never)).toThrow(SimulationError);
    }
  });

  it('writes a frozen array the same each time, and a frozen array of objects as they are now', () => {
    const fields = Object.freeze(['content', 'sender']);
    expect(canonicalJson({ f: fields })).toBe('{"f":["content","sender"]}');
    expect(canonicalJson([fields, fields])).toBe('[["content","sender"],["content","sender"]]');
    const inner = { n: 1 };
    const shallow = Object.freeze([inner]);
    expect(canonicalJson(shallow)).toBe('[{"n":1}]');
    inner.n = 2; // freezing is shallow: the member changed, so must the text
    expect(canonicalJson(shallow)).toBe('[{"n":2}]');
    expect(() => canonicalJson(Object.freeze([1, NaN]))).toThrow('at $[1]');
    expect(() => canonicalJson(Object.freeze([1, NaN]))).toThrow('at $[1]');
  });
});

describe('Journal', () => {
  it('hash() is the SHA-256 of the canonical JSONL text', () => {
    let now = 0;
    const journal = new Journal(() => now);
    journal.record('a', { x: 1 });
    now = 12.5;
    journal.record('b', { bytes: new Uint8Array([1, 2]) });
    expect(journal.lines()).toEqual([
      '{"seq":0,"t":0,"type":"a","x":1}',
      '{"bytes":"0102","seq":1,"t":12.5,"type":"b"}',
    ]);
    expect(journal.hash()).toBe(toHex(sha256(utf8(journal.toJsonl()))));
    expect(journal.events()[1]).toEqual({ seq: 1, t: 12.5, type: 'b', bytes: '0102' });
  });

  it('an empty journal hashes the empty string', () => {
    expect(new Journal(() => 0).hash()).toBe(toHex(sha256(new Uint8Array(0))));
  });

  it('summary mode gives the same hash as full mode without keeping lines, across hash-buffer chunks', () => {
    const full = new Journal(() => 7, 'full');
    const summary = new Journal(() => 7, 'summary');
    for (let i = 0; i < 3000; i++) {
      const fields = { i, note: 'é'.repeat(i % 50), frame: new Uint8Array([i & 255]) };
      full.record('e', fields);
      summary.record('e', fields);
      if (i === 1234) expect(summary.hash()).toBe(full.hash()); // hashing mid-way changes nothing
    }
    expect(summary.hash()).toBe(full.hash());
    expect(full.hash()).toBe(toHex(sha256(utf8(full.toJsonl()))));
    expect(summary.length).toBe(3000);
    expect(summary.countsByType()).toEqual({ e: 3000 });
    expect(() => summary.lines()).toThrow(SimulationError);
  });

  it('hashes lines longer than its hash buffer, and multi-byte text at a buffer edge, as the JSONL text', () => {
    const journal = new Journal(() => 0, 'summary');
    const full = new Journal(() => 0, 'full');
    const record = (fields: Record<string, string | number>) => {
      journal.record('e', fields);
      full.record('e', fields);
    };
    for (let i = 0; i < 400; i++) record({ i, note: '€𝄞'.repeat(40 + (i % 7)) }); // 3- and 4-byte UTF-8
    record({ big: 'x'.repeat(70_000) }); // longer than the 64 KiB buffer
    record({ big: '€'.repeat(30_000) }); // fits as UTF-16, not as UTF-8
    for (let i = 0; i < 10; i++) record({ after: i });
    expect(journal.hash()).toBe(toHex(sha256(utf8(full.toJsonl()))));
  });

  it('a refused event leaves no trace: the same lines and hash as a journal that never saw it', () => {
    const clean = new Journal(() => 1);
    const dirty = new Journal(() => 1);
    const dirtySend = dirty.prepare('net.send', ['frame', 'note']);
    const cleanSend = clean.prepare('net.send', ['frame', 'note']);
    cleanSend([1, 'a']);
    dirtySend([1, 'a']);
    const unwritable = { list: [1, undefined] } as unknown as CanonicalValue; // JSON has no undefined in arrays
    expect(() => dirty.record('bad', { long: 'y'.repeat(200), deep: unwritable })).toThrow(SimulationError);
    expect(() => dirtySend([2, Number.NaN])).toThrow(SimulationError);
    clean.record('after', { n: 2 });
    dirty.record('after', { n: 2 });
    expect(dirty.lines()).toEqual(clean.lines());
    expect(dirty.length).toBe(2);
    expect(dirty.countsByType()).toEqual(clean.countsByType());
    expect(dirty.hash()).toBe(clean.hash());
  });

  it('a different event changes the hash', () => {
    const a = new Journal(() => 0);
    const b = new Journal(() => 0);
    a.record('send', { size: 100 });
    b.record('send', { size: 101 });
    expect(a.hash()).not.toBe(b.hash());
  });

  it('writes each line as the canonical JSON of {...fields, seq, t, type}, whatever names come in whatever order', () => {
    // One type with more name lists than record keeps shapes for, in changing orders, mixed with others.
    const fieldsOf = (i: number): Record<string, CanonicalValue | undefined> => {
      const all: [string, CanonicalValue | undefined][] = [
        ['to', `b.${i}`],
        ['messageId', `m${i}`],
        ['size', i * 3],
        ['why', i % 2 === 0 ? undefined : 'late'],
        ['zz', [i, 'é']],
        ['a', { nested: i }],
      ];
      const picked = all.filter((_, k) => (i >> k) % 2 === 0 || k === 0);
      return Object.fromEntries(i % 3 === 0 ? picked.reverse() : picked);
    };
    let time = 0;
    const journal = new Journal(() => time);
    const expected: string[] = [];
    for (let i = 0; i < 40; i++) {
      time = i * 1.5;
      const type = i % 5 === 4 ? 'other' : 'server.event';
      const fields = fieldsOf(i);
      expect(journal.record(type, fields)).toBe(i);
      expected.push(canonicalJson({ ...fields, seq: i, t: time, type }));
    }
    expect(journal.lines()).toEqual(expected);
    expect(journal.hash()).toBe(toHex(sha256(utf8(expected.map((line) => `${line}\n`).join('')))));
  });

  it('refuses reserved field names and empty types', () => {
    const journal = new Journal(() => 0);
    expect(() => journal.record('x', { seq: 1 })).toThrow(/reserved/);
    expect(() => journal.record('x', { t: 1 })).toThrow(/reserved/);
    expect(() => journal.record('x', { a: 1, type: undefined })).toThrow(/reserved/);
    journal.record('x', { a: 1 });
    expect(() => journal.record('x', { seq: 2 })).toThrow(/reserved/); // a known type, new names
    expect(journal.length).toBe(1);
    expect(() => journal.record('')).toThrow(SimulationError);
    expect(journal.length).toBe(1);
  });
});

describe('Journal.prepare (the hot events’ shapes)', () => {
  it('writes exactly the line record() writes, undefined members left out, and keeps one hash', () => {
    const names = ['frame', 'src', 'dst', 'size', 'label', 'items', 'note'];
    const samples: Record<string, CanonicalValue | undefined>[] = [
      {
        frame: 1,
        src: 'a',
        dst: 'b',
        size: 10,
        label: 'noise.data',
        items: ['m1', 'm2'],
        note: 'é "q" \\ \n',
      },
      { frame: 2, src: 'a', dst: 'b', size: 0, label: undefined, items: undefined, note: undefined },
      { frame: 3, src: '', dst: 'z', size: 1.5, label: 'x', items: [], note: 'ünï' },
    ];
    let time = 0;
    const byRecord = new Journal(() => time);
    const byShape = new Journal(() => time);
    const write = byShape.prepare('net.send', names);
    for (const sample of samples) {
      time += 7;
      expect(write(names.map((name) => sample[name]))).toBe(byRecord.record('net.send', sample));
    }
    expect(byShape.lines()).toEqual(byRecord.lines());
    expect(byShape.lines()).toEqual(
      samples.map((sample, i) => canonicalJson({ ...sample, seq: i, t: 7 * (i + 1), type: 'net.send' })),
    );
    expect(byShape.hash()).toBe(byRecord.hash());
    expect(byShape.countsByType()).toEqual(byRecord.countsByType());
  });

  it('refuses reserved or repeated names and values JSON cannot hold, naming the member', () => {
    const journal = new Journal(() => 0);
    expect(() => journal.prepare('x', ['seq'])).toThrow(SimulationError);
    expect(() => journal.prepare('', ['a'])).toThrow(SimulationError);
    expect(() => new CanonicalShape(['a', 'a'])).toThrow(/repeat/);
    const write = journal.prepare('x', ['a', 'b']);
    expect(() => write([1, Number.NaN])).toThrow(/non-finite number NaN at \$\.b/);
    expect(journal.length).toBe(0);
  });
});
