/**
 * The piscina worker of `sightline run --jobs N`: one task is one run. It gets the scenario file's
 * text (not a parsed object, which would not survive structured cloning) and parses it here, so a
 * worker runs exactly the code the main thread would. Bundled by worker-bundle.ts with esbuild,
 * so worker threads need no TypeScript loader.
 */
import { createHostCryptoProvider } from '../crypto/host-provider.js';
import { parseScenarioBytes, type LoadedScenario } from '../scenario/loader.js';
import type { RunResult } from '../scenario/result.js';
import { runScenario } from '../scenario/runner.js';

export interface WorkerTask {
  file: string;
  /** The file's bytes as the main thread read them. */
  bytes: Uint8Array;
  variant: string;
  seed: number;
}

export type WorkerReply = { ok: true; result: RunResult } | { ok: false; error: string };

const crypto = createHostCryptoProvider();
// A worker runs several variants of a file: parse each file once.
const parsed = new Map<string, { bytes: Uint8Array; loaded: LoadedScenario }>();

function load(task: WorkerTask): LoadedScenario {
  const cached = parsed.get(task.file);
  if (cached && sameBytes(cached.bytes, task.bytes)) return cached.loaded;
  const outcome = parseScenarioBytes(task.bytes, task.file);
  if (!outcome.ok) throw new Error(`${task.file} did not load in the worker`);
  parsed.set(task.file, { bytes: task.bytes, loaded: outcome.value });
  return outcome.value;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Runs one task; an engine error comes back as text, like a crashed run in the main thread. */
export default function run(task: WorkerTask): WorkerReply {
  try {
    const loaded = load(task);
    return { ok: true, result: runScenario(loaded, { variant: task.variant, seed: task.seed, crypto }) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}
