/**
 * The import-cycle check (`npm run check:cycles`, part of `npm run check`): the project's
 * dependency-cruiser configuration must report a cycle through `.js`-suffixed TypeScript imports,
 * type-only imports and `.vue` components, and must not report modules that merely share a
 * dependency. Runs the real configuration on a small project written to a temporary folder, so a
 * change to the configuration that blinds it fails here rather than silently passing in CI.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../fixtures/scenarios/cli-harness.js';

const CONFIG = join(REPO_ROOT, '.dependency-cruiser.cjs');
const DEPCRUISE = join(REPO_ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

/** A tiny project: three cycles (value imports, type-only imports, through a .vue file) and a diamond. */
const FILES: Record<string, string> = {
  'src/clock.ts': "import { tick } from './timer.js';\nexport const now = (): number => tick();\n",
  'src/timer.ts': "import { now } from './clock.js';\nexport const tick = (): number => now() + 1;\n",
  'src/problem.ts': "import type { Where } from './where.js';\nexport interface Problem { where: Where }\n",
  'src/where.ts': "import type { Problem } from './problem.js';\nexport type Where = Problem[] | number;\n",
  'src/store.ts':
    "import type Panel from './Panel.vue';\nexport type PanelType = typeof Panel;\nexport const count = 1;\n",
  'src/Panel.vue':
    '<script setup lang="ts">\nimport { count } from \'./store.js\';\n</script>\n<template><p>{{ count }}</p></template>\n',
  'src/top.ts': "import { a } from './left.js';\nimport { b } from './right.js';\nexport const t = a + b;\n",
  'src/left.ts': "import { base } from './base.js';\nexport const a = base;\n",
  'src/right.ts': "import { base } from './base.js';\nexport const b = base;\n",
  'src/base.ts': 'export const base = 1;\n',
};

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
  cycle?: Array<{ name: string }>;
}

/** Runs depcruise with the project's configuration; `err` is the reporter `npm run check:cycles` uses. */
function depcruise(cwd: string, type: 'err' | 'json', paths: string[]) {
  return spawnSync(process.execPath, [DEPCRUISE, '--config', CONFIG, '--output-type', type, ...paths], {
    cwd,
    encoding: 'utf8',
  });
}

let dir: string;
let outcome: { status: number | null; text: string; violations: Violation[]; modules: string[] };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sightline-cycles-'));
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const check = depcruise(dir, 'err', ['src']);
  const report = JSON.parse(depcruise(dir, 'json', ['src']).stdout) as {
    modules: Array<{ source: string }>;
    summary: { violations: Violation[] };
  };
  outcome = {
    status: check.status,
    text: check.stdout + check.stderr,
    violations: report.summary.violations,
    modules: report.modules.map((m) => m.source),
  };
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The modules of each reported cycle, sorted, one string per cycle (each cycle is reported once per member). */
function cycles(): Set<string> {
  return new Set(
    outcome.violations
      .filter((v) => v.rule.name === 'no-circular')
      .map((v) => [v.from, ...(v.cycle ?? []).map((c) => c.name)])
      .map((members) => [...new Set(members)].sort().join(' ')),
  );
}

describe('the import-cycle check', () => {
  it('fails (non-zero exit) when the code has a cycle, naming it', () => {
    expect(outcome.status).not.toBe(0);
    expect(outcome.text).toMatch(/no-circular: src\/clock\.ts →\s+src\/timer\.ts →\s+src\/clock\.ts/);
  });

  it('reads the .ts files behind .js suffixes and the .vue component', () => {
    expect(outcome.modules).toEqual(
      expect.arrayContaining(['src/clock.ts', 'src/timer.ts', 'src/Panel.vue', 'src/where.ts']),
    );
    expect(outcome.modules.some((m) => m.endsWith('.js'))).toBe(false);
  });

  it('reports the value, type-only and .vue cycles, and nothing else', () => {
    expect(cycles()).toEqual(
      new Set(['src/clock.ts src/timer.ts', 'src/problem.ts src/where.ts', 'src/Panel.vue src/store.ts']),
    );
    const flagged = new Set(outcome.violations.map((v) => v.from));
    for (const innocent of ['src/top.ts', 'src/left.ts', 'src/right.ts', 'src/base.ts'])
      expect(flagged.has(innocent)).toBe(false);
  });
});

describe('the project itself', () => {
  it('has no import cycle in any folder `npm run check:cycles` covers', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const [command, ...args] = pkg.scripts['check:cycles']!.split(/\s+/);
    expect(command).toBe('depcruise');
    expect(args).toEqual(
      expect.arrayContaining(['simulator', 'electron', 'renderer/src', 'scripts', 'bench']),
    );
    const run = spawnSync(process.execPath, [DEPCRUISE, ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(run.stdout + run.stderr).toContain('no dependency violations found');
    expect(run.status).toBe(0);
  });
});
