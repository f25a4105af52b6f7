/**
 * Steps and expectations are written with their kind as the key (`send: {...}`, `lost: {...}`),
 * which reads well in YAML and lets editors complete the key. This helper builds such an object
 * schema (common fields + exactly one of the kind keys) and turns it into a tagged union for code.
 */
import { z } from 'zod';

/**
 * A strict object holding `common` fields plus exactly one key of `kinds`; parsed into
 * `{...common, [tag]: {[discriminant]: key, ...payload}}`.
 */
export function oneKeyObject<Out>(options: {
  common: z.core.$ZodLooseShape;
  kinds: Readonly<Record<string, z.ZodType>>;
  tag: string;
  discriminant: string;
  /** Shown when no kind key is present. */
  missing: string;
  /** Shown when several are: receives the keys found. */
  extra: (present: string[]) => string;
}) {
  const { common, kinds, tag, discriminant, missing, extra } = options;
  const kindNames = Object.keys(kinds);
  const shape: Record<string, z.ZodType> = {};
  for (const [name, schema] of Object.entries(kinds)) shape[name] = schema.optional();
  return z
    .strictObject({ ...common, ...shape })
    .superRefine((value, ctx) => {
      const present = kindNames.filter((name) => (value as Record<string, unknown>)[name] !== undefined);
      if (present.length === 0) {
        ctx.addIssue({ code: 'custom', message: missing, params: { missing: true } });
      } else if (present.length > 1) {
        ctx.addIssue({ code: 'custom', path: [present[1]!], message: extra(present) });
      }
    })
    .transform((value) => {
      const out: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
        if (field === undefined) continue;
        if (kindNames.includes(key)) out[tag] = { [discriminant]: key, ...(field as object) };
        else out[key] = field;
      }
      return out as Out;
    });
}
