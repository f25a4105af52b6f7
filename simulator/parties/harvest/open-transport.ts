/**
 * Harvest now, decrypt later — step 1: open the Noise layer of a recorded capture (the
 * `quantum-break` action). Works only from what the capture holds plus public knowledge (the chat
 * server's static public key, which every app ships with) and private keys recovered from public
 * values (discrete-log-oracle.ts, the stand-in for Shor's algorithm):
 *   - each HANDSHAKE_INIT frame is opened with `openRecordedInitiation` (noise.ts): its ephemeral is
 *     in clear; the client's static key comes out of message 1;
 *   - the HANDSHAKE_RESPONSE that authenticates under it completes the handshake (a retried
 *     handshake leaves several candidates; only the matching one authenticates);
 *   - every DATA frame is opened with the transport keys of its connection, newest session first. A
 *     frame no session authenticates (forged, or from a handshake not opened) stays closed.
 * The observer knows addresses, not endpoints: a connection is a (client address, server address)
 * pair, and the client is whoever sent the HANDSHAKE_INIT.
 */
import { fromUtf8 } from '../../crypto/bytes.js';
import type { CryptoProvider } from '../../crypto/provider.js';
import {
  NoiseError,
  type OpenedInitiation,
  type PrivateKeyLookup,
  openRecordedInitiation,
} from '../../network/noise.js';
import { FRAME_DATA, FRAME_HANDSHAKE_INIT, FRAME_HANDSHAKE_RESPONSE } from '../../network/transport-frame.js';
import { TransportError, TransportSession } from '../../network/transport-session.js';
import type { RecordedFrame } from '../network-observer.js';

/** One transport payload the attacker decrypted from the capture. */
export interface OpenedPayload {
  readonly frame: number;
  readonly t: number;
  /** `up`: client → server; `down`: server → client. */
  readonly direction: 'up' | 'down';
  readonly clientAddress: string;
  /** The client's login from its handshake payload (its account and device, e.g. `+1555….1`). */
  readonly login: string;
  readonly bytes: Uint8Array;
}

/** What opening the capture achieved, in counts, plus the payloads. */
export interface OpenedCapture {
  readonly payloads: OpenedPayload[];
  /** HANDSHAKE_INIT frames in the capture, and how many of them were opened. */
  readonly handshakes: number;
  readonly handshakesOpened: number;
  /** Handshakes completed (a response matched). */
  readonly sessions: number;
  /** DATA frames in the capture, and how many no recovered session authenticated. */
  readonly dataFrames: number;
  readonly dataRejected: number;
}

interface Pending {
  readonly opened: OpenedInitiation;
  readonly login: string;
}

interface Recovered {
  /** Opens client → server frames. */
  readonly up: TransportSession;
  /** Opens server → client frames. */
  readonly down: TransportSession;
  readonly login: string;
}

interface Connection {
  readonly pending: Pending[];
  readonly sessions: Recovered[];
}

/** Opens what it can of `capture`; see the file comment. */
export function openCapture(
  crypto: CryptoProvider,
  recover: PrivateKeyLookup,
  serverStatics: readonly Uint8Array[],
  capture: readonly RecordedFrame[],
): OpenedCapture {
  const connections = new Map<string, Connection>();
  const connection = (client: string, server: string): Connection => {
    const key = `${client}|${server}`;
    let found = connections.get(key);
    if (!found) connections.set(key, (found = { pending: [], sessions: [] }));
    return found;
  };
  const payloads: OpenedPayload[] = [];
  let handshakes = 0;
  let handshakesOpened = 0;
  let sessions = 0;
  let dataFrames = 0;
  let dataRejected = 0;
  for (const frame of capture) {
    const type = frame.bytes[0];
    if (type === FRAME_HANDSHAKE_INIT) {
      handshakes++;
      const opened = openInit(crypto, recover, serverStatics, frame.bytes.subarray(1));
      if (opened === undefined) continue;
      handshakesOpened++;
      connection(frame.srcAddress, frame.dstAddress).pending.push({
        opened,
        login: fromUtf8(opened.payload),
      });
    } else if (type === FRAME_HANDSHAKE_RESPONSE) {
      const conn = connections.get(`${frame.dstAddress}|${frame.srcAddress}`);
      if (!conn) continue;
      for (let i = conn.pending.length - 1; i >= 0; i--) {
        const pending = conn.pending[i]!;
        let keys;
        try {
          keys = pending.opened.finish(frame.bytes.subarray(1)).keys;
        } catch (error) {
          if (!(error instanceof NoiseError)) throw error;
          continue;
        }
        conn.pending.splice(i, 1);
        sessions++;
        conn.sessions.push({
          up: new TransportSession(
            { sendKey: keys.receiveKey, receiveKey: keys.sendKey, handshakeHash: keys.handshakeHash },
            crypto,
          ),
          down: new TransportSession(keys, crypto),
          login: pending.login,
        });
        break;
      }
    } else if (type === FRAME_DATA) {
      dataFrames++;
      const opened =
        openData(connections.get(`${frame.srcAddress}|${frame.dstAddress}`), 'up', frame) ??
        openData(connections.get(`${frame.dstAddress}|${frame.srcAddress}`), 'down', frame);
      if (opened === undefined) dataRejected++;
      else payloads.push(opened);
    }
    // Anything else (call media over UDP, other protocols) is not Noise transport; left alone.
  }
  return { payloads, handshakes, handshakesOpened, sessions, dataFrames, dataRejected };
}

function openInit(
  crypto: CryptoProvider,
  recover: PrivateKeyLookup,
  serverStatics: readonly Uint8Array[],
  message1: Uint8Array,
): OpenedInitiation | undefined {
  for (const responderStatic of serverStatics) {
    try {
      return openRecordedInitiation(crypto, recover, { responderStatic }, message1);
    } catch (error) {
      if (!(error instanceof NoiseError)) throw error;
    }
  }
  return undefined;
}

function openData(
  conn: Connection | undefined,
  direction: 'up' | 'down',
  frame: RecordedFrame,
): OpenedPayload | undefined {
  if (!conn) return undefined;
  for (let i = conn.sessions.length - 1; i >= 0; i--) {
    const session = conn.sessions[i]!;
    try {
      const bytes = session[direction].open(frame.bytes);
      return {
        frame: frame.id,
        t: frame.t,
        direction,
        clientAddress: direction === 'up' ? frame.srcAddress : frame.dstAddress,
        login: session.login,
        bytes,
      };
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
    }
  }
  return undefined;
}
