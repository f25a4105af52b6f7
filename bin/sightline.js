#!/usr/bin/env node
// Launcher for the `sightline` CLI (`npx sightline --help` after `npm ci`). It runs the prebuilt
// bundle of simulator/cli/ (bin/bundle-cache.js: built with esbuild on first use and whenever a
// source changed, never stale); when the bundle cannot be had — no esbuild, a read-only checkout,
// a broken cache — it registers tsx (a runtime dependency) and runs the TypeScript sources instead.
// Either way the same code runs; the bundle only starts faster. SIGHTLINE_CACHE_DIR moves the cache
// (it must lie inside the checkout, where node_modules resolves); SIGHTLINE_DEBUG says which ran.
import { fileURLToPath } from 'node:url';
import { buildBundle, freshBundle, sightlineBundle } from './bundle-cache.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const debug = (process.env.SIGHTLINE_DEBUG ?? '') !== '';
const say = (text) => debug && process.stderr.write(`sightline launcher: ${text}\n`);

async function fromBundle() {
  try {
    const env = process.env.SIGHTLINE_CACHE_DIR;
    const spec = env ? sightlineBundle(root, env) : sightlineBundle(root);
    const fresh = await freshBundle(spec);
    const urls = fresh ?? (await buildBundle(spec));
    const { main } = await import(urls.main);
    say(`${fresh ? 'fresh' : 'built'} bundle ${fileURLToPath(urls.main)}`);
    return { main, options: { workerUrl: urls.worker } };
  } catch (error) {
    say(`tsx (no bundle: ${error instanceof Error ? error.message : String(error)})`);
    return undefined;
  }
}

async function fromSources() {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../simulator/cli/main.ts');
  return { main, options: {} };
}

const { main, options } = (await fromBundle()) ?? (await fromSources());
process.exitCode = await main(process.argv, options);
