// The leak test of issue 14: one participant per party follows a whole run of library scenarios, and across
// every frame any of them receives no plaintext, content digest or key its party does not hold in the ledger
// at that moment appears. Positive control: a party that does hold a plaintext gets it. And a participant
// token cannot ask for another party's events, act as the presenter, or call any lab-service method — on the
// workshop socket, over the workshop server's HTTP, or against the lab's own web host.
import { afterAll, describe, expect, it } from 'vitest';
import { startWebHost } from '../../electron/web/server.js';
import type { WorkshopRun } from '../../electron/workshop/run-data.js';
import { makeService } from '../integration/fixtures/service-fixture.js';
import { Client, host, participant, startRoom } from './fixture.js';

function quoted(label: string): string | null {
  const m = /"([\s\S]*)"\s*$/.exec(label);
  return m && m[1]!.length >= 3 ? m[1]! : null;
}

/** What `party` holds by t: item id → fields. */
function holdings(run: WorkshopRun, party: string, t: number): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const o of run.ledger.observations) {
    if (o.party !== party || o.t > t) continue;
    let s = out.get(o.item);
    if (!s) out.set(o.item, (s = new Set()));
    for (const f of o.fields) s.add(f);
  }
  return out;
}

function stringValues(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') out.add(value);
  else if (Array.isArray(value)) for (const v of value) stringValues(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) stringValues(v, out);
  return out;
}

const SCENARIOS = [
  '06-sim-swap.yaml',
  '17-network-observer.yaml',
  '18-plain-backup.yaml',
  '23-combo-sim-swap-backup.yaml',
];

describe.each(SCENARIOS)('%s: a full run seen by one participant per party', (scenario) => {
  it('leaks no plaintext, digest or key a party does not hold, and delivers what it does hold', async () => {
    const { workshop, url } = await startRoom(scenario);
    const clients: Client[] = [];
    try {
      const run = workshop.run;
      const h = await host(url, workshop.room.hostToken);
      clients.push(h);
      const parties = run.parties.map((p) => p.id);
      h.send({ type: 'set-parties', parties, assignment: 'round-robin' });
      await h.until('host-state', (f) => f.allowedParties.length === parties.length);
      const seats: { party: string; client: Client }[] = [];
      for (const [i] of parties.entries()) {
        const c = await participant(url, workshop.room.code, `Seat ${i}`);
        clients.push(c);
        seats.push({ party: c.last('welcome').participant.party, client: c });
      }
      expect(new Set(seats.map((s) => s.party))).toEqual(new Set(parties));
      // Ask both prompts along the way: their frames are checked too.
      for (let position = 1; position <= run.steps.length; position++) {
        h.send({ type: 'goto', position });
        if (position === 1) h.send({ type: 'ask', kind: 'can-read-next' });
        if (position === 2) h.send({ type: 'close-prompt' });
        for (const s of seats) await s.client.until('view', (f) => f.cursor.position === position);
      }
      h.send({ type: 'ask', kind: 'who-learns-graph' });
      h.send({ type: 'close-prompt' });
      h.send({ type: 'reveal', on: true });
      for (const s of seats) await s.client.until('view', (f) => f.revealed === true);

      let deliveredPlaintexts = 0;
      let checkedFrames = 0;
      for (const { party, client } of seats) {
        for (let i = 0; i < client.raw.length; i++) {
          const frame = client.frames[i];
          const text = client.raw[i]!;
          checkedFrames++;
          // Every frame a participant gets is one of these kinds; none carries the whole run.
          expect(['welcome', 'view', 'pong', 'error']).toContain(frame.type);
          if (frame.type !== 'view') continue;
          const t: number = frame.cursor.t;
          const held = holdings(run, party, t);
          const values = stringValues(frame);
          for (const o of frame.slice.observations) {
            expect(o.party).toBe(party);
            expect(o.t).toBeLessThanOrEqual(t);
          }
          for (const item of run.ledger.items) {
            const fields = held.get(item.id);
            const plain = quoted(item.label);
            if (plain !== null) {
              const escaped = JSON.stringify(plain).slice(1, -1);
              if (fields?.has('content')) {
                if (text.includes(escaped)) deliveredPlaintexts++;
              } else {
                expect(text.includes(escaped), `${party} got the plaintext of ${item.id} at t=${t}`).toBe(
                  false,
                );
              }
            }
            if (item.contentDigest && !fields?.has('content')) {
              expect(text.includes(item.contentDigest), `${party} got the digest of ${item.id}`).toBe(false);
            }
            if (item.kind === 'key' && !fields) {
              expect(values.has(item.id), `${party} got key ${item.id} it does not hold`).toBe(false);
              expect(values.has(item.label), `${party} got key ${item.label} it does not hold`).toBe(false);
            }
          }
        }
      }
      expect(checkedFrames).toBeGreaterThan(seats.length * run.steps.length);
      // The filter is not simply empty: parties that read messages are shown them.
      expect(deliveredPlaintexts).toBeGreaterThan(0);
    } finally {
      for (const c of clients) c.close();
      await workshop.close();
    }
  });
});

