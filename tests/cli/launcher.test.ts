/**
 * The prebuilt CLI (bin/bundle-cache.js, bin/sightline.js): a bundle is used only when it was built
 * from exactly the current inputs — a changed source, a changed or missing output, a broken
 * manifest each mean a rebuild — and when no bundle can be had (the cache cannot be written) the
 * launcher runs the sources through tsx with the same output. The cache logic is exercised on a
 * small fixture project inside the checkout (packages resolve from its node_modules), the launcher
 * on the real CLI with its cache moved by SIGHTLINE_CACHE_DIR.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBundle, cachedBundle, freshBundle } from '../../bin/bundle-cache.js';
import { BIN, REPO_ROOT } from '../fixtures/scenarios/cli-harness.js';

const scratch = join(REPO_ROOT, '.sightline', 'test');
mkdirSync(scratch, { recursive: true });
const tmp = mkdtempSync(join(scratch, 'launcher-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A project of three files: an entry, a module it imports, a text file it finds by import.meta.url. */
function fixtureProject(name: string) {
  const root = join(tmp, name);
  mkdirSync(join(root, 'src', 'lib'), { recursive: true });
  writeFileSync(
    join(root, 'src', 'entry.ts'),
    [
      "import { readFileSync } from 'node:fs';",
      "import { z } from 'zod';",
      "import { word } from './lib/word.js';",
      'export const value = (): string =>',
      "  `${z.string().parse(word)}:${readFileSync(new URL('./data.txt', import.meta.url), 'utf8').trim()}`;",
      '',
    ].join('\n'),
  );
  writeFileSync(join(root, 'src', 'lib', 'word.ts'), "export const word: string = 'one';\n");
  writeFileSync(join(root, 'src', 'data.txt'), 'beside the entry\n');
  return { root, cacheDir: join(root, 'cache'), entries: { entry: 'src/entry.ts' } };
}

async function valueOf(url: string | undefined): Promise<string> {
  expect(url).toBeDefined();
  const module = (await import(url!)) as { value(): string };
  return module.value();
}

describe('bundle cache', () => {
  it('builds a bundle that runs like the sources, and finds it fresh afterwards', async () => {
    const spec = fixtureProject('fresh');
    expect(await freshBundle(spec)).toBeUndefined();
    const built = await buildBundle(spec);
    expect(await valueOf(built['entry'])).toBe('one:beside the entry');
    expect(await freshBundle(spec)).toEqual(built);
    const manifest = JSON.parse(readFileSync(join(spec.cacheDir, 'manifest.json'), 'utf8')) as {
      inputs: Record<string, string>;
    };
    // The cache's own code is an input too: a change to how bundles are built rebuilds them.
    expect(Object.keys(manifest.inputs)).toEqual(
      expect.arrayContaining([
        'src/entry.ts',
        'src/lib/word.ts',
        expect.stringMatching(/bin\/bundle-cache\.js$/),
      ]),
    );
  });

  it('rebuilds when an input changed, and the new bundle runs the new code', async () => {
    const spec = fixtureProject('stale');
    const first = await cachedBundle(spec);
    expect(await valueOf(first['entry'])).toBe('one:beside the entry');
    writeFileSync(join(spec.root, 'src', 'lib', 'word.ts'), "export const word: string = 'two';\n");
    expect(await freshBundle(spec)).toBeUndefined();
    const second = await cachedBundle(spec);
    expect(second['entry']).not.toBe(first['entry']);
    expect(await valueOf(second['entry'])).toBe('two:beside the entry');
    expect(await freshBundle(spec)).toEqual(second);
  });

  it('rebuilds when an output was damaged or the manifest is not JSON', async () => {
    const spec = fixtureProject('broken');
    const built = await cachedBundle(spec);
    const output = fileURLToPath(built['entry']!);
    writeFileSync(output, readFileSync(output, 'utf8').slice(0, 40));
    expect(await freshBundle(spec)).toBeUndefined();

    writeFileSync(join(spec.cacheDir, 'manifest.json'), '{ not json');
    expect(await freshBundle(spec)).toBeUndefined();
    writeFileSync(join(spec.cacheDir, 'manifest.json'), 'null');
    expect(await freshBundle(spec)).toBeUndefined();

    rmSync(join(spec.cacheDir), { recursive: true, force: true });
    const again = await cachedBundle(spec);
    expect(await valueOf(again['entry'])).toBe('one:beside the entry');
  });

  it('fails (so the caller falls back) when the cache folder cannot be made', async () => {
    const spec = fixtureProject('unwritable');
    writeFileSync(join(spec.root, 'a-file'), '');
    await expect(cachedBundle({ ...spec, cacheDir: join(spec.root, 'a-file', 'cache') })).rejects.toThrow();
  });
});

function launch(args: string[], cacheDir: string) {
  const child = spawnSync(process.execPath, [BIN, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', NO_COLOR: '1', SIGHTLINE_DEBUG: '1', SIGHTLINE_CACHE_DIR: cacheDir },
  });
  const launcher = child.stderr.split('\n').filter((l) => l.startsWith('sightline launcher:'));
  const rest = child.stderr.split('\n').filter((l) => !l.startsWith('sightline launcher:'));
  return { code: child.status, stdout: child.stdout, stderr: rest.join('\n'), launcher: launcher.join('\n') };
}

describe('bin/sightline.js', () => {
  const args = ['run', 'scenarios/01-first-message.yaml', '--json', '-'];

  it('builds the bundle once, then runs it fresh; a changed input makes it build again', () => {
    const cacheDir = join(tmp, 'cli-cache');
    const first = launch(args, cacheDir);
    expect(first.code, first.stderr).toBe(0);
    expect(first.launcher).toMatch(/^sightline launcher: built bundle /);
    const second = launch(args, cacheDir);
    expect(second.launcher).toMatch(/^sightline launcher: fresh bundle /);
    expect(second.stdout).toBe(first.stdout);

    // As if simulator/cli/main.ts had changed since the build (the real file is left alone).
    const manifestPath = join(cacheDir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { inputs: Record<string, string> };
    expect(manifest.inputs['simulator/cli/main.ts']).toMatch(/^[0-9a-f]{64}$/);
    manifest.inputs['simulator/cli/main.ts'] = '0'.repeat(64);
    writeFileSync(manifestPath, JSON.stringify(manifest));
    const third = launch(args, cacheDir);
    expect(third.launcher).toMatch(/^sightline launcher: built bundle /);
    expect(third.stdout).toBe(first.stdout);
  });

  it('runs the sources through tsx, with the same output, when the cache cannot be written', () => {
    writeFileSync(join(tmp, 'plain-file'), '');
    const bundled = launch(args, join(tmp, 'cli-cache-2'));
    const fallback = launch(args, join(tmp, 'plain-file', 'cache'));
    expect(fallback.code, fallback.stderr).toBe(0);
    expect(fallback.launcher).toMatch(/^sightline launcher: tsx \(no bundle: /);
    expect(bundled.launcher).toMatch(/bundle /);
    expect(fallback.stdout).toBe(bundled.stdout);
    expect(fallback.stderr).toBe(bundled.stderr);
  });
});
