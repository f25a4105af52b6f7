/** Paths into a scenario document, written the way authors read them: `steps[3].send.to`. */

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `['steps', 3, 'send', 'to']` → `steps[3].send.to`; odd keys are quoted: `tags["a b"]`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** The value at `path` inside plain data, or undefined when any step of the way is missing. */
export function valueAt(data: unknown, path: Path): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PathSegment, unknown>)[segment];
  }
  return current;
}

/** Whether `path` exists in plain data (a key present with any value, even null). */
export function hasPath(data: unknown, path: Path): boolean {
  if (path.length === 0) return true;
  const parent = valueAt(data, path.slice(0, -1));
  if (parent === null || typeof parent !== 'object') return false;
  return Object.prototype.hasOwnProperty.call(parent, path[path.length - 1]!);
}
