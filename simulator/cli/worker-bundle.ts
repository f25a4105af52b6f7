/**
 * The worker of `--jobs N` as one plain ES module, so worker threads need no TypeScript loader
 * (tsx hooks do not reach worker threads reliably). esbuild bundles worker-entry.ts with every
 * package left external (they resolve from the repository's node_modules, native addons
 * included) into `.sightline/cache/workers/` (gitignored). The cache is keyed by content: a
 * manifest lists every input file with its SHA-256 and esbuild's version; any change rebuilds.
 * Writes go to a temporary name and are renamed into place, so concurrent runs never read half a
 * file. Same inputs give the same bytes (esbuild is deterministic; no timestamps, no source maps).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ENTRY = join(HERE, 'worker-entry.ts');
/** The repository root (simulator/cli/ is two levels down). */
export const REPO_ROOT = resolve(HERE, '..', '..');
export const WORKER_CACHE_DIR = join(REPO_ROOT, '.sightline', 'cache', 'workers');

interface Manifest {
  esbuild: string;
  entry: string;
  output: string;
  inputs: Record<string, string>;
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

async function atomicWrite(path: string, content: string): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, content);
  await rename(temp, path);
}

async function fresh(manifest: Manifest, esbuildVersion: string): Promise<boolean> {
  if (manifest.esbuild !== esbuildVersion || manifest.entry !== relative(REPO_ROOT, ENTRY)) return false;
  try {
    await readFile(join(WORKER_CACHE_DIR, manifest.output));
    for (const [path, hash] of Object.entries(manifest.inputs)) {
      if (sha256(await readFile(join(REPO_ROOT, path))) !== hash) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * The worker module's URL, building it when the cache is stale.
 * @throws when esbuild is missing or the cache folder cannot be written (the caller runs serially).
 */
export async function workerBundleUrl(): Promise<string> {
  const esbuild = await import('esbuild');
  const manifestPath = join(WORKER_CACHE_DIR, 'manifest.json');
  try {
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Manifest;
    if (await fresh(manifest, esbuild.version))
      return pathToFileURL(join(WORKER_CACHE_DIR, manifest.output)).href;
  } catch {
    // no manifest yet, or an unreadable one: build
  }
  const built = await esbuild.build({
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    write: false,
    metafile: true,
    sourcemap: false,
    legalComments: 'none',
    absWorkingDir: REPO_ROOT,
    logLevel: 'silent',
  });
  const code = built.outputFiles[0]!.text;
  const output = `worker-${sha256(code).slice(0, 16)}.mjs`;
  const inputs: Record<string, string> = {};
  for (const path of Object.keys(built.metafile.inputs).sort())
    inputs[path] = sha256(await readFile(join(REPO_ROOT, path)));
  await mkdir(WORKER_CACHE_DIR, { recursive: true });
  await atomicWrite(join(WORKER_CACHE_DIR, output), code);
  const manifest: Manifest = { esbuild: esbuild.version, entry: relative(REPO_ROOT, ENTRY), output, inputs };
  await atomicWrite(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return pathToFileURL(join(WORKER_CACHE_DIR, output)).href;
}
