/**
 * The worker of `--jobs N` as a plain ES module, so worker threads need no TypeScript loader
 * (tsx hooks do not reach worker threads reliably). It is one entry of the CLI's bundle
 * (bin/bundle-cache.js: content-keyed, rebuilt when any input changed). The launcher hands the
 * worker of the bundle it runs to `main`; this is for the CLI run without it (tsx, tests).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cachedBundle, sightlineBundle } from '../../bin/bundle-cache.js';

/** The repository root (simulator/cli/ is two levels down). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The worker module's URL, building the bundle when the cache is stale.
 * @throws when esbuild is missing or the cache folder cannot be written (the caller runs serially).
 */
export async function workerBundleUrl(): Promise<string> {
  const url = (await cachedBundle(sightlineBundle(REPO_ROOT)))['worker'];
  if (url === undefined) throw new Error('the bundle has no worker entry');
  return url;
}
