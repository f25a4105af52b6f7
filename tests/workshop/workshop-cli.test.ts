// `sightline workshop`: prints the presenter and join addresses, the code and a QR code; warns on --lan; a
// second start with the same data directory resumes the room.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workshopCommand } from '../../simulator/cli/commands/workshop.js';
import type { CommandContext } from '../../simulator/cli/context.js';
import { palette } from '../../simulator/cli/io.js';

function ctx(): { ctx: CommandContext; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    ctx: {
      io: {
        stdout: { write: (t: string) => out.push(t) } as never,
        stderr: { write: (t: string) => err.push(t) } as never,
        env: {},
        cwd: join(import.meta.dirname, '..', '..'),
      },
      out: palette(false),
      err: palette(false),
      runner: () => Promise.reject(new Error('not used')),
      workers: false,
    },
  };
}

async function start(dir: string, extra: { lan?: boolean } = {}) {
  const c = ctx();
  const stop = new AbortController();
  const done = workshopCommand(
    'scenarios/06-sim-swap.yaml',
    { dataDir: dir, signal: stop.signal, ...extra },
    c.ctx,
  );
  while (!c.out.join('').includes('Ctrl-C')) await new Promise((r) => setTimeout(r, 10));
  stop.abort();
  expect(await done).toBe(0);
  return { out: c.out.join(''), err: c.err.join('') };
}

describe('sightline workshop', () => {
  it('prints the addresses, the code and a QR code, and resumes the room on a second start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sightline-cli-ws-'));
    try {
      const first = await start(dir);
      const code = /New room ([A-Z2-9]{6})\./.exec(first.out)![1];
      expect(first.out).toMatch(/Presenter: {2}http:\/\/127\.0\.0\.1:\d+\/host#host=[\w-]{43}/);
      expect(first.out).toMatch(/Join at: {4}http:\/\/127\.0\.0\.1:\d+\/join/);
      expect(first.out).toContain(`Room code:  ${code}`);
      expect(first.out).toContain('▀');
      expect(first.out).toContain('Loopback only');
      expect(first.err).toBe('');
      const second = await start(dir, { lan: true });
      expect(second.out).toContain(`Resumed room ${code}`);
      expect(second.err).toMatch(/warning: --lan binds to every network interface: anyone on this network/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
