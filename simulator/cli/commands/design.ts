/**
 * `sightline design show|eval|compare|check`: the architect workbench on the command line.
 * Exit codes: 0 ok, 1 a policy rule is violated, 2 an invalid design (located: file:line:column,
 * field, what was expected) or usage — and every report file asked for is still written.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createHostCryptoProvider } from '../../crypto/host-provider.js';
import {
  checkPolicy,
  compareDesigns,
  defaultRules,
  designToYaml,
  evaluateCompliance,
  evaluateDesign,
  loadDesign,
  loadPolicy,
  loadRules,
  renderCheckJson,
  renderCheckJunit,
  renderCheckSarif,
  renderComparisonHtml,
  renderComparisonMarkdown,
  renderScorecardText,
  scorecardToJson,
  type CheckReport,
  type Design,
  type LocatedError,
} from '../../design/index.js';
import type { CommandContext } from '../context.js';
import { println } from '../context.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../errors.js';
import { formatProblems } from '../problems.js';
import { sightlineVersion } from '../version.js';
import { loadDesignLibrary, LIBRARY_DIR } from './design-library.js';

export interface DesignCommonOptions {
  library?: string;
  seed?: number;
}

class InvalidInput extends Error {
  constructor(readonly errors: LocatedError[]) {
    super('invalid input');
  }
}

function readText(file: string, ctx: CommandContext): string {
  try {
    return readFileSync(resolve(ctx.io.cwd, file), 'utf8');
  } catch (error) {
    throw new InvalidInput([
      {
        file,
        line: 1,
        column: 1,
        path: '',
        code: 'encoding',
        message: `cannot read the file (${(error as Error).message})`,
      },
    ]);
  }
}

function readDesign(file: string, ctx: CommandContext): Design {
  const loaded = loadDesign(readText(file, ctx), file);
  if (!loaded.ok) throw new InvalidInput(loaded.errors);
  return loaded.design;
}

function evalOptions(options: DesignCommonOptions, ctx: CommandContext) {
  return {
    library: loadDesignLibrary(resolve(ctx.io.cwd, options.library ?? LIBRARY_DIR)),
    crypto: createHostCryptoProvider(),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  };
}

function write(file: string, text: string, ctx: CommandContext): void {
  if (file === '-') ctx.io.stdout.write(text);
  else writeFileSync(resolve(ctx.io.cwd, file), text);
}

function guard(ctx: CommandContext, body: () => number): number {
  try {
    return body();
  } catch (error) {
    if (!(error instanceof InvalidInput)) throw error;
    println(ctx.io.stderr, formatProblems(error.errors, ctx.err));
    return EXIT_USAGE;
  }
}

/** `design show d.yaml`: the design with every default written out. */
export function designShow(file: string, ctx: CommandContext): number {
  return guard(ctx, () => {
    ctx.io.stdout.write(designToYaml(readDesign(file, ctx)));
    return EXIT_OK;
  });
}

/** `design eval d.yaml [--json f]`: the scorecard against the library. */
export function designEval(
  file: string,
  options: DesignCommonOptions & { json?: string },
  ctx: CommandContext,
): number {
  return guard(ctx, () => {
    const card = evaluateDesign(readDesign(file, ctx), evalOptions(options, ctx));
    if (options.json !== undefined) write(options.json, scorecardToJson(card), ctx);
    if (options.json !== '-') println(ctx.io.stdout, renderScorecardText(card));
    return EXIT_OK;
  });
}

/** `design compare a.yaml b.yaml … [--json|--md|--html] [-o f]`. */
export function designCompare(
  files: string[],
  options: DesignCommonOptions & { json?: boolean; md?: boolean; html?: boolean; output?: string },
  ctx: CommandContext,
): number {
  return guard(ctx, () => {
    if (files.length < 2 || files.length > 4) {
      println(ctx.io.stderr, ctx.err.red('error: compare 2 to 4 designs'));
      return EXIT_USAGE;
    }
    const errors: LocatedError[] = [];
    const designs: Design[] = [];
    for (const file of files) {
      try {
        designs.push(readDesign(file, ctx));
      } catch (error) {
        if (error instanceof InvalidInput) errors.push(...error.errors);
        else throw error;
      }
    }
    if (errors.length > 0) throw new InvalidInput(errors);
    const comparison = compareDesigns(designs, evalOptions(options, ctx));
    const text = options.json
      ? `${JSON.stringify(comparison, null, 2)}\n`
      : options.html
        ? renderComparisonHtml(comparison)
        : renderComparisonMarkdown(comparison);
    write(options.output ?? '-', text, ctx);
    return EXIT_OK;
  });
}

/** `design check d.yaml --policy p.yaml [--rules r.yaml] [--junit f] [--sarif f] [--json f]`. */
export function designCheck(
  file: string,
  options: DesignCommonOptions & {
    policy: string;
    rules?: string;
    junit?: string;
    sarif?: string;
    json?: string;
  },
  ctx: CommandContext,
): number {
  const errors: LocatedError[] = [];
  let design: Design | undefined;
  try {
    design = readDesign(file, ctx);
  } catch (error) {
    if (!(error instanceof InvalidInput)) throw error;
    errors.push(...error.errors);
  }
  const policyText = (() => {
    try {
      return readText(options.policy, ctx);
    } catch (error) {
      if (!(error instanceof InvalidInput)) throw error;
      errors.push(...error.errors);
      return undefined;
    }
  })();
  const policy = policyText === undefined ? undefined : loadPolicy(policyText, options.policy);
  if (policy !== undefined && !policy.ok) errors.push(...policy.errors);
  let rules = defaultRules();
  if (options.rules !== undefined) {
    const loaded = loadRules(readText(options.rules, ctx), options.rules);
    if (loaded.ok) rules = loaded.value;
    else errors.push(...loaded.errors);
  }
  let report: CheckReport = { file, errors, findings: [] };
  let code = EXIT_USAGE;
  if (errors.length === 0 && design !== undefined && policy?.ok === true) {
    const card = evaluateDesign(design, evalOptions(options, ctx));
    const findings = evaluateCompliance(card, rules);
    const result = checkPolicy(findings, policy.value, rules);
    report = { file, design: design.id, errors, findings, policy: result };
    code = result.violated ? EXIT_FAILED : EXIT_OK;
    for (const v of result.violations)
      println(
        ctx.io.stderr,
        `${ctx.err.red('✘')} ${v.rule} (${v.citation.source} ${v.citation.ref}): ${v.message}`,
      );
    for (const u of result.unknownRules)
      println(ctx.io.stderr, ctx.err.red(`✘ policy requires unknown rule ${u}`));
    println(
      code === EXIT_OK ? ctx.io.stdout : ctx.io.stderr,
      `${design.id}: ${findings.length} findings, ${result.violations.length} violate ${policy.value.id}`,
    );
    println(ctx.io.stdout, ctx.out.dim(rules.disclaimer));
  } else println(ctx.io.stderr, formatProblems(errors, ctx.err));
  if (options.json !== undefined) write(options.json, renderCheckJson(report), ctx);
  if (options.junit !== undefined) write(options.junit, renderCheckJunit(report), ctx);
  if (options.sarif !== undefined) write(options.sarif, renderCheckSarif(report, sightlineVersion()), ctx);
  return code;
}
