/**
 * docs/model.md, "Recorded traffic and a future quantum computer" (Q1–Q2): a small scenario in which
 * a recording observer breaks X25519 after the run, with and without PQXDH.
 */
import { describe, expect, it } from 'vitest';
import { header, outcome, reads, run } from './helpers.js';

const SCENARIO = `${header(
  'harvest',
  `  - { id: alice, kind: user }
  - { id: bob, kind: user }
  - { id: tap, kind: network-observer, taps: [alice] }
  - { id: whatsapp, kind: chat-server }`,
)}
defences:
  - { id: pq, kind: pqxdh, enabled: false }
steps:
  - send: { id: m1, from: alice, to: bob, text: "recorded today" }
  - send: { id: m2, from: bob, to: alice, text: "and the answer" }
  - id: later
    at: 1d
    quantum-break: { observer: tap }
variants:
  - { id: pq, title: PQXDH on, enable: [pq] }
`;

const fieldsOf = (result: ReturnType<typeof run>, item: string) =>
  new Set(
    result.ledger.observations.filter((o) => o.party === 'tap' && o.item === item).flatMap((o) => o.fields),
  );

describe('recorded traffic and a future quantum computer', () => {
  it('[Q1] without PQXDH a stored recording of the sessions becomes readable', () => {
    const result = run(SCENARIO);
    expect(reads(result, 'tap', 'm1')).toBe(true);
    expect(reads(result, 'tap', 'm2')).toBe(true);
    expect(outcome(result, 'later').ok).toBe(true);
  });

  it('[Q2] with PQXDH the content stays closed while who-wrote-to-whom opens', () => {
    const result = run(SCENARIO, 'pq');
    expect(reads(result, 'tap', 'm1')).toBe(false);
    expect(reads(result, 'tap', 'm2')).toBe(false);
    for (const item of ['m1', 'm2']) {
      const fields = fieldsOf(result, item);
      expect(fields.has('sender') && fields.has('recipient'), item).toBe(true);
    }
  });
});
