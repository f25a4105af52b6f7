/**
 * The compliance lens: rules from a data file (designs/rules/compliance.yaml) evaluated only over
 * the scorecard's ledger facts — which party held which categories (P/H/K/M, with the fields and the
 * ways it learned them), the region the design puts that party in, and the retention the run
 * configured — never over a label the design declares. An aid, not legal advice.
 */
import { z } from 'zod';
import { HOW_KINDS, type HowKind } from '../ledger/types.js';
import { REGIONS } from './schema.js';
import {
  CATEGORIES,
  ROLES,
  type Category,
  type Evidence,
  type Holding,
  type Role,
  type Scorecard,
} from './scorecard.js';
import { DEFAULT_RULES_YAML } from './rules-text.js';
import { loadYamlDocument, type DocResult } from './yaml-doc.js';

const regionList = z.array(z.enum(REGIONS)).min(1);
/** A list of regions or the name of a `region_sets` entry. */
const regionRef = z.union([regionList, z.string().min(1)]);

export const ruleSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
    .describe('Kebab-case rule id'),
  title: z.string().min(1).max(300),
  citation: z.strictObject({
    source: z.string().min(1).max(100).describe('e.g. GDPR, ISO/IEC 27001:2022'),
    ref: z.string().min(1).max(100).describe('e.g. Art. 44, Annex A 8.24'),
    title: z.string().max(300).optional(),
    url: z.url().optional(),
  }),
  severity: z.enum(['error', 'warning', 'note']),
  linddun: z
    .array(
      z.enum([
        'linking',
        'identifying',
        'non-repudiation',
        'detecting',
        'data-disclosure',
        'unawareness',
        'non-compliance',
      ]),
    )
    .min(1),
  stride: z
    .array(
      z.enum([
        'spoofing',
        'tampering',
        'repudiation',
        'information-disclosure',
        'denial-of-service',
        'elevation-of-privilege',
      ]),
    )
    .min(1),
  when: z.strictObject({
    roles: z.array(z.enum(ROLES)).min(1).optional().describe('Roles the rule looks at (default all)'),
    holds_any: z.array(z.enum(CATEGORIES)).min(1).describe('The party ended with at least one of these'),
    region_not_in: regionRef.optional().describe('The party’s region is not in this set'),
    users_region_in: regionRef.optional().describe('Only when the users’ region is in this set'),
    retention_over_days: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('The party keeps it longer (null = indefinitely counts)'),
    how_any: z
      .array(z.enum(HOW_KINDS as [HowKind, ...HowKind[]]))
      .min(1)
      .optional()
      .describe('It learned it in one of these ways'),
  }),
  message: z.string().min(1).max(500),
});

export const rulesSchema = z.strictObject({
  'sightline-rules': z.literal(1),
  disclaimer: z.string().min(1),
  region_sets: z.record(z.string(), regionList).default({}),
  rules: z.array(ruleSchema).min(1).max(500),
});

export const policySchema = z.strictObject({
  'sightline-policy': z.literal(1),
  id: z.string().min(1).max(80),
  title: z.string().min(1).max(300),
  require: z.array(z.string().min(1)).min(1).describe('Rule ids that must have no finding'),
});

export type ComplianceRule = z.output<typeof ruleSchema>;
export type ComplianceRules = z.output<typeof rulesSchema>;
export type Policy = z.output<typeof policySchema>;

/** One finding: a rule that holds for one party in one attack, with the ledger evidence. */
export interface Finding {
  readonly rule: string;
  readonly title: string;
  readonly severity: ComplianceRule['severity'];
  readonly citation: ComplianceRule['citation'];
  readonly linddun: readonly string[];
  readonly stride: readonly string[];
  readonly attack: string;
  readonly role: Role;
  readonly party: string;
  readonly region?: string;
  readonly retentionDays: number | null;
  readonly categories: readonly Category[];
  readonly evidence: readonly Evidence[];
  readonly message: string;
}

export function loadRules(text: string, file: string): DocResult<ComplianceRules> {
  return loadYamlDocument(rulesSchema, text, file);
}

