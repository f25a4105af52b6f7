import { describe, expect, it } from 'vitest';
import { decodeStanza, encodeStanza, type Stanza } from '../../simulator/world/stanza.js';

describe('stanza encoding', () => {
  const full: Stanza = {
    kind: 'send',
    reqId: 3,
    messageId: 'm1',
    user: '+1 555 0100',
    device: 2,
    timestamp: 2_592_000_123,
    messages: [{ user: '+1 555 0101', device: 1, type: 'whisper', body: new Uint8Array([1, 2, 3]) }],
    deviceList: [1, 2],
    members: ['+1 555 0101'],
    keys: {
      registrationId: 5,
      identityKey: new Uint8Array(33).fill(5),
      signedPreKeyId: 1,
      signedPreKey: new Uint8Array(33).fill(6),
      signedPreKeySignature: new Uint8Array(64).fill(7),
      preKeys: [{ id: 1, key: new Uint8Array(33).fill(8) }],
    },
    bundles: [
      {
        device: 1,
        registrationId: 2,
        identityKey: new Uint8Array([9]),
        signedPreKeyId: 1,
        signedPreKey: new Uint8Array([10]),
        signedPreKeySignature: new Uint8Array([11]),
      },
    ],
  };

  it('round-trips every kind of field into plain objects, numbers and Uint8Arrays', () => {
    const decoded = decodeStanza(encodeStanza(full));
    expect(decoded).toEqual(full);
    expect(typeof decoded.timestamp).toBe('number');
    expect(Object.getPrototypeOf(decoded.messages![0]!)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(decoded.messages![0]!.body)).toBe(Uint8Array.prototype);
    expect(Object.getPrototypeOf(decoded.keys!.preKeys[0]!.key)).toBe(Uint8Array.prototype);
  });

  it('leaves absent and empty repeated fields out, and byte fields do not alias the input', () => {
    expect(decodeStanza(encodeStanza({ kind: 'ack', members: [] }))).toEqual({ kind: 'ack' });
    const bytes = encodeStanza(full);
    const decoded = decodeStanza(bytes);
    bytes.fill(0);
    expect(decoded.messages![0]!.body).toEqual(new Uint8Array([1, 2, 3]));
  });
});
