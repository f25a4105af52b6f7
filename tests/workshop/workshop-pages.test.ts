// The logic of the workshop pages (renderer/src/workshop/): the participant's view model is built from the
// server's slice and from nothing else, so the reused PartyView shows exactly what the party holds; the tally
// bars; the seat kept for reconnects; the URL fragments; the reconnecting socket.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HostPrompt } from '../../electron/workshop/protocol.js';
import { partySlice } from '../../electron/workshop/slice.js';
import { runForWorkshop } from '../../electron/workshop/start.js';
import { buildRunIndex } from '../../renderer/src/d3/run-index.js';
import { partyEyes } from '../../renderer/src/d3/party-eyes.js';
import { hostRunModel, sliceRunModel } from '../../renderer/src/workshop/run-models.js';
import {
  codeFromHash,
  forgetSeat,
  hostTokenFromHash,
  loadSeat,
  saveSeat,
} from '../../renderer/src/workshop/seat.js';
import {
  openWorkshopSocket,
  reconnectDelay,
  socketUrl,
  type MiniSocket,
} from '../../renderer/src/workshop/socket.js';
import { byParty, tallyBars } from '../../renderer/src/workshop/tally.js';
import { SCENARIOS } from './fixture.js';

const file = join(SCENARIOS, '06-sim-swap.yaml');
const run = runForWorkshop(file, readFileSync(file, 'utf8'), 'base');

describe('the participant view model', () => {
  it('holds only its own party, and PartyView’s eyes read exactly the texts the party holds', () => {
    const end = run.steps.length;
    const mallory = sliceRunModel(partySlice(run, 'mallory', end), run.title);
    expect(mallory.parties).toEqual(['mallory']);
    expect(new Set(mallory.ledger.observations.map((o) => o.party))).toEqual(new Set(['mallory']));
    expect(mallory.journal.every((e) => e.type === 'step' || e.type === 'notice')).toBe(true);
    const index = buildRunIndex(mallory);
    expect(index.parties).toEqual(['mallory']);
    const texts = partyEyes(index, 'mallory', mallory.endTimeMs)
      .readable.map((c) => c.text)
      .filter((t) => t !== null);
    expect(texts.some((t) => t!.includes('card PIN is 9046'))).toBe(true);
    expect(texts.some((t) => t!.includes('gate code'))).toBe(false);

    // The chat server reads nothing: its eyes have no readable message at all, only metadata.
    const server = sliceRunModel(partySlice(run, 'whatsapp', end), run.title);
    const eyes = partyEyes(buildRunIndex(server), 'whatsapp', server.endTimeMs);
    expect(eyes.readable.filter((c) => c.message)).toEqual([]);
    expect(eyes.metadata.length).toBeGreaterThan(0);
  });

  it('follows the cursor: before the swap mallory holds nothing; steps are those done so far', () => {
    const before = sliceRunModel(partySlice(run, 'mallory', 4), run.title);
    expect(before.ledger.observations).toEqual([]);
    expect(before.steps.map((s) => s.index)).toEqual([0, 1, 2, 3]);
    expect(before.steps.every((s) => s.note === null)).toBe(true);
  });

  it('the presenter’s model holds the whole run with the narration', () => {
    const model = hostRunModel({
      ...run,
      journal: [...run.journal],
      steps: [...run.steps],
      parties: [...run.parties],
    } as never);
    expect(model.parties).toContain('alice');
    expect(model.steps[3]!.note).toContain('no signal');
    expect(buildRunIndex(model).items.length).toBe(run.ledger.items.length);
  });
});

