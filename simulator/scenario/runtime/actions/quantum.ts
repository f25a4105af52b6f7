/**
 * `quantum-break` (harvest now, decrypt later; SCENARIOS.md S17, scenario 30): years after the
 * run, the network observer gets a cryptographically relevant quantum computer and turns it on
 * the capture it stored. The computer solves discrete logs on Curve25519 — simulated by the
 * run's DiscreteLogOracle (crypto/discrete-log-oracle.ts), which stands in for Shor's algorithm and
 * refuses every ML-KEM key. The observer's own code then does all the work:
 *   1. opens the Noise transport (parties/harvest/open-transport.ts) and reads the stanzas inside,
 *      which gives it who sent what to whom (sender, recipient) even when the messages stay closed;
 *   2. follows the Signal sessions (parties/harvest/follow-sessions.ts) and decrypts each message
 *      whose keys it could re-derive. PQXDH sessions stay closed: their root key needs the ML-KEM
 *      shared secret.
 * Everything it ends up holding comes from decrypting recorded ciphertext with keys it re-derived;
 * nothing is read from any party's state. The chat server's static public key is used as public
 * knowledge (every app ships it).
 */
import type { DiscreteLogOracle } from '../../../crypto/discrete-log-oracle.js';
import { ChatServer } from '../../../parties/chat-server.js';
import { SessionFollower } from '../../../parties/harvest/follow-sessions.js';
import { type OpenedPayload, openCapture } from '../../../parties/harvest/open-transport.js';
import { NetworkObserver } from '../../../parties/network-observer.js';
import { type Stanza, decodeStanza } from '../../../world/stanza.js';
import type { World } from '../../../world/world.js';
import { type RunContext, RunError } from '../context.js';
import { type ActionHandlers, done } from './types.js';

const ORACLE = 'quantum-break:oracle';

/** Hands the run's oracle to this action (runner.ts); no other code reads it. */
export function provideOracle(context: RunContext, oracle: DiscreteLogOracle): void {
  context.extensions.set(ORACLE, oracle);
}

/** The account and device of a login (`<number>.<device>[;client=…]`, the app's public format). */
function loginAddress(login: string): string | undefined {
  return /^([^;]+\.\d+)(?:;|$)/.exec(login)?.[1];
}

function decode(payload: OpenedPayload): Stanza | undefined {
  try {
    return decodeStanza(payload.bytes);
  } catch {
    return undefined;
  }
}

/** What the break achieved, for the step's outcome and the journal. */
export interface QuantumBreakReport {
  readonly handshakes: number;
  readonly handshakesOpened: number;
  readonly dataFrames: number;
  readonly dataOpened: number;
  readonly dataRejected: number;
  readonly sessionsOpened: number;
  readonly messagesOpened: number;
  readonly closed: Readonly<Record<string, number>>;
}

/**
 * Runs the break for `observerId` over `capture` and records what its code decrypted in the ledger.
 * Exported for tests, which may pass their own capture (a forged frame) or KEM lookup.
 */
