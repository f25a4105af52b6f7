// @ts-check
/**
 * The prebuilt CLI: esbuild bundles the TypeScript entries (the CLI's main and the `--jobs` worker)
 * into plain ES modules under `.sightline/cache/bundle/` (gitignored), so `sightline` starts without
 * tsx transpiling ~230 files at every start (docs/dev/PERF.md) and worker threads need no loader.
 * Plain JavaScript, so bin/sightline.js can use it before any TypeScript loader exists; the CLI
 * (simulator/cli/worker-bundle.ts) uses the same module for the worker.
 *
 * Never stale: the cache is keyed by content. manifest.json lists every input file esbuild read with
 * its SHA-256 (this file is one of them), esbuild's version and the build options, and the SHA-256 of
 * every output; a bundle is used only when all of them match, else it is rebuilt. A build is
 * written into a fresh directory that is renamed into place, then the manifest is replaced by a
 * rename, so a concurrent run never reads half a build. Same inputs give the same bytes (esbuild is
 * deterministic; no timestamps, no source maps).
 *
 * Packages stay external (they resolve from the checkout's node_modules, native addons included), so
 * the cache directory must lie inside the checkout. `import.meta.url` in a bundled source file is
 * rewritten to that file's own URL (relative to the bundle), so code that finds files next to
 * itself (package.json, renderer assets, worker-entry.ts) behaves exactly as under tsx.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const FORMAT = 1;
/** A build directory no manifest names any more is removed once it is this old (ms): a run
 * still going on an older build may import its lazy chunks until then. */
const PRUNE_AFTER_MS = 60 * 60 * 1000;
/** Any name; every build directory sits at the same depth, which is what the rewrite needs. */
const PLACEHOLDER = 'build';

/**
 * @typedef {object} BundleSpec
 * @property {string} root the checkout (inputs are listed relative to it)
 * @property {string} cacheDir where builds and manifest.json go (inside root)
 * @property {Record<string, string>} entries output name → entry file relative to root
 */
/**
 * @typedef {object} Manifest
 * @property {number} format
 * @property {string} esbuild esbuild's version
 * @property {string} options the build options, as JSON
 * @property {string} dir the build directory, under cacheDir
 * @property {Record<string, string>} entries output name → file in dir
 * @property {Record<string, string>} outputs file in dir → SHA-256
 * @property {Record<string, string>} inputs path relative to root → SHA-256
 */
/** @typedef {Record<string, string>} BundleUrls output name → file URL of the module */

/**
 * The Sightline CLI and its worker, for the checkout at `root`.
 * @param {string} root
 * @param {string} [cacheDir]
 * @returns {BundleSpec}
 */
export function sightlineBundle(root, cacheDir = join(root, '.sightline', 'cache', 'bundle')) {
  return {
    root,
    cacheDir,
    entries: { main: 'simulator/cli/main.ts', worker: 'simulator/cli/worker-entry.ts' },
  };
}

/** @param {string | Uint8Array} data */
const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/** @param {BundleSpec} spec */
function buildOptions(spec) {
  return {
    entryPoints: Object.fromEntries(
      Object.entries(spec.entries).map(([name, entry]) => [name, join(spec.root, entry)]),
    ),
    bundle: true,
    splitting: true,
    platform: /** @type {const} */ ('node'),
    format: /** @type {const} */ ('esm'),
    target: 'node20',
    packages: /** @type {const} */ ('external'),
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    sourcemap: false,
    legalComments: /** @type {const} */ ('none'),
  };
}

/** The options that decide the output, as the manifest records them. */
function optionsKey(/** @type {BundleSpec} */ spec) {
  const { entryPoints: _, ...rest } = buildOptions(spec);
  return JSON.stringify({ ...rest, entries: spec.entries });
}

/** esbuild's version without loading esbuild (read from its package.json); undefined when absent. */
function esbuildVersion(/** @type {string} */ root) {
  try {
    const require = createRequire(join(root, 'package.json'));
    return /** @type {{ version: string }} */ (require('esbuild/package.json')).version;
  } catch {
    return undefined;
  }
}

/** @param {BundleSpec} spec @param {Manifest} manifest */
const urlsOf = (spec, manifest) =>
  Object.fromEntries(
    Object.entries(manifest.entries).map(([name, file]) => [
      name,
      pathToFileURL(join(spec.cacheDir, manifest.dir, file)).href,
    ]),
  );

/**
 * The bundle's module URLs when the cache holds a build of exactly the current inputs, else
 * undefined (no manifest, another esbuild or options, a changed or missing input or output).
 * @param {BundleSpec} spec
 * @returns {Promise<BundleUrls | undefined>}
 */