describe('a participant token has no other powers', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanup) await c();
  });

  it('cannot ask for another party, act as presenter, or call the lab service on the socket', async () => {
    const { workshop, url } = await startRoom('06-sim-swap.yaml');
    cleanup.push(() => workshop.close());
    const p = await participant(url, workshop.room.code, 'Nosy');
    cleanup.push(async () => p.close());
    const token = p.last('welcome').token;
    const party = p.last('welcome').participant.party;
    const other = workshop.run.parties.find((x) => x.id !== party)!.id;
    const attempts: unknown[] = [
      { type: 'slice', party: other },
      { type: 'view', party: other, position: 99 },
      { type: 'join', code: workshop.room.code, name: 'Again', party: other },
      { type: 'next' },
      { type: 'goto', position: workshop.run.steps.length },
      { type: 'reveal', on: true },
      { type: 'call', name: 'listLibrary', args: {} },
      { type: 'startRun', scenario: { kind: 'library', id: 'sim-swap' } },
      { type: 'getScenario', id: 'sim-swap' },
      { type: 'host', token },
    ];
    for (const a of attempts) {
      const e = await p.request(a, 'error');
      expect(e.code, JSON.stringify(a)).toBe('forbidden');
      expect(e.message).toMatch(/only answer questions/);
    }
    expect(workshop.room.position).toBe(0);
    expect(workshop.room.revealed).toBe(false);
    // A fresh socket presenting the participant token as the host token is refused too.
    const c = await Client.open(url);
    cleanup.push(async () => c.close());
    expect((await c.request({ type: 'host', token }, 'error')).code).toBe('unknown-token');
  });

  it('is refused by the workshop server over HTTP and by the lab web host', async () => {
    const { workshop } = await startRoom('06-sim-swap.yaml');
    cleanup.push(() => workshop.close());
    const p = await participant(`ws://127.0.0.1:${workshop.server.port}/ws`, workshop.room.code, 'Curl');
    cleanup.push(async () => p.close());
    const token = p.last('welcome').token;
    const base = `http://127.0.0.1:${workshop.server.port}`;
    for (const path of ['/api/listLibrary', '/api/getScenario', '/api/startRun']) {
      const get = await fetch(`${base}${path}?token=${token}`, { headers: { 'x-sightline-token': token } });
      expect(get.status).toBe(404);
      expect(await get.text()).toMatch(/serves no lab calls/);
      const post = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: '{}',
      });
      expect(post.status).toBe(405);
    }
    const fx = makeService();
    const web = await startWebHost({
      service: fx.service,
      rendererDir: '/nonexistent',
      port: 0,
      log: () => {},
    });
    cleanup.push(async () => {
      await web.close();
      await fx.close();
    });
    const refused = await fetch(`${web.origin}/api/listLibrary`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sightline-token': token },
      body: '{}',
    });
    expect(refused.status).toBe(401);
    const allowed = await fetch(`${web.origin}/api/listLibrary`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sightline-token': web.token },
      body: '{}',
    });
    expect(allowed.status).toBe(200);
  });

  it('sends the CSP with frame-ancestors as a response header', async () => {
    const { workshop } = await startRoom('06-sim-swap.yaml');
    cleanup.push(() => workshop.close());
    const res = await fetch(`http://127.0.0.1:${workshop.server.port}/join`);
    expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });
});
