/**
 * What a variant means for a run: which defences are on, and which expectations are checked.
 * Rules (documented in the format reference):
 *   - `base` is the scenario as written; every variant starts from it.
 *   - A variant's `enable` / `disable` lists flip declared defences.
 *   - Base expectations apply to every variant unless their `variants` list says otherwise.
 *   - A variant's own expectations are added; one with the same `id` as a base expectation replaces it.
 * The runner and expectation checker use this module rather than re-implementing the rules.
 */
import type { LoadedScenario } from './loader.js';
import { formatPath, type Path } from './paths.js';
import type { Expectation, Scenario } from './schema.js';
import type { ExpectationCheck, ExpectationKind, HoldingWhat, ItemRef } from './schema-expectations.js';
import { itemKindSpec } from './item-kinds.js';
import { BASE_VARIANT } from './scenario-index.js';
import { locate, type SourceLocation } from './yaml-source.js';

export { BASE_VARIANT };

/** An expectation as checked in one variant, with its words and its place in the file. */
export interface PlannedExpectation {
  /** The author's id, or the expectation's path when it has none. */
  id: string;
  kind: ExpectationKind;
  text: string;
  check: ExpectationCheck;
  because?: string;
  /** Path in the file, e.g. `variants[1].expectations[0]`. */
  path: string;
  location: SourceLocation;
}

export interface ResolvedVariant {
  id: string;
  title: string;
  note?: string;
  /** Every declared defence → on/off in this variant. */
  defences: Record<string, boolean>;
  expectations: PlannedExpectation[];
}

/** `base` followed by the scenario's variants, in file order. */
export function variantIds(scenario: Scenario): string[] {
  return [BASE_VARIANT, ...scenario.variants.map((v) => v.id)];
}

/** The title of a variant (`base` is "as written"). */
export function variantTitle(scenario: Scenario, variantId: string): string {
  if (variantId === BASE_VARIANT) return 'as written';
  return scenario.variants.find((v) => v.id === variantId)?.title ?? variantId;
}

/**
 * Defences and expectations of `variantId`.
 * @throws RangeError when the scenario has no such variant (callers validate user input first).
 */
export function resolveVariant(loaded: LoadedScenario, variantId: string): ResolvedVariant {
  const { scenario } = loaded;
  const variantIndex = scenario.variants.findIndex((v) => v.id === variantId);
  if (variantId !== BASE_VARIANT && variantIndex < 0) {
    throw new RangeError(
      `scenario '${scenario.id}' has no variant '${variantId}' (variants: ${variantIds(scenario).join(', ')})`,
    );
  }
  const variant = variantIndex >= 0 ? scenario.variants[variantIndex] : undefined;
  const defences: Record<string, boolean> = {};
  for (const defence of scenario.defences) defences[defence.id] = defence.enabled;
  for (const id of variant?.enable ?? []) defences[id] = true;
  for (const id of variant?.disable ?? []) defences[id] = false;

  const plan = (expectation: Expectation, path: Path): PlannedExpectation => {
    const planned: PlannedExpectation = {
      id: expectation.id ?? formatPath(path),
      kind: expectation.check.type,
      text: describeCheck(expectation.check),
      check: expectation.check,
      path: formatPath(path),
      location: locate(loaded.locations, path),
    };
    if (expectation.because !== undefined) planned.because = expectation.because;
    return planned;
  };
  const own = (variant?.expectations ?? []).map((e, i) =>
    plan(e, ['variants', variantIndex, 'expectations', i]),
  );
  const replaced = new Set(own.map((e) => e.id));
  const inherited = scenario.expectations
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => e.variants === undefined || e.variants.includes(variantId))
    .map(({ e, i }) => plan(e, ['expectations', i]))
    .filter((e) => !replaced.has(e.id));

  const resolved: ResolvedVariant = {
    id: variantId,
    title: variantTitle(scenario, variantId),
    defences,
    expectations: [...inherited, ...own],
  };
  if (variant?.note !== undefined) resolved.note = variant.note;
  return resolved;
}

