// The service's scenario problems (1-based line and column, plus a path) as editor diagnostics (character
// offsets). Pure and independent of CodeMirror's types so it is unit-tested on plain strings; the editor passes
// the result straight to @codemirror/lint.
import type { ScenarioProblem } from '../../../electron/contract.js';

export interface TextDiagnostic {
  from: number;
  to: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** The problem's path in the scenario, e.g. `steps[2].send.to`. */
  source: string;
}

/** Start offset of every line (index 0 is line 1). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

const TOKEN_END = /[\s,\]}#]/;

/** Map one problem to a range: from its line and column to the end of the token there (at least one character). */
export function problemRange(
  text: string,
  starts: readonly number[],
  problem: ScenarioProblem,
): { from: number; to: number } {
  if (problem.line === null || problem.line < 1) {
    const firstEnd = text.indexOf('\n');
    return { from: 0, to: firstEnd === -1 ? text.length : firstEnd };
  }
  const lineIndex = Math.min(problem.line, starts.length) - 1;
  const lineStart = starts[lineIndex]!;
  const nextStart = starts[lineIndex + 1];
  const lineEnd = nextStart === undefined ? text.length : nextStart - 1;
  let from = Math.min(lineStart + Math.max((problem.column ?? 1) - 1, 0), lineEnd);
  if (from === lineEnd && from > lineStart) from -= 1;
  let to = from;
  while (to < lineEnd && !TOKEN_END.test(text[to]!)) to++;
  if (to === from) to = Math.min(from + 1, lineEnd);
  return { from, to: Math.max(to, from) };
}

/** Every problem as a diagnostic, in text order. */
export function problemsToDiagnostics(text: string, problems: readonly ScenarioProblem[]): TextDiagnostic[] {
  const starts = lineStarts(text);
  return problems
    .map((problem) => {
      const { from, to } = problemRange(text, starts, problem);
      const where = problem.path ? `${problem.path}: ` : '';
      return {
        from,
        to,
        severity: 'error' as const,
        message: `${where}${problem.message}`,
        source: problem.path || 'scenario',
      };
    })
    .sort((a, b) => a.from - b.from || a.to - b.to);
}

/** `line 4, column 10` for problem lists. */
export function problemLocation(problem: ScenarioProblem): string {
  if (problem.line === null) return 'whole file';
  return problem.column === null ? `line ${problem.line}` : `line ${problem.line}, column ${problem.column}`;
}
