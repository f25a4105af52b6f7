/**
 * Design axes as data, derived from the zod schema so a form (the app's Architect view) and the
 * comparison ("why it differs") never drift from the format: id (a dot path), label, type, allowed
 * values or bounds, default.
 */
import { z } from 'zod';
import { designSchema, type Design } from './schema.js';

export type AxisType = 'enum' | 'boolean' | 'integer';

export interface DesignAxis {
  /** Dot path into the design, e.g. `regions.crm`, `defences.chat_lock`, `backup`. */
  readonly id: string;
  readonly path: readonly string[];
  /** Short label for forms and "why it differs" lines. */
  readonly label: string;
  /** The section of the form: business, regions, retention, backup, defences, groups. */
  readonly group: string;
  readonly type: AxisType;
  /** Allowed values of an `enum` axis. */
  readonly values?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  /** True when the axis may be omitted (retention: kept indefinitely). */
  readonly optional: boolean;
  /** The consumer-WhatsApp default (undefined: omitted). */
  readonly default: string | number | boolean | undefined;
  /** The schema's description. */
  readonly description: string;
}

const LABELS: Record<string, string> = {
  'business.hosting': 'business messaging',
  'business.cloud_api_storage': 'Cloud API storage',
  'regions.users': 'users’ region',
  'regions.chat_server': 'chat server region',
  'regions.cloud_api': 'Cloud API region',
  'regions.bsp': 'BSP region',
  'regions.crm': 'CRM region',
  'regions.backup_provider': 'backup provider region',
  'regions.key_vault': 'key vault region',
  'retention.chat_server_queue_days': 'chat server queue retention (days)',
  'retention.cloud_api_days': 'Cloud API retention (days)',
  'retention.bsp_days': 'BSP retention (days)',
  'retention.crm_days': 'CRM retention (days)',
  backup: 'backup',
  plain_backup_protection: 'plain backup protection',
  'defences.two_step_verification': 'two-step verification',
  'defences.registration_lock_days': 'registration lock (days)',
  'defences.linked_device_limit': 'linked-device limit',
  'defences.chat_lock': 'chat lock',
  'defences.call_ip_protection': 'IP protection in calls',
  'defences.disappearing_default': 'disappearing-messages default',
  'defences.safety_number_verification': 'safety-number verification habit',
  'defences.mod_client_attestation': 'mod-client attestation',
  group_size: 'group size',
};

type Unwrapped = { schema: z.ZodType; optional: boolean; fallback: unknown };

function unwrap(schema: z.ZodType): Unwrapped {
  let optional = false;
  let fallback: unknown;
  let current: z.ZodType = schema;
  for (;;) {
    const def = current.def as { type: string; innerType?: z.ZodType; defaultValue?: unknown };
    if ((def.type === 'default' || def.type === 'prefault') && def.innerType !== undefined) {
      if (def.type === 'default') fallback = def.defaultValue;
      current = def.innerType;
    } else if (def.type === 'optional' && def.innerType !== undefined) {
      optional = true;
      current = def.innerType;
    } else return { schema: current, optional, fallback };
  }
}

function axisOf(path: string[], group: string, field: z.ZodType): DesignAxis {
  const id = path.join('.');
  const { schema, optional, fallback } = unwrap(field);
  const description = field.description ?? schema.description ?? '';
  const common = { id, path, label: LABELS[id] ?? id, group, optional, description };
  if (schema instanceof z.ZodEnum)
    return { ...common, type: 'enum', values: schema.options.map(String), default: fallback as string };
  if (schema instanceof z.ZodBoolean) return { ...common, type: 'boolean', default: fallback as boolean };
  if (schema instanceof z.ZodNumber) {
    const axis: DesignAxis = { ...common, type: 'integer', default: fallback as number | undefined };
    return {
      ...axis,
      ...(schema.minValue !== null ? { min: schema.minValue } : {}),
      ...(schema.maxValue !== null ? { max: schema.maxValue } : {}),
    };
  }
  throw new Error(`design axis ${id}: unsupported schema type`);
}

/** Form sections of the top-level axes that are not their own section. */
const GROUP_OF: Partial<Record<string, string>> = { group_size: 'groups', plain_backup_protection: 'backup' };

function buildAxes(): DesignAxis[] {
  const axes: DesignAxis[] = [];
  const shape = designSchema.shape;
  const keys = [
    'business',
    'regions',
    'retention',
    'backup',
    'plain_backup_protection',
    'defences',
    'group_size',
  ] as const;
  for (const key of keys) {
    const field = shape[key] as z.ZodType;
    const inner = unwrap(field).schema;
    if (inner instanceof z.ZodObject) {
      for (const [name, sub] of Object.entries(inner.shape as Record<string, z.ZodType>))
        axes.push(axisOf([key, name], key, sub));
    } else axes.push(axisOf([key], GROUP_OF[key] ?? key, field));
  }
  return axes;
}

/** Every axis of the design format, in form order. */
export const DESIGN_AXES: readonly DesignAxis[] = buildAxes();

/** The value of an axis in a design. */
export function axisValue(design: Design, axis: DesignAxis): string | number | boolean | undefined {
  let value: unknown = design;
  for (const key of axis.path) value = (value as Record<string, unknown> | undefined)?.[key];
  return value as string | number | boolean | undefined;
}

/** A copy of `design` with one axis set (undefined removes an optional axis). */
export function withAxis(
  design: Design,
  axis: DesignAxis,
  value: string | number | boolean | undefined,
): Design {
  const copy = JSON.parse(JSON.stringify(design)) as Record<string, unknown>;
  let target = copy;
  for (const key of axis.path.slice(0, -1)) target = target[key] as Record<string, unknown>;
  const last = axis.path[axis.path.length - 1]!;
  if (value === undefined) delete target[last];
  else target[last] = value;
  return copy as unknown as Design;
}

/** An axis value in words: `plain`, `on`, `off`, `90`, `indefinitely`. */
export function formatAxisValue(value: string | number | boolean | undefined): string {
  if (value === undefined) return 'indefinitely';
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  return String(value);
}
