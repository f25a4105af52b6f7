// A live workshop end to end (issue 14): a presenter and three participants in separate browser contexts. The
// presenter opens three parties (bob, mallory, the chat server), the participants join by the join URL the QR
// code carries and get one party each, the presenter steps through the SIM-swap scenario, asks "Can your party
// read the next message?", the participants answer and the tally counts them; the right answers come from the
// ledger. Every frame a participant receives is checked: it is about its own party only, and no participant page
// ever shows a message text its party does not hold. Screenshots go to test-results/screenshots.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../electron/storage/database.js';
import { startWorkshop, type Workshop } from '../../electron/workshop/start.js';
import { SCREENSHOT_DIR, screenshot, seriousViolations, test as appTest } from './fixtures.js';

const root = join(import.meta.dirname, '..', '..');
const SCENARIO = join(root, 'scenarios', '06-sim-swap.yaml');
/** The workshop server's own port, next to this suite's e2e port range. */
const WORKSHOP_PORT = Number(process.env.SIGHTLINE_E2E_WORKSHOP_PORT ?? 5892);

/** The four message texts of the scenario, and which parties hold each by the end (06-sim-swap golden). */
const M1 = 'gate code for Saturday';
const M2 = 'Got it, thanks';
const M3 = 'transfer the 300';
const M4 = 'card PIN is 9046';
const G1 = 'birthday dinner is at 8';
const G2 = 'bringing the cake';

interface Seat {
  context: BrowserContext;
  page: Page;
  frames: string[];
  problems: string[];
}

let workshop: Workshop;

test.beforeAll(async () => {
  workshop = await startWorkshop({
    file: SCENARIO,
    text: readFileSync(SCENARIO, 'utf8'),
    db: openDatabase(':memory:'),
    port: WORKSHOP_PORT,
    rendererDir: join(root, 'dist', 'renderer'),
    log: () => {},
  });
});

test.afterAll(async () => {
  await workshop?.close();
});

async function open(
  browser: import('@playwright/test').Browser,
  url: string,
  viewport = { width: 1280, height: 900 },
): Promise<Seat> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const frames: string[] = [];
  const problems: string[] = [];
  page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(String(f.payload))));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(url);
  return { context, page, frames, problems };
}

async function joinRoom(seat: Seat, name: string): Promise<string> {
  const { page } = seat;
  await expect(page.getByRole('heading', { name: 'Join the workshop' })).toBeVisible();
  // The QR code's URL carries the code in its fragment: the form has it already, and the address bar no longer.
  await expect(page.getByLabel('Room code')).toHaveValue(workshop.room.code);
  expect(page.url()).not.toContain('#');
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join' }).click();
  await expect(page.getByTestId('my-party')).toContainText(name);
  return (await page.locator('.party-name').textContent())!.trim();
}

