/**
 * A crypto provider that sums the wall time spent in each primitive, for `bench:sim --crypto-time`:
 * how much of a simulated message is cryptography (the part no engine change can remove), and so
 * the most messages/s the run could reach if everything else were free. Costs ~0.2 µs per call
 * (two clock reads), which is why it is opt-in.
 */
import type { CryptoProvider } from '../simulator/crypto/provider.js';

/** Calls and milliseconds per primitive since the last reset. */
export interface CryptoTimes {
  readonly provider: CryptoProvider;
  totals(): ReadonlyMap<string, { calls: number; ms: number }>;
  totalMs(): number;
  reset(): void;
}

/** Wraps every function of `inner` (objects they return, e.g. incremental hashes, are not timed). */
export function timedProvider(inner: CryptoProvider): CryptoTimes {
  const totals = new Map<string, { calls: number; ms: number }>();
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(inner)) {
    if (typeof value !== 'function') {
      wrapped[name] = value;
      continue;
    }
    const fn = value as (...args: unknown[]) => unknown;
    const entry = { calls: 0, ms: 0 };
    totals.set(name, entry);
    wrapped[name] = (...args: unknown[]) => {
      const started = performance.now();
      try {
        return fn.apply(inner, args);
      } finally {
        entry.ms += performance.now() - started;
        entry.calls++;
      }
    };
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
    },
  };
}
