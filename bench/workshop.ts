// `npm run bench:workshop`: 60 WebSocket participants in one room; the presenter steps through the run and each
// step's broadcast is timed from the presenter's send to each participant's receipt of that step's view.
// Prints p50/p95/max in ms (issue 14 bar: p95 ≤ 150 ms on loopback). Figures only, no assertion; other work on
// the machine makes them noisy.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { openDatabase } from '../electron/storage/database.js';
import { startWorkshop } from '../electron/workshop/start.js';

const CLIENTS = Number(process.env.WORKSHOP_CLIENTS ?? 60);
const ROUNDS = Number(process.env.WORKSHOP_ROUNDS ?? 3);
const file = join(import.meta.dirname, '..', 'scenarios', '06-sim-swap.yaml');
const workshop = await startWorkshop({
  file,
  text: readFileSync(file, 'utf8'),
  db: openDatabase(':memory:'),
  port: 0,
  rendererDir: '/nonexistent',
  log: () => {},
});
const url = `ws://127.0.0.1:${workshop.server.port}/ws`;
workshop.room.command({
  type: 'set-parties',
  parties: workshop.run.parties.map((p) => p.id),
  assignment: 'round-robin',
});

function open(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}
const hostWs = await open();
hostWs.send(JSON.stringify({ type: 'host', token: workshop.room.hostToken }));
const waiting = new Map<number, { sent: number; left: number; done: () => void }>();
const latencies: number[] = [];
const clients: WebSocket[] = [];
for (let i = 0; i < CLIENTS; i++) {
  const ws = await open();
  await new Promise<void>((resolve) => {
    ws.on('message', (data) => {
      const f = JSON.parse(data.toString()) as { type: string; cursor?: { position: number } };
      if (f.type === 'view' && f.cursor) {
        const w = waiting.get(f.cursor.position);
        if (w) {
          latencies.push(performance.now() - w.sent);
          if (--w.left === 0) w.done();
        }
        resolve();
      }
    });
    ws.send(JSON.stringify({ type: 'join', code: workshop.room.code, name: `P${i}` }));
  });
  clients.push(ws);
}
const steps = workshop.run.steps.length;
for (let round = 0; round < ROUNDS; round++) {
  for (let position = 1; position <= steps; position++) {
    const target = round % 2 === 0 ? position : steps - position;
    await new Promise<void>((done) => {
      waiting.clear();
      waiting.set(target, { sent: performance.now(), left: CLIENTS, done });
      hostWs.send(JSON.stringify({ type: 'goto', position: target }));
    });
  }
}
latencies.sort((a, b) => a - b);
const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
console.log(
  `workshop broadcast: ${CLIENTS} clients, ${ROUNDS * steps} steps, ${latencies.length} deliveries`,
);
console.log(
  `  p50 ${q(0.5).toFixed(1)} ms · p95 ${q(0.95).toFixed(1)} ms · max ${latencies[latencies.length - 1]!.toFixed(1)} ms (bar: p95 ≤ 150 ms)`,
);
for (const ws of clients) ws.close();
hostWs.close();
await workshop.close();
process.exit(0);