describe('the tally', () => {
  const prompt: HostPrompt = {
    id: 'q1',
    kind: 'can-read-next',
    step: 4,
    question: 'Can your party read the next message (m3)?',
    options: [
      { id: 'yes', label: 'Yes' },
      { id: 'no', label: 'No' },
    ],
    open: false,
    tally: { yes: 1, no: 3 },
    answered: 4,
    rightCount: 3,
    right: { bob: { options: ['no'], why: '' }, mallory: { options: ['yes'], why: '' } },
  };

  it('gives each option its count, share, length against the largest bar, and the parties it is right for', () => {
    expect(tallyBars(prompt)).toEqual([
      { id: 'yes', label: 'Yes', count: 1, share: 0.25, length: 1 / 3, rightFor: ['mallory'] },
      { id: 'no', label: 'No', count: 3, share: 0.75, length: 1, rightFor: ['bob'] },
    ]);
  });

  it('draws empty bars before anyone answers', () => {
    const bars = tallyBars({ ...prompt, tally: {}, answered: 0 });
    expect(bars.map((b) => [b.count, b.share, b.length])).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  it('groups participants by party in the room’s order, leaving out empty parties', () => {
    const groups = byParty(
      [{ id: 'alice' }, { id: 'bob' }, { id: 'mallory' }],
      [
        { name: 'x', party: 'mallory' },
        { name: 'y', party: 'bob' },
        { name: 'z', party: 'mallory' },
      ],
    );
    expect(groups.map((g) => [g.party, g.people.map((p) => p.name)])).toEqual([
      ['bob', ['y']],
      ['mallory', ['x', 'z']],
    ]);
  });
});

describe('seat and fragments', () => {
  it('keeps a seat, forgets it, and treats a damaged entry as none', () => {
    const map = new Map<string, string>();
    const storage = {
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => void map.set(k, v),
      removeItem: (k: string) => void map.delete(k),
    };
    expect(loadSeat(storage)).toBeNull();
    saveSeat(storage, { token: 't'.repeat(20), code: 'ABCDEF', name: 'Ana' });
    expect(loadSeat(storage)).toEqual({ token: 't'.repeat(20), code: 'ABCDEF', name: 'Ana' });
    forgetSeat(storage);
    expect(loadSeat(storage)).toBeNull();
    map.set('sightline-workshop-seat', '{not json');
    expect(loadSeat(storage)).toBeNull();
  });

  it('reads the code and the host token from URL fragments', () => {
    expect(codeFromHash('#code=abc234')).toBe('ABC234');
    expect(codeFromHash('#x=1&code=K7M2PQ')).toBe('K7M2PQ');
    expect(codeFromHash('')).toBe('');
    expect(hostTokenFromHash('#host=abcdefghijklmnop_-XY')).toBe('abcdefghijklmnop_-XY');
    expect(hostTokenFromHash('#host=short')).toBeNull();
    expect(socketUrl('http://127.0.0.1:5892')).toBe('ws://127.0.0.1:5892/ws');
    expect(socketUrl('https://room.example')).toBe('wss://room.example/ws');
  });
});

describe('the reconnecting socket', () => {
  it('sends its hello on every connect and backs off between attempts', () => {
    const sockets: FakeSocket[] = [];
    class FakeSocket implements MiniSocket {
      readyState = 0;
      sent: string[] = [];
      onopen: MiniSocket['onopen'] = null;
      onmessage: MiniSocket['onmessage'] = null;
      onclose: MiniSocket['onclose'] = null;
      onerror: MiniSocket['onerror'] = null;
      constructor(readonly url: string) {
        sockets.push(this);
      }
      send(data: string): void {
        this.sent.push(data);
      }
      close(): void {
        this.readyState = 3;
        this.onclose?.({});
      }
      open(): void {
        this.readyState = 1;
        this.onopen?.({});
      }
    }
    const timers: number[] = [];
    const received: string[] = [];
    let pending: (() => void) | null = null;
    const socket = openWorkshopSocket({
      url: 'ws://x/ws',
      WebSocket: FakeSocket,
      hello: () => ({ type: 'resume', token: 'tok' }),
      onMessage: (m) => received.push(m.type),
      onStatus: () => {},
      setTimer: (fn, ms) => {
        timers.push(ms);
        pending = fn;
      },
    });
    expect(socket.send({ type: 'ping' })).toBe(false);
    sockets[0]!.open();
    expect(sockets[0]!.sent).toEqual(['{"type":"resume","token":"tok"}']);
    sockets[0]!.onmessage?.({ data: '{"type":"view"}' });
    sockets[0]!.onmessage?.({ data: 'not json' });
    expect(received).toEqual(['view']);
    expect(socket.send({ type: 'ping' })).toBe(true);

    sockets[0]!.readyState = 3;
    sockets[0]!.onclose?.({});
    expect(timers).toEqual([500]);
    pending!();
    sockets[1]!.onclose?.({});
    pending!();
    expect(timers).toEqual([500, 1000]);
    sockets[2]!.open();
    expect(sockets[2]!.sent).toEqual(['{"type":"resume","token":"tok"}']);
    socket.close();
    expect(timers).toHaveLength(2);
    expect([0, 1, 2, 3, 4, 5, 9].map(reconnectDelay)).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });
});
