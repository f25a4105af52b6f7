// A run is written in one transaction: after a crash it is there whole or absent (ARCHITECTURE.md). A child
// process saving runs is killed with SIGKILL at seeded random points, 50 times, against the same database.
// Afterwards the database must pass integrity_check, every acknowledged run must be present and complete, and
// no run may be present but partial.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLabStore } from '../../electron/storage/lab-store.js';
import { crashRunSize, mulberry32 } from './fixtures/crash-plan.js';

const SEED = 0x5eed;
const KILLS = 50;
const CHILD_SOURCE = fileURLToPath(new URL('./fixtures/crash-child.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sightline-crash-'));
const dbPath = join(dir, 'lab.db');
const CHILD = join(dir, 'crash-child.cjs');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The child is bundled once so that each of the 50 lives starts in ~0.1 s (no TypeScript loader);
// better-sqlite3 stays external and resolves through NODE_PATH.
beforeAll(async () => {
  await build({
    entryPoints: [CHILD_SOURCE],
    outfile: CHILD,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['better-sqlite3'],
    logLevel: 'warning',
  });
});

interface Life {
  begun: string[];
  acked: string[];
}

/** Start the child, let it acknowledge `acks` saves, wait `delayMs` more, then SIGKILL it. */
function liveAndDie(iteration: number, acks: number, delayMs: number): Promise<Life> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dbPath, String(SEED), String(iteration)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: REPO,
      env: { ...process.env, NODE_PATH: join(REPO, 'node_modules') },
    });
    const life: Life = { begun: [], acked: [] };
    let buffered = '';
    let stderr = '';
    let armed = false;
    const arm = () => {
      if (armed) return;
      armed = true;
      setTimeout(() => child.kill('SIGKILL'), delayMs);
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (line === 'ready' && acks === 0) arm();
        else if (line.startsWith('begin ')) life.begun.push(line.slice(6));
        else if (line.startsWith('ack ')) {
          life.acked.push(line.slice(4));
          if (life.acked.length >= acks) arm();
        }
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child exited on its own (code ${code}):\n${stderr}`));
      else resolve(life);
    });
  });
}

describe('storage survives SIGKILL', () => {
  it(`keeps every acknowledged run whole across ${KILLS} kills`, async () => {
    const rand = mulberry32(SEED);
    const acked = new Set<string>();
    let interrupted = 0;
    for (let iteration = 0; iteration < KILLS; iteration++) {
      const life = await liveAndDie(iteration, Math.floor(rand() * 4), Math.floor(rand() * 25));
      for (const id of life.acked) acked.add(id);
      if (life.begun.length > life.acked.length) interrupted += 1;
    }
    console.log(`crash test: ${acked.size} acknowledged runs, ${interrupted}/${KILLS} kills during a save`);

    const raw = new Database(dbPath);
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(raw.pragma('foreign_key_check')).toEqual([]);
    raw.close();

    const store = openLabStore(dbPath);
    try {
      const rows = store.db.prepare('SELECT id, journal_length AS n, journal_hash AS h FROM runs').all() as {
        id: string;
        n: number;
        h: string;
      }[];
      const present = new Map(rows.map((r) => [r.id, r]));
      for (const id of acked) expect(present.has(id), `acknowledged run ${id} is missing`).toBe(true);
      // Every run present — acknowledged or caught before its ack was printed — is complete.
      for (const row of rows) {
        const iteration = parseInt(row.id.slice(9, 13), 16);
        const index = parseInt(row.id.slice(15, 18), 16);
        expect(row.n).toBe(crashRunSize(SEED, iteration, index));
        const run = store.runs.get(row.id);
        expect(run?.journal).toHaveLength(row.n);
        const hash = createHash('sha256');
        for (const event of run!.journal) hash.update(JSON.stringify(event));
        expect(hash.digest('hex')).toBe(row.h);
      }
      expect(acked.size).toBeGreaterThan(0);
    } finally {
      store.close();
    }
  }, 180_000);
});
