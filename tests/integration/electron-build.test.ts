// The desktop bundles (electron/build.ts), checked without Electron: the sandboxed preload runs with nothing but
// require('electron') and exposes exactly the contract; the main bundle imports only Electron, better-sqlite3
// and Node built-ins; the run worker bundle runs a real scenario on its own, and the design worker bundle scores a
// design against the built-in library on its own.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildElectron } from '../../electron/build.js';
import { CALL_NAMES, LAB_API_GLOBAL, callChannel, eventChannel } from '../../electron/contract.js';
import { DesignRunner } from '../../electron/service/design/runner.js';
import { RunManager, type RunOutcome } from '../../electron/service/run-manager.js';
import { designPreset } from '../../simulator/design/index.js';

const out = mkdtempSync(join(tmpdir(), 'sightline-build-'));
beforeAll(() => buildElectron(out), 60_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('desktop bundles', () => {
  it('the preload runs sandboxed (only electron is required) and exposes exactly the contract', () => {
    const code = readFileSync(join(out, 'preload.cjs'), 'utf8');
    expect(code.length).toBeLessThan(20_000); // names only: no zod in the preload
    const exposed: Record<string, any> = {};
    const invoked: unknown[][] = [];
    const listened: string[] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
      ipcRenderer: {
        invoke: (...args: unknown[]) => (invoked.push(args), Promise.resolve(null)),
        on: (channel: string) => listened.push(channel),
        removeListener: () => {},
      },
    };
    const required: string[] = [];
    const sandboxRequire = (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
      return electron;
    };
    runInNewContext(code, { require: sandboxRequire, module: { exports: {} }, exports: {} });
    expect(required).toEqual(['electron']);
    const api = exposed[LAB_API_GLOBAL];
    expect(Object.keys(api).sort()).toEqual([...CALL_NAMES, 'on'].sort());
    api.getSettings({});
    api.on('runFinished', () => {});
    expect(invoked).toEqual([[callChannel('getSettings'), {}]]);
    expect(listened).toEqual([eventChannel('runFinished')]);
    expect(() => api.on('nope', () => {})).toThrow();
  });

  it('the main bundle imports only electron, better-sqlite3 and Node built-ins', () => {
    const code = readFileSync(join(out, 'main.js'), 'utf8');
    const specifiers = new Set(
      [...code.matchAll(/(?:^|\n)import [^;]*?from ["']([^"']+)["']/g)].map((m) => m[1]!),
    );
    const builtins = new Set(builtinModules);
    const foreign = [...specifiers].filter(
      (s) => s !== 'electron' && s !== 'better-sqlite3' && !s.startsWith('node:') && !builtins.has(s),
    );
    expect(foreign).toEqual([]);
    expect(specifiers.has('electron')).toBe(true);
    expect(specifiers.has('better-sqlite3')).toBe(true);
  });

  it('the run worker bundle runs a real scenario by itself', async () => {
    const text = readFileSync(new URL('./fixtures/scenarios/sim-swap-lab.yaml', import.meta.url), 'utf8');
    const outcome = await new Promise<RunOutcome>((resolve) => {
      const manager = new RunManager({
        worker: { entry: pathToFileURL(join(out, 'run-worker.mjs')) },
        maxConcurrent: 1,
        timeoutMs: 60_000,
        now: () => 0,
        onProgress: () => {},
        onFinished: (_job, o) => resolve(o),
      });
      manager.start({
        runId: '0f8fad5b-d9cb-469f-a165-70867728950e',
        scenarioId: 'sim-swap-lab',
        text,
        variant: 'with-2sv',
        seed: 3,
      });
    });
    expect(outcome.status, JSON.stringify(outcome)).toBe('completed');
    if (outcome.status === 'completed') {
      expect(outcome.run).toMatchObject({
        scenarioId: 'sim-swap-lab',
        variant: 'with-2sv',
        seed: 3,
        valid: true,
      });
      expect(outcome.run.journal.length).toBeGreaterThan(10);
    }
  }, 60_000);

  it('the design worker bundle scores a preset against the built-in library by itself', async () => {
    const runner = new DesignRunner({
      worker: {
        entry: pathToFileURL(join(out, 'design-worker.mjs')),
        data: { libraryDir: fileURLToPath(new URL('../../scenarios', import.meta.url)) },
      },
      timeoutMs: 120_000,
    });
    try {
      const evaluation = await runner.evaluate(designPreset('consumer')!.yaml, 1, () => {});
      expect(evaluation.scorecard.designId).toBe('consumer');
      expect(evaluation.rerun.length).toBeGreaterThan(10);
      expect(evaluation.scorecard.cells.some((c) => c.mark.includes('P'))).toBe(true);
    } finally {
      await runner.close();
    }
  }, 120_000);
});