export function quantumBreak(
  world: World,
  observerId: string,
  capture: NonNullable<NetworkObserver['recording']>,
  oracle: DiscreteLogOracle,
  serverStatics: readonly Uint8Array[],
  kemSecretKeyOf: (kemPublicKey: Uint8Array) => Uint8Array | undefined = (key) => oracle.privateKeyOf(key),
): QuantumBreakReport {
  const recover = (publicKey: Uint8Array) => oracle.keyPairOf(publicKey);
  const opened = openCapture(world.crypto, recover, serverStatics, capture);
  const follower = new SessionFollower(world.crypto, recover, kemSecretKeyOf);
  let messagesOpened = 0;
  const seen = new Set<string>();
  const transport = 'quantum break of the recorded Noise transport (X25519 keys recovered off the wire)';
  for (const payload of opened.payloads) {
    const stanza = decode(payload);
    const self = loginAddress(payload.login);
    if (!stanza || !self) continue;
    if (payload.direction === 'up' && stanza.kind === 'upload-keys' && stanza.keys) {
      follower.learnUpload(self, stanza.keys);
    } else if (payload.direction === 'down' && stanza.kind === 'keys' && stanza.user && stanza.bundles) {
      follower.learnBundles(stanza.user, stanza.bundles);
    } else if (stanza.messageId && (stanza.kind === 'send' || stanza.kind === 'deliver')) {
      // Either leg names sender and recipients: who talks to whom, even when the content stays closed.
      world.observe(observerId, stanza.messageId, ['sender', 'recipient'], {
        kind: 'decrypted',
        with: transport,
      });
      // The sender's leg (`send`, up) names the recipient devices; the recipient's (`deliver`, down)
      // the sender device. A message recorded on both legs is opened once.
      const legs =
        stanza.kind === 'send' && payload.direction === 'up'
          ? (stanza.messages ?? []).map((m) => ({
              from: self,
              to: `${m.user}.${m.device}`,
              type: m.type,
              body: m.body,
            }))
          : stanza.kind === 'deliver' &&
              payload.direction === 'down' &&
              stanza.user &&
              stanza.body &&
              stanza.type
            ? [
                {
                  from: `${stanza.user}.${stanza.device ?? 0}`,
                  to: self,
                  type: stanza.type,
                  body: stanza.body,
                },
              ]
            : [];
      for (const leg of legs) {
        if (leg.type !== 'prekey' && leg.type !== 'whisper') continue;
        const key = `${stanza.messageId}|${leg.from}|${leg.to}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const message = follower.message(stanza.messageId, leg.from, leg.to, leg.type, leg.body);
        if (!message) continue;
        messagesOpened++;
        const how = { kind: 'decrypted' as const, with: message.how };
        const { payload: plain } = message;
        if (plain.kind === 'text' && plain.text !== undefined) {
          world.observe(
            observerId,
            plain.messageId ?? message.messageId,
            ['content', 'sender', 'recipient', 'timestamp'],
            how,
            plain.text,
          );
        }
        for (const item of plain.kind === 'history' ? (plain.history ?? []) : []) {
          world.observe(
            observerId,
            item.messageId,
            ['content', 'sender', 'recipient', 'timestamp'],
            how,
            item.text,
          );
        }
      }
    }
  }
  const report: QuantumBreakReport = {
    handshakes: opened.handshakes,
    handshakesOpened: opened.handshakesOpened,
    dataFrames: opened.dataFrames,
    dataOpened: opened.payloads.length,
    dataRejected: opened.dataRejected,
    sessionsOpened: follower.opened,
    messagesOpened,
    closed: Object.fromEntries(follower.closed),
  };
  world.log('attack.quantum-break', {
    observer: observerId,
    ...report,
    closed: Object.entries(report.closed)
      .map(([reason, count]) => `${reason}:${count}`)
      .join(','),
  });
  return report;
}

export const quantumActions: ActionHandlers = {
  'quantum-break': (action, context) => {
    const observer = context.party(action.observer, NetworkObserver, 'network-observer');
    const oracle = context.extensions.get(ORACLE) as DiscreteLogOracle | undefined;
    if (!observer.recording || !oracle) throw new RunError(`${observer.id} kept no recording to break`);
    const servers = context.world.partiesOf(ChatServer).map((server) => server.staticKey.publicKey);
    const report = quantumBreak(context.world, observer.id, observer.recording, oracle, servers);
    const closed = Object.entries(report.closed)
      .map(([reason, count]) => `${count} ${reason}`)
      .join(', ');
    return done(
      `opened ${report.handshakesOpened}/${report.handshakes} Noise handshakes and ${report.dataOpened}/${report.dataFrames} transport frames; ` +
        `decrypted ${report.messagesOpened} Signal messages` +
        (closed ? `; closed: ${closed}` : ''),
    );
  },
};
