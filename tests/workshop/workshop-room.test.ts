// The workshop server's rules: joining, party assignment, the cursor, prompts with ledger-derived answers, the
// limits (room size, message size, rate, code guessing), reconnecting, and resuming a persisted room.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/storage/database.js';
import { CodeLockout, RateLimiter } from '../../electron/workshop/guards.js';
import {
  LOCKOUT_FAILURES,
  MAX_PARTICIPANTS,
  PARTICIPANT_MESSAGE_MAX_BYTES,
  RATE_BURST,
} from '../../electron/workshop/protocol.js';
import type { Workshop } from '../../electron/workshop/start.js';
import { Client, host, participant, startRoom } from './fixture.js';

let open: Workshop[] = [];
let clients: Client[] = [];
afterEach(async () => {
  for (const c of clients) c.close();
  clients = [];
  for (const w of open) await w.close();
  open = [];
});

async function room(scenario = '06-sim-swap.yaml', options: Parameters<typeof startRoom>[1] = {}) {
  const r = await startRoom(scenario, options);
  open.push(r.workshop);
  return r;
}
async function track<T extends Client>(c: Promise<T>): Promise<T> {
  const client = await c;
  clients.push(client);
  return client;
}

describe('joining', () => {
  it('assigns parties round-robin over the allowed parties and tells the presenter', async () => {
    const { workshop, url } = await room();
    const h = await track(host(url, workshop.room.hostToken));
    await h.request(
      { type: 'set-parties', parties: ['bob', 'mallory', 'whatsapp'], assignment: 'round-robin' },
      'host-state',
    );
    const names = ['Ana', 'Ben', 'Cy', 'Di'];
    const parties: string[] = [];
    for (const n of names) {
      const p = await track(participant(url, workshop.room.code, n));
      parties.push(p.last('welcome').participant.party);
      expect(p.last('view').slice.party).toBe(p.last('welcome').participant.party);
    }
    expect(parties).toEqual(['bob', 'mallory', 'whatsapp', 'bob']);
    const state = await h.until('host-state', (f) => f.participants.length === 4);
    expect(state.participants.map((p: any) => [p.name, p.party])).toEqual(
      names.map((n, i) => [n, parties[i]]),
    );
  });

  it('lets participants pick from the allowed parties in choice mode, and refuses any other party', async () => {
    const { workshop, url } = await room();
    const h = await track(host(url, workshop.room.hostToken));
    await h.request(
      { type: 'set-parties', parties: ['alice', 'mallory'], assignment: 'choice' },
      'host-state',
    );
    const p = await track(Client.open(url));
    const choose = await p.request({ type: 'join', code: workshop.room.code, name: 'Eve' }, 'choose-party');
    expect(choose.parties).toEqual(['alice', 'mallory']);
    const refused = await p.request(
      { type: 'join', code: workshop.room.code, name: 'Eve', party: 'whatsapp' },
      'error',
    );
    expect(refused.code).toBe('forbidden');
    const welcome = await p.request(
      { type: 'join', code: workshop.room.code, name: 'Eve', party: 'mallory' },
      'welcome',
    );
    expect(welcome.participant.party).toBe('mallory');
  });

  it('accepts the code in lower case and with a dash, and refuses an empty or overlong name', async () => {
    const { workshop, url } = await room();
    const c = workshop.room.code;
    const p = await track(Client.open(url));
    const bad = await p.request({ type: 'join', code: c, name: '   ' }, 'error');
    expect(bad).toMatchObject({ code: 'bad-message', message: 'Your name is empty.' });
    const long = await p.request({ type: 'join', code: c, name: 'x'.repeat(41) }, 'error');
    expect(long.message).toMatch(/longer than 40/);
    const ok = await p.request(
      { type: 'join', code: `${c.slice(0, 3).toLowerCase()}-${c.slice(3)}`, name: 'Fay' },
      'welcome',
    );
    expect(ok.code).toBe(c);
  });

  it(`refuses participant ${MAX_PARTICIPANTS + 1} with a clear message`, async () => {
    const { workshop, url } = await room();
    for (let i = 0; i < MAX_PARTICIPANTS; i++) workshop.room.join(`Seat ${i}`);
    const p = await track(Client.open(url));
    const full = await p.request({ type: 'join', code: workshop.room.code, name: 'Late' }, 'error');
    expect(full.code).toBe('room-full');
    expect(full.message).toContain(`full (${MAX_PARTICIPANTS} participants)`);
  });
});

