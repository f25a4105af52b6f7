// `npm start` (bin/start.js): falls back to browser mode when Electron's binary is missing and says why,
// honours --web and --port, refuses bad flags, and explains a port in use.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TOKEN_HEADER, callPath } from '../../electron/contract.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const START = join(REPO, 'bin', 'start.js');
const dataDir = mkdtempSync(join(tmpdir(), 'sightline-start-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Electron's package resolves its binary under this directory, which does not exist: "not installed". */
const NO_ELECTRON = { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: join(dataDir, 'no-electron') };

interface Launch {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  url: string | null;
  exit: Promise<number | null>;
}

/** Start bin/start.js and wait until it prints its address or exits. */
function launch(args: string[], env: NodeJS.ProcessEnv = NO_ELECTRON): Promise<Launch> {
  const child = spawn(process.execPath, [START, ...args], {
    cwd: REPO,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const state: Launch = {
    child,
    stdout: '',
    stderr: '',
    url: null,
    exit: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
  };
  return new Promise((resolve) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      state.stdout += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(state.stdout);
      if (match && !state.url) {
        state.url = match[1]!;
        resolve(state);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (state.stderr += chunk.toString()));
    void state.exit.then(() => resolve(state));
  });
}

describe('bin/start.js', () => {
  it('falls back to browser mode, says why, and serves the lab with its token', async () => {
    const run = await launch(['--port', '0', '--data-dir', dataDir]);
    expect(run.url, run.stderr).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}$/);
    expect(run.stdout).toMatch(/Browser mode: the electron package names a binary that does not exist/);
    const url = new URL(run.url!);
    const token = url.searchParams.get('token')!;
    const call = (headers: Record<string, string>) =>
      fetch(`${url.origin}${callPath('getSettings')}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{}',
      });
    expect((await call({})).status).toBe(401);
    const ok = await call({ [TOKEN_HEADER]: token });
    expect(await ok.json()).toMatchObject({ ok: true, value: { theme: 'system' } });
    expect((await fetch(run.url!)).status).toBe(200);
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
  });

  it('--web forces browser mode', async () => {
    const run = await launch(['--web', '--port', '0', '--data-dir', dataDir]);
    expect(run.stdout).toContain('Browser mode: --web was given.');
    expect(run.url).not.toBeNull();
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
  });

  it('refuses a bad port and unknown flags with usage', async () => {
    const bad = await launch(['--port', 'eighty']);
    expect(await bad.exit).toBe(2);
    expect(bad.stderr).toContain('--port must be a number from 0 to 65535, not "eighty".');
    expect(bad.stderr).toContain('Usage: npm start');
    const unknown = await launch(['--colour']);
    expect(await unknown.exit).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--colour'/);
  });

  it('explains a port in use', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const run = await launch(['--web', '--port', String(port), '--data-dir', dataDir]);
      expect(await run.exit).toBe(1);
      expect(run.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(run.stderr).toContain('--port');
    } finally {
      blocker.close();
    }
  });

  it('opens the desktop app when Electron’s binary is present, building the host first', async () => {
    // A stand-in binary where the electron package looks for one (ELECTRON_OVERRIDE_DIST_PATH).
    const dist = join(dataDir, 'fake-electron');
    const pathTxt = join(REPO, 'node_modules', 'electron', 'path.txt');
    const relative = existsSync(pathTxt) ? readFileSync(pathTxt, 'utf8') : 'electron';
    const binary = join(dist, relative);
    mkdirSync(dirname(binary), { recursive: true });
    writeFileSync(
      binary,
      '#!/bin/sh\necho "fake-electron $@ run-as-node=${ELECTRON_RUN_AS_NODE:-unset}"\nexit 3\n',
    );
    chmodSync(binary, 0o755);
    const run = await launch(['--port', '1234'], {
      ...process.env,
      ELECTRON_OVERRIDE_DIST_PATH: dist,
      ELECTRON_RUN_AS_NODE: '1',
    });
    expect(await run.exit).toBe(3); // the app's exit code is passed through
    expect(run.stdout).toContain('Building the desktop host');
    expect(run.stdout).toContain(`fake-electron ${REPO.replace(/\/$/, '')} run-as-node=unset`);
    expect(run.stdout).not.toContain('Browser mode');
    expect(run.stderr).toContain('--port and --host apply to browser mode only');
    expect(existsSync(join(REPO, 'dist', 'electron', 'main.js'))).toBe(true);
  });
});