export function loadPolicy(text: string, file: string): DocResult<Policy> {
  return loadYamlDocument(policySchema, text, file);
}

/** The built-in rules (designs/rules/compliance.yaml). */
export function defaultRules(): ComplianceRules {
  const loaded = loadRules(DEFAULT_RULES_YAML, 'designs/rules/compliance.yaml');
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('; '));
  return loaded.value;
}

function regionsOf(rules: ComplianceRules, ref: string | readonly string[]): readonly string[] {
  if (typeof ref !== 'string') return ref;
  const set = rules.region_sets[ref];
  if (set === undefined) throw new Error(`rule refers to unknown region set '${ref}'`);
  return set;
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{([a-z_]+)\}/g, (all, key: string) => values[key] ?? all);
}

function matches(
  rules: ComplianceRules,
  rule: ComplianceRule,
  holding: Holding,
  card: Scorecard,
): Category[] | undefined {
  const w = rule.when;
  const held = w.holds_any.filter((c) => holding.categories.includes(c));
  if (held.length === 0) return undefined;
  if (
    w.users_region_in !== undefined &&
    !regionsOf(rules, w.users_region_in).includes(card.design.regions.users)
  )
    return undefined;
  if (
    w.region_not_in !== undefined &&
    (holding.region === undefined || regionsOf(rules, w.region_not_in).includes(holding.region))
  )
    return undefined;
  if (
    w.retention_over_days !== undefined &&
    holding.retentionDays !== null &&
    holding.retentionDays <= w.retention_over_days
  )
    return undefined;
  if (w.how_any !== undefined && !w.how_any.some((h) => holding.hows.includes(h))) return undefined;
  return held;
}

/** Every finding of every rule over the scorecard, in rule, attack, role order. Deterministic. */
export function evaluateCompliance(card: Scorecard, rules: ComplianceRules = defaultRules()): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules.rules) {
    for (const row of card.rows) {
      if (row.status !== 'ran') continue;
      for (const cell of row.cells) {
        if (rule.when.roles !== undefined && !rule.when.roles.includes(cell.role)) continue;
        for (const holding of cell.holdings) {
          const held = matches(rules, rule, holding, card);
          if (held === undefined) continue;
          const retention = holding.retentionDays === null ? 'indefinitely' : `${holding.retentionDays} days`;
          findings.push({
            rule: rule.id,
            title: rule.title,
            severity: rule.severity,
            citation: rule.citation,
            linddun: rule.linddun,
            stride: rule.stride,
            attack: row.attack,
            role: cell.role,
            party: holding.party,
            ...(holding.region === undefined ? {} : { region: holding.region }),
            retentionDays: holding.retentionDays,
            categories: held,
            evidence: held.map((c) => holding.evidence[c]).filter((e): e is Evidence => e !== undefined),
            message: fill(rule.message, {
              party: holding.name,
              role: cell.role,
              attack: row.attack,
              holds: held.join(', '),
              region: holding.region ?? 'unknown',
              users_region: card.design.regions.users,
              retention,
              limit: String(rule.when.retention_over_days ?? ''),
              hows: holding.hows.join(', '),
            }),
          });
        }
      }
    }
  }
  return findings;
}

export interface PolicyResult {
  readonly policy: Policy;
  readonly violated: boolean;
  readonly violations: readonly Finding[];
  /** Required rule ids not in the rules file (treated as a violation: a policy never passes by a typo). */
  readonly unknownRules: readonly string[];
}

/** Checks findings against a policy: violated when a required rule has a finding or is unknown. */
export function checkPolicy(
  findings: readonly Finding[],
  policy: Policy,
  rules: ComplianceRules,
): PolicyResult {
  const known = new Set(rules.rules.map((r) => r.id));
  const unknownRules = policy.require.filter((id) => !known.has(id));
  const violations = findings.filter((f) => policy.require.includes(f.rule));
  return { policy, violated: violations.length > 0 || unknownRules.length > 0, violations, unknownRules };
}
