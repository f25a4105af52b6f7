// Abuse limits of the workshop server: a token bucket per connection and a lockout of addresses that keep
// guessing room codes. Both take the clock as an argument so tests drive time without waiting.
import { LOCKOUT_FAILURES, LOCKOUT_MS, LOCKOUT_WINDOW_MS, RATE_BURST, RATE_PER_SECOND } from './protocol.js';

/** A token bucket: `burst` messages at once, refilled at `perSecond`. */
export class RateLimiter {
  private tokens: number;
  private last: number;

  constructor(
    now: number,
    private readonly burst = RATE_BURST,
    private readonly perSecond = RATE_PER_SECOND,
  ) {
    this.tokens = burst;
    this.last = now;
  }

  /** Take one token; false when the connection is over its rate. */
  take(now: number): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

interface Failures {
  times: number[];
  lockedUntil: number;
}

/**
 * Room-code brute-force protection: an address that gives LOCKOUT_FAILURES wrong codes within the window is
 * locked out for LOCKOUT_MS (every join from it is refused, right code or not). With 31^6 codes and five
 * guesses per ten minutes, guessing a live code takes years.
 */
export class CodeLockout {
  private readonly byAddress = new Map<string, Failures>();

  constructor(
    private readonly failures = LOCKOUT_FAILURES,
    private readonly windowMs = LOCKOUT_WINDOW_MS,
    private readonly lockMs = LOCKOUT_MS,
  ) {}

  /** Milliseconds left of a lockout of `address`, 0 when it may try. */
  lockedFor(address: string, now: number): number {
    const f = this.byAddress.get(address);
    return f && f.lockedUntil > now ? f.lockedUntil - now : 0;
  }

  /** Record a wrong code; returns the lockout now in force (0 if none). */
  fail(address: string, now: number): number {
    let f = this.byAddress.get(address);
    if (!f) this.byAddress.set(address, (f = { times: [], lockedUntil: 0 }));
    f.times = f.times.filter((t) => now - t < this.windowMs);
    f.times.push(now);
    if (f.times.length >= this.failures) {
      f.lockedUntil = now + this.lockMs;
      f.times = [];
    }
    // Bound memory: forget addresses with nothing recent.
    if (this.byAddress.size > 10_000) {
      for (const [a, g] of this.byAddress)
        if (g.lockedUntil <= now && g.times.every((t) => now - t >= this.windowMs)) this.byAddress.delete(a);
    }
    return this.lockedFor(address, now);
  }

  succeed(address: string): void {
    const f = this.byAddress.get(address);
    if (f && f.lockedUntil === 0) this.byAddress.delete(address);
  }
}