/** `m1, m2 and m3`; `all` reads as `all` (e.g. "every message" or "any message"). */
function messages(list: readonly string[] | 'all' | undefined, all: string, conjunction = 'and'): string {
  if (list === undefined || list === 'all') return all;
  return list.length === 1
    ? list[0]!
    : `${list.slice(0, -1).join(', ')} ${conjunction} ${list[list.length - 1]!}`;
}

/** `content` for items that have it, `anything` for the rest: what a claim with no `what` is about. */
export function defaultWhat(item: ItemRef): HoldingWhat {
  return typeof item === 'string' || Array.isArray(item) || itemKindSpec(item.kind).content
    ? 'content'
    : 'anything';
}

/** `bob's chat backup`, `messages of bob`, `m1 and m2`, `every device list` / `any device list`. */
export function describeItem(item: ItemRef, quantifier: 'every' | 'any'): string {
  if (typeof item === 'string') return item;
  if (Array.isArray(item))
    return messages(item, `${quantifier} message`, quantifier === 'every' ? 'and' : 'or');
  if (item.id !== undefined) return item.id;
  const spec = itemKindSpec(item.kind);
  if (item.of === undefined) return `${quantifier} ${spec.noun}`;
  switch (spec.subject) {
    case 'participant':
      return quantifier === 'every' ? `the ${spec.plural} of ${item.of}` : `any ${spec.noun} of ${item.of}`;
    case 'group':
      return `the ${spec.noun} of group ${item.of}`;
    case 'owner':
      return `${item.of}'s ${spec.noun}`;
  }
}

/** `the content of bob's chat backup`, `the ip of m1`, `anything of alice's device list`. */
function describeHolding(item: ItemRef, what: HoldingWhat | undefined, quantifier: 'every' | 'any'): string {
  const resolved = what ?? defaultWhat(item);
  const target = describeItem(item, quantifier);
  if (resolved !== 'anything') return `the ${resolved} of ${target}`;
  return `${quantifier === 'every' ? 'something' : 'anything'} of ${target}`;
}

/** The claim in words, e.g. `mallory sees the content of m2 and m3`. */
export function describeCheck(check: ExpectationCheck): string {
  switch (check.type) {
    case 'holds':
      return `${check.party} holds ${describeHolding(check.item, check.what, 'every')}${check.at === undefined ? '' : ` at step '${check.at}'`}`;
    case 'lacks':
      return `${check.party} does not hold ${describeHolding(check.item, check.what, 'any')} at step '${check.at}'`;
    case 'never':
      return `${check.party} never holds ${describeHolding(check.item, check.what, 'any')}`;
    case 'sees-content':
      return `${check.party} sees the content of ${messages(check.messages, 'every message')}`;
    case 'never-sees-content':
      return `${check.party} never sees the content of ${messages(check.messages, 'any message')}`;
    case 'sees-metadata':
      return check.messages === undefined
        ? `${check.party} sees ${check.field} metadata`
        : `${check.party} sees the ${check.field} of ${messages(check.messages, 'every message')}`;
    case 'sees-nothing':
      return `${check.party} holds nothing of ${messages(check.messages, 'any message')}`;
    case 'notice':
      return `${check.user} is shown '${noticeText(check)}'`;
    case 'no-notice':
      return `${check.user} is never shown '${noticeText(check)}'`;
    case 'action':
      return `step '${check.step}' ${check.outcome}`;
    case 'delivered':
      return check.to === undefined
        ? `${check.message} is delivered`
        : `${check.message} is delivered to ${check.to}`;
    case 'lost':
      return `${check.message} is lost`;
  }
}

function noticeText(check: Extract<ExpectationCheck, { type: 'notice' | 'no-notice' }>): string {
  return check.about === undefined ? check.kind : `${check.kind}' about '${check.about}`;
}
