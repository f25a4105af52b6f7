/** SRTP-like call media frames and the enumeration scan list: pure functions. */
import { describe, expect, it } from 'vitest';
import { createNodeCryptoProvider } from '../../simulator/crypto/node-provider.js';
import {
  BIND_FRAME,
  MEDIA_PAYLOAD_BYTES,
  bindFrame,
  boundCallId,
  callToken,
  frameToken,
  mediaKeys,
  openMedia,
  sealMedia,
} from '../../simulator/parties/calls/srtp.js';
import {
  FRAME_DATA,
  FRAME_HANDSHAKE_INIT,
  FRAME_HANDSHAKE_RESPONSE,
} from '../../simulator/network/transport-frame.js';
import { EXFIL_FRAME } from '../../simulator/parties/mod-vendor.js';
import { enumerationCandidates } from '../../simulator/scenario/runtime/actions/attacks.js';
import { toHex } from '../../simulator/crypto/bytes.js';

const crypto = createNodeCryptoProvider();
const secret = new Uint8Array(32).fill(7);
const keys = mediaKeys(crypto, secret);
const token = callToken(crypto, 'call:a>b#1');
const audio = new Uint8Array(MEDIA_PAYLOAD_BYTES).fill(1);

describe('call media frames', () => {
  it('open what they seal, with the sequence number', () => {
    const frame = sealMedia(crypto, keys, token, 258, audio);
    expect(frame[0]).toBe(0x80);
    expect(frameToken(frame)).toBe(toHex(token));
    const opened = openMedia(crypto, keys, frame);
    expect(opened?.seq).toBe(258);
    expect(opened?.payload).toEqual(audio);
  });

  it('do not carry the audio in the clear, and differ per sequence number', () => {
    const a = sealMedia(crypto, keys, token, 1, audio);
    const b = sealMedia(crypto, keys, token, 2, audio);
    expect(toHex(a)).not.toContain(toHex(audio.slice(0, 16)));
    expect(toHex(a.slice(11))).not.toBe(toHex(b.slice(11)));
  });

  it('refuse another call’s key and any flipped bit', () => {
    const frame = sealMedia(crypto, keys, token, 1, audio);
    expect(openMedia(crypto, mediaKeys(crypto, new Uint8Array(32).fill(8)), frame)).toBeUndefined();
    for (const index of [0, 5, 10, 20, frame.length - 1]) {
      const bad = frame.slice();
      bad[index]! ^= 1;
      expect(openMedia(crypto, keys, bad), `bit flipped at ${index}`).toBeUndefined();
    }
  });

  it('binding frames name the call for the relay', () => {
    const frame = bindFrame(token, 'call:a>b#1');
    expect(frame[0]).toBe(BIND_FRAME);
    expect(boundCallId(frame)).toBe('call:a>b#1');
    expect(frameToken(frame)).toBe(toHex(token));
    expect(boundCallId(sealMedia(crypto, keys, token, 0, audio))).toBeUndefined();
  });

  it('never start with a transport frame type, so on-path attribution cannot mistake them', () => {
    const transport = [FRAME_HANDSHAKE_INIT, FRAME_HANDSHAKE_RESPONSE, FRAME_DATA];
    for (const first of [0x80, BIND_FRAME, EXFIL_FRAME]) expect(transport).not.toContain(first);
  });
});

describe('enumerationCandidates', () => {
  it('scans the last four digits of each number block, keeping the number format', () => {
    const list = enumerationCandidates(['+1 555 0100', '+1 555 0420', '+44 7700 900123'], 20_000);
    expect(list.length).toBe(20_000);
    expect(list[0]).toBe('+1 555 0000');
    expect(list).toContain('+1 555 0420');
    expect(list[10_000]).toBe('+44 7700 900000');
    expect(list).toContain('+44 7700 900123');
  });

  it('stops at count and skips strings too short to be numbers', () => {
    expect(enumerationCandidates(['+1 555 0100', '12'], 3)).toEqual([
      '+1 555 0000',
      '+1 555 0001',
      '+1 555 0002',
    ]);
    expect(enumerationCandidates(['12'], 10)).toEqual([]);
  });
});