describe('limits', () => {
  it('locks out an address after repeated wrong codes, even for the right code', async () => {
    const { workshop, url } = await room();
    const p = await track(Client.open(url));
    const wrong = workshop.room.code === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA';
    for (let i = 1; i < LOCKOUT_FAILURES; i++) {
      expect((await p.request({ type: 'join', code: wrong, name: 'Guess' }, 'error')).code).toBe(
        'wrong-code',
      );
    }
    const locked = await p.request({ type: 'join', code: wrong, name: 'Guess' }, 'error');
    expect(locked.code).toBe('locked-out');
    expect(locked.message).toMatch(/try again in 10 minutes/);
    const still = await p.request({ type: 'join', code: workshop.room.code, name: 'Guess' }, 'error');
    expect(still.code).toBe('locked-out');
  });

  it('lockout: expires after its time, and old failures fall out of the window', () => {
    const l = new CodeLockout(3, 1000, 5000);
    l.fail('a', 0);
    l.fail('a', 500);
    expect(l.fail('a', 1200)).toBe(0); // the first fell out of the window
    expect(l.fail('a', 1300)).toBe(5000);
    expect(l.lockedFor('a', 6299)).toBe(1);
    expect(l.lockedFor('a', 6300)).toBe(0);
    expect(l.lockedFor('b', 1300)).toBe(0);
  });

  it('rate limit: a burst, then refusals, then tokens refill with time', () => {
    const r = new RateLimiter(0, 3, 2);
    expect([r.take(0), r.take(0), r.take(0), r.take(0)]).toEqual([true, true, true, false]);
    expect(r.take(400)).toBe(false);
    expect(r.take(500)).toBe(true);
  });

  it('refuses messages over the rate of a connection, then closes a flood', async () => {
    const { workshop, url } = await room();
    const p = await track(participant(url, workshop.room.code, 'Fast'));
    const errors: any[] = [];
    for (let i = 0; i < RATE_BURST + 5; i++) p.send({ type: 'ping' });
    await new Promise<void>((resolve) => {
      const check = () =>
        p.frames.filter((f) => f.type === 'pong' || f.type === 'error').length >= RATE_BURST + 5
          ? resolve()
          : setTimeout(check, 10);
      check();
    });
    errors.push(...p.frames.filter((f) => f.type === 'error'));
    expect(errors.length).toBeGreaterThanOrEqual(4);
    expect(errors[0]).toMatchObject({ code: 'rate-limited', message: expect.stringMatching(/too fast/) });
    for (let i = 0; i < 60; i++) p.send({ type: 'ping' });
    await new Promise<void>((resolve) => p.ws.once('close', () => resolve()));
    expect(p.closed?.code).toBe(1008);
  });

  it('refuses an oversized message without reading it', async () => {
    const { workshop, url } = await room();
    const p = await track(participant(url, workshop.room.code, 'Big'));
    const e = await p.request(
      { type: 'answer', promptId: 'q1', choice: 'x'.repeat(PARTICIPANT_MESSAGE_MAX_BYTES) },
      'error',
    );
    expect(e).toMatchObject({ code: 'too-large' });
    expect(e.message).toContain(`${PARTICIPANT_MESSAGE_MAX_BYTES} bytes`);
  });
});

describe('presenter and prompts', () => {
  it('steps the cursor and each participant gets only its own party at the new time', async () => {
    const { workshop, url } = await room();
    const h = await track(host(url, workshop.room.hostToken));
    await h.request(
      { type: 'set-parties', parties: ['alice', 'mallory'], assignment: 'round-robin' },
      'host-state',
    );
    const a = await track(participant(url, workshop.room.code, 'A'));
    const m = await track(participant(url, workshop.room.code, 'M'));
    const before = a.last('view').slice.observations.length;
    const next = a.next('view');
    h.send({ type: 'goto', position: workshop.run.steps.length });
    const after = await next;
    expect(after.cursor.position).toBe(workshop.run.steps.length);
    expect(after.slice.observations.length).toBeGreaterThan(before);
    expect(after.slice.observations.every((o: any) => o.party === 'alice')).toBe(true);
    const mv = await m.next('view');
    expect(mv.slice.observations.every((o: any) => o.party === 'mallory')).toBe(true);
  });

  it('a prompt: answers tally live, the right answer comes from the ledger and each party learns its own result', async () => {
    const { workshop, url } = await room();
    const h = await track(host(url, workshop.room.hostToken));
    await h.request(
      { type: 'set-parties', parties: ['bob', 'mallory', 'whatsapp'], assignment: 'round-robin' },
      'host-state',
    );
    const [b, m, w] = [
      await track(participant(url, workshop.room.code, 'B')),
      await track(participant(url, workshop.room.code, 'M')),
      await track(participant(url, workshop.room.code, 'W')),
    ];
    h.send({ type: 'ask', kind: 'can-read-next' });
    const prompt = (await h.until('host-state', (f) => f.prompt !== null)).prompt;
    expect(prompt.open).toBe(true);
    // The first message of the run: bob reads it, the chat server and mallory do not.
    expect(prompt.question).toMatch(/next message \(m1\)/);
    expect(prompt.right.bob.options).toEqual(['yes']);
    expect(prompt.right.whatsapp.options).toEqual(['no']);
    expect(prompt.right.mallory.options).toEqual(['no']);
    const bv = await b.until('view', (f) => f.prompt !== null);
    expect(bv.prompt).toMatchObject({ id: prompt.id, open: true, answer: null, result: null });
    expect(bv.prompt.right).toBeUndefined();
    b.send({ type: 'answer', promptId: prompt.id, choice: 'yes' });
    m.send({ type: 'answer', promptId: prompt.id, choice: 'yes' });
    w.send({ type: 'answer', promptId: prompt.id, choice: 'no' });
    const state = await h.until('host-state', (f) => f.prompt?.answered === 3);
    expect(state.prompt.tally).toEqual({ yes: 2, no: 1 });
    expect(state.prompt.rightCount).toBe(2);
    const closedView = m.next('view');
    h.send({ type: 'close-prompt' });
    const mv = await closedView;
    expect(mv.prompt.result).toMatchObject({ correct: false, right: ['no'] });
    expect(mv.prompt.result.why).toMatch(/mallory/);
    const late = await m.request({ type: 'answer', promptId: prompt.id, choice: 'no' }, 'error');
    expect(late.code).toBe('not-allowed-now');
  });

  it('"who learns who talks to whom" names the chat server from its routing metadata', async () => {
    const { workshop, url } = await room();
    const h = await track(host(url, workshop.room.hostToken));
    h.send({ type: 'ask', kind: 'who-learns-graph' });
    const s = await h.until('host-state', (f) => f.prompt !== null);
    expect(s.prompt.right.alice.options).toContain('whatsapp');
    expect(s.prompt.options.map((o: any) => o.id)).toContain('none');
  });

  it('refuses a prompt that cannot be asked at the end, with the reason', async () => {
    const { workshop, url } = await room();
    const h = await track(host(url, workshop.room.hostToken));
    await h.request({ type: 'goto', position: workshop.run.steps.length }, 'host-state');
    const e = await h.request({ type: 'ask', kind: 'can-read-next' }, 'error');
    expect(e).toMatchObject({
      code: 'not-allowed-now',
      message: expect.stringMatching(/No message is sent after/),
    });
  });

  it('refuses a wrong host token', async () => {
    const { url } = await room();
    const c = await track(Client.open(url));
    expect((await c.request({ type: 'host', token: 'x'.repeat(43) }, 'error')).code).toBe('unknown-token');
    expect((await c.request({ type: 'next' }, 'error')).code).toBe('forbidden');
  });
});

