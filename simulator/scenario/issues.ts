/**
 * Turns zod issues into problems a scenario author understands: "missing field `text`",
 * "unknown action 'sendd' — did you mean 'send'?", "expected a number, got the text 'ten'".
 */
import type { z } from 'zod';
import type { ProblemCode, ScenarioProblem } from './errors.js';
import { formatPath, hasPath, valueAt, type Path, type PathSegment } from './paths.js';
import { keysAt } from './schema-walk.js';
import { closest, didYouMean } from './suggest.js';
import { locate, type LocationIndex } from './yaml-source.js';

type Issue = z.core.$ZodIssue;

export interface IssueContext {
  file: string;
  data: unknown;
  locations: LocationIndex;
  schema: z.ZodType;
}

/** One problem per issue (one per key for unknown keys), located in the file. */
export function issuesToProblems(issues: readonly Issue[], context: IssueContext): ScenarioProblem[] {
  return issues.flatMap((issue) => translate(issue, toPath(issue.path), context));
}

function toPath(path: readonly PropertyKey[]): PathSegment[] {
  return path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
}

function problem(
  context: IssueContext,
  path: Path,
  code: ProblemCode,
  message: string,
  prefer: 'value' | 'key' = 'value',
): ScenarioProblem {
  return {
    file: context.file,
    ...locate(context.locations, path, prefer),
    path: formatPath(path),
    code,
    message,
  };
}

function translate(issue: Issue, path: Path, context: IssueContext): ScenarioProblem[] {
  const value = valueAt(context.data, path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const keyPath = [...path, key];
        return problem(context, keyPath, 'unknown-key', unknownKeyMessage(key, path, context), 'key');
      });
    case 'invalid_type': {
      if (!hasPath(context.data, path) || value === undefined) {
        const field = String(path[path.length - 1]);
        const extra = advice(path);
        const message = `missing required field \`${field}\`${extra === '' ? '' : `: ${extra}`}`;
        return [problem(context, path, 'missing', message)];
      }
      if (!isDefaultMessage(issue.message)) {
        return [problem(context, path, 'type', `${issue.message}, got ${describe(value)}`)];
      }
      const source = context.locations[formatPath(path)]?.source;
      const hint = quoteHint(issue.expected, value, source);
      return [
        problem(context, path, 'type', `expected ${typeNoun(issue.expected)}, got ${describe(value)}${hint}`),
      ];
    }
    case 'invalid_value': {
      const allowed = issue.values.map((v) => String(v));
      if (value === undefined && !hasPath(context.data, path)) {
        const field = String(path[path.length - 1]);
        return [
          problem(
            context,
            path,
            'missing',
            `missing required field \`${field}\` — one of: ${allowed.join(', ')}`,
          ),
        ];
      }
      if (allowed.length === 1) {
        return [problem(context, path, 'value', `must be ${allowed[0]}, got ${describe(value)}`)];
      }
      const hint = typeof value === 'string' ? didYouMean(value, allowed) : '';
      const list = hint === '' ? `; expected one of: ${allowed.join(', ')}` : '';
      return [problem(context, path, 'value', `${describe(value)} is not allowed here${hint}${list}`)];
    }
    case 'invalid_union':
      return unionProblems(issue, path, value, context);
    case 'too_small':
    case 'too_big': {
      if (!/^Too (big|small)/.test(issue.message)) {
        // A message written in the schema (e.g. the seed's): say it once, with the value as written.
        const source = context.locations[formatPath(path)]?.source;
        return [problem(context, path, 'value', `${issue.message}, got ${source ?? describe(value)}`)];
      }
      const message =
        issue.code === 'too_small'
          ? sizeMessage(issue.origin, 'min', Number(issue.minimum), issue.inclusive)
          : sizeMessage(issue.origin, 'max', Number(issue.maximum), issue.inclusive);
      return [problem(context, path, 'value', message)];
    }
    case 'invalid_format':
      return [problem(context, path, 'value', formatMessage(issue, value))];
    case 'custom': {
      const code: ProblemCode = issue.params?.['missing'] === true ? 'missing' : 'value';
      return [problem(context, path, code, issue.message)];
    }
    default:
      return [problem(context, path, 'value', issue.message)];
  }
}

function unionProblems(
  issue: Extract<Issue, { code: 'invalid_union' }>,
  path: Path,
  value: unknown,
  context: IssueContext,
): ScenarioProblem[] {
  if ('discriminator' in issue && typeof issue.discriminator === 'string') {
    const kinds = ('options' in issue && Array.isArray(issue.options) ? issue.options : []).map(String);
    const noun = path[0] === 'defences' ? 'defence kind' : path[0] === 'parties' ? 'party kind' : 'kind';
    if (value === undefined) {
      return [
        problem(
          context,
          path,
          'missing',
          `missing field \`${issue.discriminator}\` — one of: ${kinds.join(', ')}`,
        ),
      ];
    }
    const hint = typeof value === 'string' ? didYouMean(value, kinds) : '';
    const list = hint === '' ? `; kinds: ${kinds.join(', ')}` : '';
    return [problem(context, path, 'value', `unknown ${noun} ${describe(value)}${hint}${list}`)];
  }
  // A plain union (e.g. `messages: [ids] | all`): if one alternative got further into the value,
  // its issues are the useful ones.
  const branches = issue.errors;
  const depth = (branch: readonly Issue[]) => Math.max(0, ...branch.map((i) => i.path.length));
  const deepest = [...branches].sort((a, b) => depth(b) - depth(a))[0];
  if (deepest && depth(deepest) > 0) {
    return deepest.flatMap((inner) => translate(inner, [...path, ...toPath(inner.path)], context));
  }
  if (value === undefined) {
    return [problem(context, path, 'missing', `missing required field \`${String(path[path.length - 1])}\``)];
  }
  const forms = branches.flatMap((branch) =>
    branch.map((inner) =>
      inner.code === 'invalid_value'
        ? inner.values.map((v) => `\`${String(v)}\``).join(' or ')
        : inner.code === 'invalid_type'
          ? typeNoun(inner.expected)
          : 'another form',
    ),
  );
  return [problem(context, path, 'type', `expected ${forms.join(' or ')}, got ${describe(value)}`)];
}

