/** `sightline validate <paths...>`: checks scenario files; exit 0 when all are valid, 2 otherwise. */
import { variantIds } from '../../scenario/variants.js';
import { terminalSafe } from '../../report/text.js';
import type { CommandContext } from '../context.js';
import { println } from '../context.js';
import { EXIT_OK, EXIT_USAGE } from '../errors.js';
import { collectScenarioFiles, loadScenarioFile } from '../files.js';
import { formatProblems } from '../problems.js';

export interface ValidateOptions {
  json?: boolean;
  quiet?: boolean;
}

export async function validateCommand(
  paths: string[],
  options: ValidateOptions,
  ctx: CommandContext,
): Promise<number> {
  const files = await collectScenarioFiles(paths, ctx.io.cwd);
  const outcomes = [];
  for (const file of files) outcomes.push(await loadScenarioFile(file, ctx.io.cwd));
  const invalid = outcomes.filter((o) => !o.ok).length;
  if (options.json) {
    const report = outcomes.map((o) =>
      o.ok
        ? {
            file: o.file,
            valid: true,
            id: o.loaded.scenario.id,
            variants: variantIds(o.loaded.scenario),
            problems: [],
          }
        : { file: o.file, valid: false, problems: o.problems },
    );
    println(ctx.io.stdout, JSON.stringify(report, null, 2));
    return invalid > 0 ? EXIT_USAGE : EXIT_OK;
  }
  for (const outcome of outcomes) {
    if (outcome.ok) {
      if (!options.quiet) {
        const { scenario } = outcome.loaded;
        println(
          ctx.io.stdout,
          `${ctx.out.green('✔')} ${terminalSafe(outcome.file)} ${ctx.out.dim(`(${scenario.id}, variants: ${variantIds(scenario).join(', ')})`)}`,
        );
      }
    } else {
      const count = outcome.problems.length === 1 ? '1 problem' : `${outcome.problems.length} problems`;
      println(ctx.io.stderr, `${ctx.err.red('✘')} ${terminalSafe(outcome.file)}: ${count}`);
      println(ctx.io.stderr, formatProblems(outcome.problems, ctx.err));
    }
  }
  const summary = `${files.length} file${files.length === 1 ? '' : 's'}, ${files.length - invalid} valid, ${invalid} invalid`;
  println(invalid > 0 ? ctx.io.stderr : ctx.io.stdout, invalid > 0 ? ctx.err.red(summary) : summary);
  return invalid > 0 ? EXIT_USAGE : EXIT_OK;
}
