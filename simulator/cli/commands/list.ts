/** `sightline list [dirs...]`: the scenarios in a library (default `scenarios/`) with their variants. */
import { variantIds } from '../../scenario/variants.js';
import { terminalSafe } from '../../report/text.js';
import type { CommandContext } from '../context.js';
import { println } from '../context.js';
import { EXIT_OK, EXIT_USAGE } from '../errors.js';
import { collectScenarioFiles, loadScenarioFile } from '../files.js';

export interface ListOptions {
  json?: boolean;
}

export async function listCommand(
  dirs: string[],
  options: ListOptions,
  ctx: CommandContext,
): Promise<number> {
  const files = await collectScenarioFiles(dirs.length > 0 ? dirs : ['scenarios'], ctx.io.cwd);
  const rows = [];
  for (const file of files) {
    const outcome = await loadScenarioFile(file, ctx.io.cwd);
    if (outcome.ok) {
      const { scenario } = outcome.loaded;
      rows.push({
        file,
        valid: true,
        id: scenario.id,
        title: scenario.title,
        tags: scenario.tags,
        variants: variantIds(scenario),
      });
    } else {
      rows.push({ file, valid: false, problems: outcome.problems.length });
    }
  }
  const invalid = rows.filter((r) => !r.valid).length;
  if (options.json) {
    println(ctx.io.stdout, JSON.stringify(rows, null, 2));
  } else {
    for (const row of rows) {
      if (row.valid) {
        println(
          ctx.io.stdout,
          `${ctx.out.bold(terminalSafe(row.id ?? ''))}  ${terminalSafe(row.title ?? '')}`,
        );
        println(
          ctx.io.stdout,
          ctx.out.dim(
            `  ${terminalSafe(row.file)} · variants: ${(row.variants ?? []).join(', ')}${row.tags && row.tags.length > 0 ? ` · tags: ${row.tags.map(terminalSafe).join(', ')}` : ''}`,
          ),
        );
      } else {
        println(
          ctx.io.stdout,
          `${ctx.out.red('invalid')}  ${terminalSafe(row.file)} ${ctx.out.dim(`(${row.problems} problems — run \`sightline validate ${row.file}\`)`)}`,
        );
      }
    }
    println(
      ctx.io.stdout,
      `${rows.length} scenario${rows.length === 1 ? '' : 's'}${invalid > 0 ? `, ${invalid} invalid` : ''}`,
    );
  }
  return invalid > 0 ? EXIT_USAGE : EXIT_OK;
}
