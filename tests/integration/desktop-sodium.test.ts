// sodium-native in the desktop package (issue 15, §4), checked without Electron: electron-builder.yml's own
// patterns, applied with electron-builder's own matcher, must ship and unpack every file Node loads for
// sodium-native, and the run worker bundle, placed where the package puts it (app.asar.unpacked/dist/electron/),
// must then find and load it — not fall back to the node:crypto provider.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildElectron } from '../../electron/build.js';

const require = createRequire(import.meta.url);
const { FileMatcher } = require('app-builder-lib/out/fileMatcher.js') as {
  FileMatcher: new (
    from: string,
    to: string,
    expand: (pattern: string) => string,
    patterns: string[],
  ) => { createFilter(): (file: string, stat: ReturnType<typeof statSync>) => boolean };
};

const root = process.cwd();
const config = parse(readFileSync('electron-builder.yml', 'utf8')) as Record<string, unknown> & {
  files: string[];
  asarUnpack: string[];
};
const platform = ({ linux: 'linux', darwin: 'mac', win32: 'win' } as Record<string, string>)[
  process.platform
]!;
const expand = (pattern: string) => pattern.replace(/\$\{arch\}/g, process.arch);
const platformFiles = ((config[platform] as { files?: string[] } | undefined)?.files ?? []).map(String);
const shipped = new FileMatcher(root, '/', expand, [...config.files, ...platformFiles]).createFilter();
const unpacked = new FileMatcher(root, '/', expand, config.asarUnpack).createFilter();

/** Files (relative to the project) that Node loads to use sodium-native, with each package's package.json. */
function loadedFiles(): string[] {
  const script = `
    const sodium = require('sodium-native');
    const out = Buffer.alloc(32); sodium.crypto_hash_sha256(out, Buffer.from('abc'));
    const files = Object.keys(require.cache).filter((f) => f.includes('node_modules'));
    process.stdout.write(JSON.stringify(files));`;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  expect(child.status, child.stderr).toBe(0);
  const files = (JSON.parse(child.stdout) as string[]).map(
    (f) => `node_modules/${f.split('/node_modules/').pop()!}`,
  );
  const packages = new Set(files.map((f) => f.split('/')[1]!));
  return [...new Set([...files, ...[...packages].map((p) => `node_modules/${p}/package.json`)])].sort();
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

const out = mkdtempSync(join(tmpdir(), 'sightline-desktop-sodium-'));
const bundle = join(out, 'bundle');
beforeAll(() => buildElectron(bundle), 120_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Lays out app.asar.unpacked as the package would, from the files that pass `keep`. */
function layout(name: string, keep: (file: string) => boolean): string {
  const app = join(out, name, 'resources', 'app.asar.unpacked');
  const workerDir = join(app, 'dist', 'electron');
  mkdirSync(workerDir, { recursive: true });
  copyFileSync(join(bundle, 'run-worker.mjs'), join(workerDir, 'run-worker.mjs'));
  const packages = new Set(loadedFiles().map((f) => f.split('/')[1]!));
  for (const pkg of packages) {
    for (const file of walk(join(root, 'node_modules', pkg))) {
      const rel = relative(root, file);
      if (!keep(rel)) continue;
      mkdirSync(dirname(join(app, rel)), { recursive: true });
      copyFileSync(file, join(app, rel));
    }
  }
  return join(workerDir, 'run-worker.mjs');
}

/** Loads sodium-native the way the run worker does (createRequire from its own file) in a fresh process. */
function loadFromWorker(worker: string): { status: number | null; stdout: string; stderr: string } {
  const script = `
    const { createRequire } = require('node:module');
    const sodium = createRequire(${JSON.stringify(worker)})('sodium-native');
    const out = Buffer.alloc(32); sodium.crypto_hash_sha256(out, Buffer.from('abc'));
    process.stdout.write(out.toString('hex'));`;
  return spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: tmpdir() });
}

const SHA256_ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

describe('sodium-native in the desktop package', () => {
  it('the run worker bundle leaves sodium-native to be resolved at run time', () => {
    expect(readFileSync(join(bundle, 'run-worker.mjs'), 'utf8')).toContain(
      'createRequire(import.meta.url)("sodium-native")',
    );
  });

  it('every file Node loads for sodium-native is shipped and unpacked, with this platform’s prebuild only', () => {
    const files = loadedFiles();
    expect(files).toContain(
      `node_modules/sodium-native/prebuilds/${process.platform}-${process.arch}/sodium-native.node`,
    );
    const stat = (f: string) => statSync(join(root, f));
    expect(files.filter((f) => !shipped(join(root, f), stat(f)))).toEqual([]);
    expect(files.filter((f) => !unpacked(join(root, f), stat(f)))).toEqual([]);
    const other = process.platform === 'win32' ? 'linux-x64' : 'win32-x64';
    const foreign = `node_modules/sodium-native/prebuilds/${other}/sodium-native.node`;
    expect(shipped(join(root, foreign), stat(foreign))).toBe(false);
  });

  it('the packaged run worker loads sodium-native from app.asar.unpacked', () => {
    const worker = layout(
      'packaged',
      (rel) =>
        shipped(join(root, rel), statSync(join(root, rel))) &&
        unpacked(join(root, rel), statSync(join(root, rel))),
    );
    const result = loadFromWorker(worker);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe(SHA256_ABC);
  });

  it('with only the .node binaries unpacked (the old package) the worker could not load it', () => {
    const worker = layout('binaries-only', (rel) => rel.endsWith('.node'));
    const result = loadFromWorker(worker);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/Cannot find module 'sodium-native'/);
  });
});
