/**
 * An established transport session: seals and opens DATA frames (transport-frame.ts) with the two
 * keys from the Noise handshake. Counters start at 0, one per direction, and are the nonces
 * (Noise §5.1: a nonce is never reused under one key). The receiver accepts frames out of order
 * within a sliding window of `REPLAY_WINDOW` counters and rejects repeats and forgeries; a rejected
 * frame leaves the session exactly as it was.
 */
import type { CryptoProvider } from '../crypto/provider.js';
import { noiseNonce, type NoiseKeys } from './noise.js';
import { DATA_HEADER_BYTES, DATA_OVERHEAD_BYTES, FRAME_DATA } from './transport-frame.js';

/** Counters accepted behind the highest one seen (RFC 6479-style anti-replay window). */
export const REPLAY_WINDOW = 1024;
/** Frames per direction before the session must be re-established (well below 2^53). */
export const MAX_TRANSPORT_COUNTER = 2 ** 48;
/** Largest payload in one DATA frame (Noise's 65535-byte message limit minus the tag). */
export const MAX_TRANSPORT_PAYLOAD_BYTES = 65535 - 16;

/** Why a DATA frame was refused; stable words for the journal. */
export type TransportRejectReason = 'malformed' | 'bad-tag' | 'replay' | 'too-old' | 'exhausted';

/** A DATA frame was refused (see `reason`). */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly reason: TransportRejectReason,
    message: string,
  ) {
    super(message);
  }
}

/** One direction-pair of transport keys with counters and a replay window. */
export class TransportSession {
  private sendCounter = 0;
  private highest = -1;
  private readonly seen = new Uint8Array(REPLAY_WINDOW);

  /** @param crypto provides ChaCha20-Poly1305 (node:crypto's is several times faster than JS). */
  constructor(
    private readonly keys: NoiseKeys,
    private readonly crypto: CryptoProvider,
  ) {}

  /** The handshake hash both sides share (channel binding). */
  get handshakeHash(): Uint8Array {
    return this.keys.handshakeHash;
  }

  /**
   * Seals `payload` into a DATA frame.
   * @throws TransportError `exhausted` after MAX_TRANSPORT_COUNTER frames, `malformed` when too large.
   */
  seal(payload: Uint8Array): Uint8Array {
    if (payload.length > MAX_TRANSPORT_PAYLOAD_BYTES) {
      throw new TransportError(
        'malformed',
        `payload of ${payload.length} bytes exceeds ${MAX_TRANSPORT_PAYLOAD_BYTES}`,
      );
    }
    if (this.sendCounter >= MAX_TRANSPORT_COUNTER)
      throw new TransportError('exhausted', 'send counter exhausted; reconnect');
    const counter = this.sendCounter++;
    const frame = new Uint8Array(DATA_OVERHEAD_BYTES + payload.length);
    writeHeader(frame, counter);
    const header = frame.subarray(0, DATA_HEADER_BYTES);
    frame.set(
      this.crypto.chacha20Poly1305Encrypt(this.keys.sendKey, noiseNonce(counter), header, payload),
      DATA_HEADER_BYTES,
    );
    return frame;
  }

  /**
   * Opens a DATA frame; the session changes only when the frame authenticates and is fresh.
   * @throws TransportError `malformed`, `bad-tag`, `replay` or `too-old`.
   */
  open(frame: Uint8Array): Uint8Array {
    if (frame.length < DATA_OVERHEAD_BYTES || frame[0] !== FRAME_DATA) {
      throw new TransportError('malformed', 'not a transport DATA frame');
    }
    const counter = readUint32BE(frame, 1) * 2 ** 32 + readUint32BE(frame, 5);
    if (counter >= MAX_TRANSPORT_COUNTER) throw new TransportError('malformed', 'counter out of range');
    if (counter + REPLAY_WINDOW <= this.highest)
      throw new TransportError('too-old', `counter ${counter} is behind the window`);
    if (counter <= this.highest && this.seen[counter % REPLAY_WINDOW] === 1) {
      throw new TransportError('replay', `counter ${counter} was already received`);
    }
    let payload: Uint8Array;
    try {
      payload = this.crypto.chacha20Poly1305Decrypt(
        this.keys.receiveKey,
        noiseNonce(counter),
        frame.subarray(0, DATA_HEADER_BYTES),
        frame.subarray(DATA_HEADER_BYTES),
      );
    } catch {
      throw new TransportError('bad-tag', 'frame failed to authenticate');
    }
    this.accept(counter);
    return payload;
  }

  private accept(counter: number): void {
    if (counter > this.highest) {
      const gap = counter - this.highest;
      if (gap >= REPLAY_WINDOW) this.seen.fill(0);
      else for (let c = this.highest + 1; c < counter; c++) this.seen[c % REPLAY_WINDOW] = 0;
      this.highest = counter;
    }
    this.seen[counter % REPLAY_WINDOW] = 1;
  }
}

function writeHeader(frame: Uint8Array, counter: number): void {
  frame[0] = FRAME_DATA;
  writeUint32BE(frame, 1, Math.floor(counter / 2 ** 32));
  writeUint32BE(frame, 5, counter >>> 0);
}

// Byte arithmetic rather than a DataView per frame (two of them on every frame's path).
function writeUint32BE(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = value >>> 24;
  bytes[offset + 1] = value >>> 16;
  bytes[offset + 2] = value >>> 8;
  bytes[offset + 3] = value;
}

function readUint32BE(bytes: Uint8Array, offset: number): number {
  return (
    bytes[offset]! * 0x1000000 + ((bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!)
  );
}
