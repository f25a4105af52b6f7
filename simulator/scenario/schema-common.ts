/**
 * Building blocks shared by every part of the scenario schema: identifiers, references, durations.
 * References are plain strings here; whether they name something that exists (and of the right
 * kind) is checked after parsing by cross-check.ts, which can point at the exact line.
 */
import { z } from 'zod';
import { DURATION_PATTERN, MAX_DURATION_MS, parseDuration } from './duration.js';

/** Ids of parties, devices, groups, messages, steps…: short, no spaces, safe in file names and URLs. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** A new identifier defined by the object that carries it. */
export function idSchema(what: string): z.ZodString {
  return z
    .string()
    .regex(ID_PATTERN, { error: 'ids use letters, digits, `-`, `_` or `.` (at most 64, no spaces)' })
    .describe(what);
}

/** A reference to something defined elsewhere in the file; existence and kind are cross-checked. */
export function refSchema(what: string): z.ZodString {
  return z.string().min(1).describe(what);
}

/** A list of references (at least one, bounded). */
export function refListSchema(what: string, max = 64): z.ZodArray<z.ZodString> {
  return z.array(refSchema(what)).min(1).max(max).describe(what);
}

/** A duration such as `30s`, `5m`, `2h`, `31d` or `1h30m`, parsed to milliseconds. */
export function durationSchema(what: string) {
  return z
    .string({ error: 'expected a duration such as 30s, 5m, 2h or 31d' })
    .regex(DURATION_PATTERN, { error: 'expected a duration such as 30s, 5m, 2h or 31d' })
    .transform((text, ctx) => {
      const ms = parseDuration(text) ?? 0;
      if (ms > MAX_DURATION_MS) {
        ctx.issues.push({
          code: 'custom',
          input: text,
          message: `durations are limited to ${MAX_DURATION_MS / 86_400_000}d`,
        });
      }
      return ms;
    })
    .describe(`${what} — a duration such as \`30s\`, \`5m\`, \`2h\` or \`31d\``);
}

/** Free text shown to people (titles, message bodies, notes). */
export function textSchema(what: string, max = 20_000): z.ZodString {
  return z.string().max(max).describe(what);
}

/** `messages:` in expectations — a list of message ids or the word `all`. */
export function messageSetSchema(what: string) {
  return z
    .union([
      z.literal('all'),
      z.array(refSchema('A message id (the `id` of a `send` or `business-message`)')).min(1),
    ])
    .describe(`${what}: a list of message ids, or \`all\``);
}

/** A 6-digit PIN, which must be quoted in YAML (an unquoted 012345 would be a number). */
export function pinSchema(what: string): z.ZodString {
  const message = 'a PIN is 6 digits in quotes, e.g. "123456"';
  return z
    .string({ error: message })
    .regex(/^\d{6}$/, { error: message })
    .describe(what);
}

/** A count with an upper bound (every count in a scenario is bounded; runs must stay small). */
export function countSchema(what: string, max: number) {
  return z.number().int().min(1).max(max).describe(`${what} (1–${max})`);
}