function unknownKeyMessage(key: string, objectPath: Path, context: IssueContext): string {
  const allowed = keysAt(context.schema, context.data, objectPath);
  const hint = didYouMean(key, allowed);
  const last = objectPath[objectPath.length - 1];
  const parent = objectPath[objectPath.length - 2];
  if (typeof last === 'number' && parent === 'steps') {
    const known = ['id', 'at', 'note'];
    if (!closest(key, known))
      return `unknown action '${key}'${hint || ' — see the format reference for the list of actions'}`;
  }
  if (typeof last === 'number' && parent === 'expectations') {
    const known = ['id', 'variants', 'because'];
    if (!closest(key, known))
      return `unknown expectation kind '${key}'${hint || ' — see the format reference for the kinds'}`;
  }
  const where = describeObject(objectPath, context.data);
  const list = !hint && allowed.length > 0 && allowed.length <= 14 ? `; allowed: ${allowed.join(', ')}` : '';
  const extra = advice([...objectPath, key]);
  if (extra !== '') return `unknown field '${key}' in ${where}: ${extra}`;
  return `unknown field '${key}' in ${where}${hint}${list}`;
}

/** Advice for fields that are easy to mix up between expectation kinds, keyed `kind.field`. */
const FIELD_ADVICE: Readonly<Record<string, string>> = {
  'never.at': '`never` covers the whole run — to check at a step, use `lacks` (or `holds`) with `at`',
  'lacks.at': '`lacks` is checked at a step — for the whole run, use `never`',
};

/** The advice for an expectation field in FIELD_ADVICE, or the empty string. */
function advice(path: Path): string {
  if (path[0] !== 'expectations' && path[2] !== 'expectations') return '';
  return FIELD_ADVICE[`${String(path[path.length - 2])}.${String(path[path.length - 1])}`] ?? '';
}

function describeObject(path: Path, data: unknown): string {
  if (path.length === 0) return 'the scenario';
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  const kind = valueAt(data, [...path, 'kind']);
  if (typeof last === 'number' && parent === 'parties')
    return typeof kind === 'string' ? `a ${kind} party` : 'a party';
  if (typeof last === 'number' && parent === 'defences')
    return typeof kind === 'string' ? `a ${kind} defence` : 'a defence';
  if (typeof last === 'number' && parent === 'groups') return 'a group';
  if (typeof last === 'number' && parent === 'variants') return 'a variant';
  if (typeof last === 'number' && parent === 'references') return 'a reference';
  if (typeof last === 'string' && typeof parent === 'number') {
    const section = path[path.length - 3];
    if (section === 'steps') return `a \`${last}\` step`;
    if (section === 'expectations') return `a \`${last}\` expectation`;
  }
  return `\`${String(last)}\``;
}

function typeNoun(expected: string): string {
  switch (expected) {
    case 'string':
      return 'text';
    case 'number':
      return 'a number';
    case 'int':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list';
    case 'object':
      return 'a mapping (indented `key: value` lines)';
    default:
      return expected;
  }
}

/** A YAML value described for an author: `the number 3`, `the text 'ten'`, `a list`. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 37)}...` : value}'`;
  if (typeof value === 'number' || typeof value === 'bigint') return `the number ${String(value)}`;
  if (typeof value === 'boolean') return `${value}`;
  if (Array.isArray(value)) return 'a list';
  return 'a mapping';
}

function quoteHint(expected: string, value: unknown, source: string | undefined): string {
  if (expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    return ` — put it in quotes: "${source ?? String(value)}"`;
  }
  return '';
}

/** zod's own wording ("Invalid input: …") as opposed to a message written in the schema. */
function isDefaultMessage(message: string): boolean {
  return /^Invalid (input|option|string|discriminator)/.test(message);
}

function sizeMessage(
  origin: string,
  bound: 'min' | 'max',
  limit: number,
  inclusive: boolean | undefined,
): string {
  const n = inclusive === false ? (bound === 'min' ? limit + 1 : limit - 1) : limit;
  if (origin === 'array' || origin === 'set') {
    if (bound === 'min') return n === 1 ? 'needs at least one entry' : `needs at least ${n} entries`;
    return `at most ${n} entries are allowed`;
  }
  if (origin === 'string') {
    if (bound === 'min') return n === 1 ? 'must not be empty' : `must be at least ${n} characters`;
    return `too long: at most ${n} characters`;
  }
  return bound === 'min' ? `must be at least ${n}` : `must be at most ${n}`;
}

function formatMessage(issue: Extract<Issue, { code: 'invalid_format' }>, value: unknown): string {
  const generic = /^Invalid/.test(issue.message);
  if (!generic) return `${issue.message}, got ${describe(value)}`;
  if (issue.format === 'url') return `expected a web address starting with https://, got ${describe(value)}`;
  return `${describe(value)} is not in the expected format (${issue.format})`;
}
