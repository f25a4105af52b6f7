/**
 * Durations in scenario files are written the way trainers say them (`30s`, `5m`, `2h`, `31d`,
 * `1h30m`) and become integer milliseconds on the virtual clock. Numbers without a unit are refused:
 * `at: 30` could mean seconds or days, and a silent guess would move a step by orders of magnitude.
 */

/** Milliseconds per unit, longest unit name first so `ms` wins over `m`. */
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** Longest duration a scenario may name (a limit on everything: runs are bounded). */
export const MAX_DURATION_MS = 3 * 365 * UNIT_MS.d;

/** The accepted shape: one or more `<digits><unit>` parts, largest unit first by convention. */
export const DURATION_PATTERN = /^(?:\d{1,7}(?:ms|s|m|h|d|w))+$/;

const PART = /(\d{1,7})(ms|s|m|h|d|w)/g;

/** Parses `1h30m` to 5_400_000. Returns undefined for anything that is not a duration. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  if (!DURATION_PATTERN.test(trimmed)) return undefined;
  let total = 0;
  for (const match of trimmed.matchAll(PART)) {
    const unit = match[2] as keyof typeof UNIT_MS;
    total += Number(match[1]) * UNIT_MS[unit];
  }
  return total;
}

/** Formats milliseconds back into the largest exact units, e.g. 5_400_000 → `1h30m`, 0 → `0s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return `${ms}ms`;
  if (ms === 0) return '0s';
  let rest = Math.round(ms);
  let out = '';
  for (const unit of ['d', 'h', 'm', 's', 'ms'] as const) {
    const size = UNIT_MS[unit];
    const count = Math.floor(rest / size);
    if (count > 0) {
      out += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return out;
}
