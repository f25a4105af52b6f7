/** `sightline report <run-dir> --format md|html|json|junit|sarif [-o FILE]`: renders a saved run directory. */
import { renderHtml, renderJson, renderJunit, renderMarkdown, renderSarif } from '../../report/index.js';
import type { RunBatch } from '../../scenario/result.js';
import type { CommandContext } from '../context.js';
import { EXIT_OK } from '../errors.js';
import { writeOutput } from '../outputs.js';
import { readRunDir } from '../run-dir.js';

export const REPORT_FORMATS = ['md', 'html', 'json', 'junit', 'sarif'] as const;
export type ReportFormatName = (typeof REPORT_FORMATS)[number];

const RENDERERS: Record<ReportFormatName, (batch: RunBatch) => string> = {
  md: renderMarkdown,
  html: (batch) => renderHtml(batch),
  json: (batch) => renderJson(batch, { withEvents: true }),
  junit: renderJunit,
  sarif: renderSarif,
};

export interface ReportOptions {
  format: ReportFormatName;
  output?: string;
}

export async function reportCommand(
  dir: string,
  options: ReportOptions,
  ctx: CommandContext,
): Promise<number> {
  const batch = await readRunDir(dir, ctx.io.cwd);
  await writeOutput(options.output ?? '-', RENDERERS[options.format](batch), ctx.io);
  return EXIT_OK;
}
