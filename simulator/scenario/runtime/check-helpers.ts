/**
 * Small helpers the expectation checkers share: whose view a party reference means, and virtual
 * time in the words results use.
 */
import type { RunContext } from './context.js';

/** A party reference may name a device: its view is its holder's. */
export function viewer(context: RunContext, ref: string): string {
  if (context.parties.has(ref)) return ref;
  for (const actor of context.actors.values()) if (actor.device(ref)) return actor.id;
  return ref;
}

/** `t+12.0 s`-style time since the scenario's start: seconds, minutes or days. */
export function formatTime(context: RunContext, t: number): string {
  const seconds = Math.max(0, t - context.startMs) / 1000;
  return seconds < 120
    ? `${seconds.toFixed(1)} s`
    : seconds < 7200
      ? `${(seconds / 60).toFixed(1)} min`
      : `${(seconds / 86400).toFixed(2)} d`;
}
