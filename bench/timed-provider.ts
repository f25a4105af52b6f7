/**
 * A crypto provider that sums the wall time spent in each primitive, for `bench:sim --crypto-time`:
 * how much of a simulated message is cryptography (the part no engine change can remove), and so
 * the most messages/s the run could reach if everything else were free. Costs ~0.2 µs per call
 * (two clock reads), which is why it is opt-in.
 *
 * It also keeps a copy of the arguments of one call in every SAMPLE_EVERY, and `isolated()` replays
 * them in a tight loop after the run: the same primitives on the same inputs, without the rest of
 * the simulation between calls (so with warm caches). Replayed signature checks hit the provider's
 * verification memo, so the isolated figure is a lower bound on what the run's calls cost.
 */
import type { CryptoProvider } from '../simulator/crypto/provider.js';

/** Calls and milliseconds of one primitive. */
export interface PrimitiveTime {
  calls: number;
  ms: number;
}

/** Calls and milliseconds per primitive since the last reset, and the replay of sampled calls. */
export interface CryptoTimes {
  readonly provider: CryptoProvider;
  totals(): ReadonlyMap<string, PrimitiveTime>;
  totalMs(): number;
  reset(): void;
  /** µs per call of each sampled primitive replayed alone (primitives never sampled are left out). */
  isolated(callsPerPrimitive?: number): Map<string, number>;
}

const SAMPLE_EVERY = 997;
const MAX_SAMPLES = 64;

/** Wraps every function of `inner` (objects they return, e.g. incremental hashes, are not timed). */
export function timedProvider(inner: CryptoProvider): CryptoTimes {
  const totals = new Map<string, PrimitiveTime>();
  const samples = new Map<string, unknown[][]>();
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(inner)) {
    if (typeof value !== 'function') {
      wrapped[name] = value;
      continue;
    }
    const fn = value as (...args: unknown[]) => unknown;
    const entry = { calls: 0, ms: 0 };
    const kept: unknown[][] = [];
    totals.set(name, entry);
    samples.set(name, kept);
    wrapped[name] = (...args: unknown[]) => {
      // Copies, taken before the call: callers may reuse their buffers afterwards.
      if (entry.calls % SAMPLE_EVERY === 0 && kept.length < MAX_SAMPLES)
        kept.push(args.map((arg) => (arg instanceof Uint8Array ? arg.slice() : arg)));
      const started = performance.now();
      try {
        return fn.apply(inner, args);
      } finally {
        entry.ms += performance.now() - started;
        entry.calls++;
      }
    };
  }

  function isolated(callsPerPrimitive = 4000): Map<string, number> {
    const out = new Map<string, number>();
    for (const [name, kept] of samples) {
      const fn = (inner as unknown as Record<string, (...args: unknown[]) => unknown>)[name]!;
      // Only samples that still succeed alone (a replayed decryption of a consumed key may not).
      const usable = kept.filter((args) => {
        try {
          fn.apply(inner, args);
          return true;
        } catch {
          return false;
        }
      });
      if (usable.length === 0) continue;
      const rounds = Math.max(1, Math.floor(callsPerPrimitive / usable.length));
      const started = performance.now();
      for (let round = 0; round < rounds; round++) for (const args of usable) fn.apply(inner, args);
      out.set(name, ((performance.now() - started) * 1000) / (rounds * usable.length));
    }
    return out;
  }

  return {
    provider: wrapped as unknown as CryptoProvider,
    totals: () => totals,
    totalMs: () => [...totals.values()].reduce((sum, entry) => sum + entry.ms, 0),
    reset: () => {
      for (const entry of totals.values()) {
        entry.calls = 0;
        entry.ms = 0;
      }
      for (const kept of samples.values()) kept.length = 0;
    },
    isolated,
  };
}