test('presenter and three participants: join as three parties, step, ask, answer, tally', async ({
  browser,
}) => {
  const presenter = await open(browser, workshop.server.presenterUrl, { width: 1600, height: 1000 });
  const host = presenter.page;
  // The host token leaves the address bar at once (it is projected).
  await expect(host.getByTestId('room-code')).toHaveText(workshop.room.code);
  expect(host.url()).not.toContain(workshop.room.hostToken);
  await expect(host.getByTestId('join-url')).toHaveText(workshop.server.joinUrl);
  await expect(host.getByRole('img', { name: /QR code/ })).toBeVisible();
  await expect(host.getByTestId('participant-count')).toHaveText('0');

  // Open only bob, mallory and the chat server to join (round-robin in this order).
  await host.getByText('Parties people can join as').click();
  for (const party of ['alice', 'carol', 'carrier', 'registration']) {
    const box = host.getByRole('checkbox', { name: new RegExp(`^${party} `) });
    await box.uncheck();
    await expect(box).not.toBeChecked();
  }

  const seats: Seat[] = [];
  const parties: string[] = [];
  for (const [name, viewport] of [
    ['Ana', { width: 1280, height: 900 }],
    ['Ben', { width: 360, height: 780 }],
    ['Chi', { width: 1280, height: 900 }],
  ] as const) {
    const seat = await open(browser, workshop.server.qrUrl, viewport);
    parties.push(await joinRoom(seat, name));
    seats.push(seat);
  }
  expect(parties).toEqual(['bob', 'mallory', 'whatsapp']);
  const [bob, mallory, server] = seats as [Seat, Seat, Seat];
  await expect(host.getByTestId('participant-count')).toHaveText('3');
  await expect(host.locator('.groups')).toContainText('Ana');
  await screenshot(host, 'workshop-presenter-lobby');

  // Four steps: m1, m2, a group message g1, then bob's phone goes offline. Everyone is in step.
  for (let i = 0; i < 4; i++) await host.getByRole('button', { name: 'Next step ▶' }).click();
  await expect(host.getByTestId('presenter-step')).toContainText('Step 4 of 11');
  await expect(host.getByText("Bob's phone has no signal tonight")).toBeVisible();
  for (const seat of seats)
    await expect(seat.page.getByTestId('participant-step')).toHaveText(/Step 4 of 11/);
  await expect(bob.page.locator('.plaintext').filter({ hasText: M1 })).toBeVisible();
  await expect(server.page.getByRole('heading', { name: "Through whatsapp's eyes" })).toBeVisible();

  // The question; the right answer per party comes from the ledger (mallory reads m3 after the swap).
  await host.getByRole('button', { name: 'Can your party read the next message?' }).click();
  await expect(host.getByTestId('tally')).toContainText('Can your party read the next message (m3)?');
  for (const seat of seats)
    await expect(seat.page.getByTestId('participant-prompt')).toContainText('next message (m3)');
  await bob.page.getByRole('button', { name: 'No', exact: true }).click();
  await mallory.page.getByRole('button', { name: 'Yes, it can read it' }).click();
  await server.page.getByRole('button', { name: 'Yes, it can read it' }).click();
  await expect(host.getByTestId('answered')).toHaveText('3');
  await expect(host.locator('[data-option="yes"] [data-testid="bar-count"]')).toHaveText('2');
  await expect(host.locator('[data-option="no"] [data-testid="bar-count"]')).toHaveText('1');
  await screenshot(mallory.page, 'workshop-participant-phone-question');

  await host.getByRole('button', { name: 'Close the question and show the answer' }).click();
  await expect(host.getByTestId('tally')).toContainText('2 right for their party');
  await expect(bob.page.getByRole('status').filter({ hasText: 'Right!' })).toBeVisible();
  await expect(mallory.page.getByRole('status').filter({ hasText: 'Right!' })).toBeVisible();
  await expect(server.page.getByRole('status').filter({ hasText: 'Not quite.' })).toContainText(
    'never holds its plaintext',
  );
  await screenshot(host, 'workshop-presenter');
  expect(await seriousViolations(host)).toEqual([]);

  // Step to the end: mallory, now holding alice's number, reads m3 and m4; bob and the server never do.
  for (let i = 0; i < 7; i++) await host.getByRole('button', { name: 'Next step ▶' }).click();
  await expect(host.getByTestId('presenter-step')).toContainText('Step 11 of 11');
  await expect(mallory.page.locator('.plaintext').filter({ hasText: M4 })).toBeVisible();
  await expect(mallory.page.locator('.plaintext').filter({ hasText: M3 })).toBeVisible();
  await screenshot(bob.page, 'workshop-participant');
  await screenshot(mallory.page, 'workshop-participant-phone-full');
  // What a phone shows without scrolling (docs/img/workshop-participant-phone.png).
  await mallory.page.screenshot({ path: join(SCREENSHOT_DIR, 'workshop-participant-phone.png') });
  expect(await seriousViolations(mallory.page)).toEqual([]);
  expect(await seriousViolations(bob.page)).toEqual([]);

  // The reveal: the whole matrix on the presenter's screen only.
  await host.getByRole('button', { name: 'Reveal the full matrix' }).click();
  await expect(host.getByRole('gridcell', { name: /^mallory, m3: Reads content/ })).toBeVisible();
  await expect(mallory.page.getByText('The presenter is showing everyone’s view')).toBeVisible();
  await expect(mallory.page.getByRole('gridcell')).toHaveCount(0);
  await screenshot(host, 'workshop-presenter-reveal');

  // No participant page ever shows a text its party does not hold, and every frame is about its own party.
  const notHeld: Record<string, string[]> = {
    bob: [M3, M4, G2],
    mallory: [M1, M2, G1],
    whatsapp: [M1, M2, M3, M4, G1, G2],
  };
  for (const [i, seat] of seats.entries()) {
    const party = parties[i]!;
    const text = await seat.page.locator('body').innerText();
    for (const secret of notHeld[party]!) {
      expect(text, `${party}'s page`).not.toContain(secret);
      for (const frame of seat.frames) expect(frame, `a frame ${party} received`).not.toContain(secret);
    }
    const views = seat.frames.map((f) => JSON.parse(f)).filter((f) => f.type === 'view');
    expect(views.length).toBeGreaterThan(10);
    for (const v of views) {
      expect(v.slice.party).toBe(party);
      expect(v.slice.parties.length).toBeGreaterThan(0);
      for (const o of v.slice.observations) expect(o.party).toBe(party);
      for (const n of v.slice.notices) expect(n.user).toBe(party);
    }
    expect(seat.problems, seat.problems.join('\n')).toEqual([]);
  }
  expect(presenter.problems, presenter.problems.join('\n')).toEqual([]);

  // A participant reloading its page resumes the same seat (same party) without typing the code again.
  await mallory.page.reload();
  await expect(mallory.page.locator('.party-name')).toHaveText('mallory');

  for (const seat of [presenter, ...seats]) await seat.context.close();
});

