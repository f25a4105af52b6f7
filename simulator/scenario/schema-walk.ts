/**
 * Finds the object schema at a document path, so error messages can list (and suggest) the
 * fields allowed there. Discriminated unions are resolved with the document's own `kind`.
 */
import { z } from 'zod';
import { valueAt, type Path } from './paths.js';

type AnySchema = z.ZodType;

/** Strips optional/default/prefault/nullable wrappers and the input side of pipes. */
function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (let depth = 0; depth < 16; depth++) {
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable ||
      current instanceof z.ZodDefault ||
      current instanceof z.ZodPrefault
    ) {
      current = current.unwrap() as AnySchema;
    } else if (current instanceof z.ZodPipe) {
      current = current.in as AnySchema;
    } else {
      return current;
    }
  }
  return current;
}

/** Picks the union option matching the data (by discriminator, else by shape). */
function resolveUnion(schema: AnySchema, data: unknown): AnySchema {
  if (!(schema instanceof z.ZodUnion)) return schema;
  const options = (schema.options as readonly AnySchema[]).map(unwrap);
  if (schema instanceof z.ZodDiscriminatedUnion) {
    const key = schema.def.discriminator;
    const wanted = valueAt(data, [key]);
    const match = options.find(
      (option) =>
        option instanceof z.ZodObject &&
        (option.shape[key] as { value?: unknown } | undefined)?.value === wanted,
    );
    return match ?? schema;
  }
  const isArray = Array.isArray(data);
  const isObject = data !== null && typeof data === 'object' && !isArray;
  return (
    options.find(
      (option) => (isArray && option instanceof z.ZodArray) || (isObject && option instanceof z.ZodObject),
    ) ?? schema
  );
}

/** The schema describing the value at `path`, or undefined when the path leaves the schema. */
export function schemaAt(root: AnySchema, data: unknown, path: Path): AnySchema | undefined {
  let schema = resolveUnion(unwrap(root), data);
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    if (schema instanceof z.ZodObject && typeof segment === 'string') {
      const next = schema.shape[segment] as AnySchema | undefined;
      if (!next) return undefined;
      schema = next;
    } else if (schema instanceof z.ZodArray && typeof segment === 'number') {
      schema = schema.element as AnySchema;
    } else {
      return undefined;
    }
    schema = resolveUnion(unwrap(schema), valueAt(data, path.slice(0, i + 1)));
  }
  return schema;
}

/** Field names allowed at `path` (empty when the path is not an object). */
export function keysAt(root: AnySchema, data: unknown, path: Path): string[] {
  const schema = schemaAt(root, data, path);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}