export async function freshBundle(spec) {
  /** @type {Manifest} */
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(spec.cacheDir, 'manifest.json'), 'utf8'));
  } catch {
    return undefined;
  }
  if (
    manifest?.format !== FORMAT ||
    manifest.esbuild !== esbuildVersion(spec.root) ||
    manifest.options !== optionsKey(spec) ||
    typeof manifest.inputs !== 'object' ||
    typeof manifest.outputs !== 'object' ||
    typeof manifest.entries !== 'object' ||
    Object.keys(spec.entries).some((name) => !(name in manifest.entries))
  )
    return undefined;
  const dir = join(spec.cacheDir, String(manifest.dir));
  // Synchronous reads: for ~240 small files they cost a fifth of what the thread pool does.
  /** @param {string} path @param {string} hash */
  const same = (path, hash) => sha256(readFileSync(path)) === hash;
  try {
    for (const [path, hash] of Object.entries(manifest.inputs))
      if (!same(join(spec.root, path), hash)) return undefined;
    for (const [file, hash] of Object.entries(manifest.outputs))
      if (!same(join(dir, file), hash)) return undefined;
  } catch {
    return undefined;
  }
  return urlsOf(spec, manifest);
}

/** An esbuild plugin: `import.meta.url` in a source file of the checkout becomes that file's URL. */
function ownUrlPlugin(/** @type {string} */ outDir) {
  return {
    name: 'sightline-own-url',
    /** @param {import('esbuild').PluginBuild} build */
    setup(build) {
      build.onLoad({ filter: /\.[cm]?[jt]s$/ }, async (args) => {
        if (/[\\/]node_modules[\\/]/.test(args.path)) return undefined;
        const source = await readFile(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        const own = JSON.stringify(relative(outDir, args.path).split('\\').join('/'));
        /** @type {'ts' | 'js'} */
        const loader = /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js';
        return {
          contents: source.replaceAll('import.meta.url', `new URL(${own}, import.meta.url).href`),
          loader,
        };
      });
    },
  };
}

/** @param {string} path @param {string} content */
async function atomicWrite(path, content) {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, content);
  await rename(temp, path);
}

/** Removes build directories the manifest no longer names, once they are old enough. */
async function prune(/** @type {string} */ cacheDir, /** @type {string} */ current) {
  for (const name of await readdir(cacheDir)) {
    if (name === current || name === 'manifest.json' || name.endsWith('.tmp')) continue;
    const path = join(cacheDir, name);
    const info = await stat(path).catch(() => undefined);
    if (info?.isDirectory() && Date.now() - info.mtimeMs > PRUNE_AFTER_MS)
      await rm(path, { recursive: true, force: true });
  }
}

/**
 * Builds the bundle into the cache and returns its module URLs.
 * @param {BundleSpec} spec
 * @returns {Promise<BundleUrls>}
 * @throws when esbuild is missing, a source does not build, or the cache cannot be written.
 */
export async function buildBundle(spec) {
  const esbuild = await import('esbuild');
  const placeholder = join(spec.cacheDir, PLACEHOLDER);
  const built = await esbuild.build({
    ...buildOptions(spec),
    outdir: placeholder,
    write: false,
    metafile: true,
    absWorkingDir: spec.root,
    logLevel: 'silent',
    plugins: [ownUrlPlugin(placeholder)],
  });
  /** @type {Record<string, string>} */
  const outputs = {};
  for (const file of [...built.outputFiles].sort((a, b) => (a.path < b.path ? -1 : 1)))
    outputs[relative(placeholder, file.path)] = sha256(file.contents);
  const dirName = sha256(JSON.stringify(outputs)).slice(0, 16);
  /** @type {Record<string, string>} */
  const entries = {};
  for (const [file, meta] of Object.entries(built.metafile.outputs)) {
    const name = Object.entries(spec.entries).find(
      ([, entry]) =>
        meta.entryPoint !== undefined && resolve(spec.root, meta.entryPoint) === resolve(spec.root, entry),
    )?.[0];
    if (name !== undefined) entries[name] = relative(placeholder, resolve(spec.root, file));
  }
  /** @type {Record<string, string>} */
  const inputs = {};
  const read = [...Object.keys(built.metafile.inputs), relative(spec.root, SELF)].sort();
  for (const path of new Set(read)) inputs[path] = sha256(await readFile(join(spec.root, path)));

  await mkdir(spec.cacheDir, { recursive: true });
  const final = join(spec.cacheDir, dirName);
  if ((await stat(final).catch(() => undefined)) === undefined) {
    const temp = `${final}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    for (const file of built.outputFiles) {
      const path = join(temp, relative(placeholder, file.path));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.contents);
    }
    // Another run may have renamed the same build into place meanwhile: then keep that one.
    await rename(temp, final).catch(() => rm(temp, { recursive: true, force: true }));
  }
  /** @type {Manifest} */
  const manifest = {
    format: FORMAT,
    esbuild: esbuild.version,
    options: optionsKey(spec),
    dir: dirName,
    entries,
    outputs,
    inputs,
  };
  await atomicWrite(join(spec.cacheDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await prune(spec.cacheDir, dirName).catch(() => undefined);
  return urlsOf(spec, manifest);
}

/**
 * The fresh bundle's module URLs, building it first when the cache is stale.
 * @param {BundleSpec} spec
 * @returns {Promise<BundleUrls>}
 * @throws like buildBundle (the caller falls back to tsx, or runs without workers).
 */
export async function cachedBundle(spec) {
  return (await freshBundle(spec)) ?? buildBundle(spec);
}