appTest(
  'the scenario page starts a workshop room and shows its code, join address and QR code',
  async ({ app: page, browser }) => {
    await page.evaluate("window.location.hash = '#/scenario/sim-swap'");
    await page.getByRole('button', { name: 'Start workshop' }).click();
    const panel = page.getByRole('region', { name: 'Live workshop' });
    await panel.getByRole('checkbox', { name: /local network/ }).check();
    await expect(panel.getByRole('note')).toContainText(
      'Anyone on this network who has the room code can join',
    );
    await panel.getByRole('checkbox', { name: /local network/ }).uncheck();
    await panel.getByRole('button', { name: 'Start the workshop room' }).click();
    const code = (await panel.getByTestId('workshop-code').textContent())!.trim();
    expect(code).toMatch(/^[A-Z2-9]{6}$/);
    await expect(panel.getByTestId('workshop-join-url')).toHaveText(/^http:\/\/127\.0\.0\.1:\d+\/join$/);
    await expect(panel.getByRole('img', { name: /QR code/ })).toBeVisible();
    await screenshot(page, 'workshop-start-panel');
    expect(await seriousViolations(page)).toEqual([]);

    // The presenter link opens the presenter page of that very room.
    const presenterUrl = await panel.getByRole('textbox').inputValue();
    const context = await browser.newContext();
    const host = await context.newPage();
    await host.goto(presenterUrl);
    await expect(host.getByTestId('room-code')).toHaveText(code);
    await context.close();

    // Asking again picks up the running room; Stop ends it.
    await panel.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Start workshop' }).click();
    await expect(panel.getByTestId('workshop-code')).toHaveText(code);
    await panel.getByRole('button', { name: 'Stop' }).click();
    await expect(panel.getByTestId('workshop-room')).toHaveCount(0);
  },
);
