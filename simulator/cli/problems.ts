/** Printing scenario problems: `file:line:column path: message`, the form editors link. */
import type { ScenarioProblem } from '../scenario/errors.js';
import { formatProblem } from '../scenario/errors.js';
import { terminalSafe } from '../report/text.js';
import type { Palette } from './io.js';

export function formatProblems(problems: readonly ScenarioProblem[], colour: Palette): string {
  return problems
    .map((problem) => {
      const text = terminalSafe(formatProblem(problem));
      const where = `${problem.file}:${problem.line}:${problem.column}`;
      return text.startsWith(where) ? `${colour.bold(where)}${colour.red(text.slice(where.length))}` : text;
    })
    .join('\n');
}