describe('reconnect and persistence', () => {
  it('a participant that reconnects with its token resumes where the room is', async () => {
    const { workshop, url } = await room();
    const h = await track(host(url, workshop.room.hostToken));
    const p = await track(participant(url, workshop.room.code, 'Re'));
    const { token, participant: me } = p.last('welcome');
    p.close();
    h.send({ type: 'goto', position: 3 });
    await h.until('host-state', (f) => f.cursor.position === 3);
    const again = await track(Client.open(url));
    const view = again.next('view');
    const welcome = await again.request({ type: 'resume', token }, 'welcome');
    expect(welcome.participant).toEqual(me);
    expect((await view).cursor.position).toBe(3);
    expect(h.last('host-state').participants).toHaveLength(1);
    const unknown = await track(Client.open(url));
    expect((await unknown.request({ type: 'resume', token: 'y'.repeat(43) }, 'error')).code).toBe(
      'unknown-token',
    );
  });

  it('a restarted presenter resumes the room from SQLite: code, cursor, participants, prompts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sightline-ws-'));
    try {
      const path = join(dir, 'sightline.db');
      const db1 = openDatabase(path);
      const first = await startRoom('06-sim-swap.yaml', { db: db1 });
      const h = await host(first.url, first.workshop.room.hostToken);
      const p = await participant(first.url, first.workshop.room.code, 'Stay');
      const token = p.last('welcome').token;
      h.send({ type: 'goto', position: 2 });
      await h.until('host-state', (f) => f.cursor.position === 2);
      h.send({ type: 'ask', kind: 'can-read-next' });
      await h.until('host-state', (f) => f.prompt !== null);
      p.send({ type: 'answer', promptId: 'q1', choice: 'no' });
      await h.until('host-state', (f) => f.prompt?.answered === 1);
      h.close();
      p.close();
      await first.workshop.close();
      db1.close();

      const db2 = openDatabase(path);
      const second = await startRoom('06-sim-swap.yaml', { db: db2 });
      open.push(second.workshop);
      expect(second.workshop.resumed).toBe(true);
      expect(second.workshop.room.code).toBe(first.workshop.room.code);
      const h2 = await track(host(second.url, first.workshop.room.hostToken));
      const state = h2.last('host-state');
      expect(state.cursor.position).toBe(2);
      expect(state.participants.map((x: any) => x.name)).toEqual(['Stay']);
      expect(state.prompt).toMatchObject({ id: 'q1', answered: 1, tally: { no: 1 } });
      const p2 = await track(Client.open(second.url));
      expect((await p2.request({ type: 'resume', token }, 'welcome')).participant.name).toBe('Stay');

      const fresh = await startRoom('06-sim-swap.yaml', { db: db2, fresh: true });
      open.push(fresh.workshop);
      expect(fresh.workshop.resumed).toBe(false);
      expect(fresh.workshop.room.code).not.toBe(first.workshop.room.code);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
