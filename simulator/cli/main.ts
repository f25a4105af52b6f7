/**
 * The `sightline` command line (bin/sightline.js runs it from a prebuilt bundle, or through tsx). Exit codes: 0 every
 * expectation holds, 1 some expectation fails (or a run crashed), 2 invalid input or usage —
 * including commander's own usage errors (unknown option, missing argument, bad choice).
 */
import { Command, CommanderError, Option } from 'commander';
import { ScenarioError } from '../scenario/errors.js';
import type { CommandContext } from './context.js';
import { println } from './context.js';
import { REPORT_FORMATS, type ReportFormatName } from './commands/report.js';
import type { RunCommandOptions } from './commands/run.js';
import type { WorkshopCommandOptions } from './commands/workshop.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './errors.js';
import { palette, useColour, type CliIo } from './io.js';
import { collectVariants, parseJobs, parseOutputPath, parseSeed, parseSeeds, parseShard } from './options.js';
import type { MergeOptions } from './commands/merge.js';
import { formatProblems } from './problems.js';
import { EngineUnavailableError, loadRunner, type RunScenario } from './runner-port.js';
import { sightlineVersion } from './version.js';
import { prepareWorkers } from './workers.js';

export interface MainOptions {
  io?: Partial<CliIo>;
  /** Replaces the engine (tests); by default simulator/scenario/runner.ts is imported on first use. */
  runScenario?: RunScenario;
  /** The `--jobs` worker module to use: the launcher passes the one built with the bundle it runs,
   * so workers run the very code this thread runs (default: built or found by worker-bundle.ts). */
  workerUrl?: string;
}

const EXAMPLES = `
Examples:
  sightline validate scenarios/
  sightline run scenarios/ --junit results.xml --out runs/latest
  sightline run scenarios/sim-swap.yaml --variant with-2sv --seed 42
  sightline run scenarios/ --seeds 1..100 --jobs 2 --seed-report-md seeds.md
  sightline diff scenarios/sim-swap.yaml#base scenarios/sim-swap.yaml#with-2sv
  sightline report runs/latest --format html -o report.html
  sightline workshop scenarios/06-sim-swap.yaml --variant two-step --lan

Exit codes: 0 every expectation holds · 1 some expectation fails · 2 invalid input or usage`;

/** Runs the CLI with `argv` (as in process.argv, two leading entries); resolves to the exit code. */
export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  const io: CliIo = {
    stdout: options.io?.stdout ?? process.stdout,
    stderr: options.io?.stderr ?? process.stderr,
    env: options.io?.env ?? process.env,
    cwd: options.io?.cwd ?? process.cwd(),
  };
  const colourFlag = argv.includes('--no-color') ? false : argv.includes('--color') ? true : undefined;
  let runner: Promise<RunScenario> | undefined;
  const ctx: CommandContext = {
    io,
    out: palette(useColour(io.stdout, io.env, colourFlag)),
    err: palette(useColour(io.stderr, io.env, colourFlag)),
    runner: () => (runner ??= options.runScenario ? Promise.resolve(options.runScenario) : loadRunner()),
    workers: options.runScenario === undefined,
    ...(options.workerUrl !== undefined ? { workerUrl: options.workerUrl } : {}),
  };
  let exitCode = EXIT_OK;
  const program = buildProgram(ctx, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    return handleError(error, ctx);
  }
}

function handleError(error: unknown, ctx: CommandContext): number {
  if (error instanceof CommanderError) {
    // Help and --version exit 0; every other commander error is a usage error.
    return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  }
  if (error instanceof UsageError) {
    println(ctx.io.stderr, ctx.err.red(`error: ${error.message}`));
    return EXIT_USAGE;
  }
  if (error instanceof ScenarioError) {
    println(ctx.io.stderr, formatProblems(error.problems, ctx.err));
    return EXIT_USAGE;
  }
  if (error instanceof EngineUnavailableError) {
    println(ctx.io.stderr, ctx.err.red(`error: ${error.message}`));
    return EXIT_FAILED;
  }
  // A bug, not a user mistake: say so, with the stack when asked for.
  const debug = ctx.io.env['SIGHTLINE_DEBUG'] !== undefined && ctx.io.env['SIGHTLINE_DEBUG'] !== '';
  const message =
    error instanceof Error
      ? debug
        ? (error.stack ?? error.message)
        : `${error.name}: ${error.message}`
      : String(error);
  println(
    ctx.io.stderr,
    ctx.err.red(`internal error: ${message}${debug ? '' : ' (set SIGHTLINE_DEBUG=1 for the stack)'}`),
  );
  return EXIT_FAILED;
}

/**
 * Each command's module is imported when that command runs, so a start loads only what it uses
 * (the design presets, the workshop server, the engine are not paid for by `--help` or `validate`).
 */
const designCommands = () => import('./commands/design.js');

function buildProgram(ctx: CommandContext, setExit: (code: number) => void): Command {
  const program = new Command('sightline')
    .description('Run and check Sightline scenarios: who can see what in an end-to-end encrypted messenger.')
    .version(sightlineVersion(), '-V, --version')
    .option('--color', 'force colours')
    .option('--no-color', 'never use colours')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => ctx.io.stdout.write(text),
      writeErr: (text) => ctx.io.stderr.write(text),
      outputError: (text, write) => write(ctx.err.red(text)),
    })
    .addHelpText('after', EXAMPLES);

  const seedOption = () =>
    new Option('--seed <n>', 'seed of every run (default: the scenario’s `seed`)').argParser(parseSeed);

  program
    .command('run')
    .description('run scenarios (base and every variant) and check their expectations')
    .argument('<paths...>', 'scenario files or directories')
    .addOption(seedOption())
    .addOption(
      new Option(
        '--seeds <list>',
        'seed sweep: every run once per seed (a..b or a,b,c) plus a seed-sensitivity report; exit 1 if any expectation fails for any seed',
      ).argParser(parseSeeds),
    )
    .option('--seed-report-json <file>', 'with --seeds: write the seed report as JSON', parseOutputPath)
    .option('--seed-report-md <file>', 'with --seeds: write the seed report as Markdown', parseOutputPath)
    .option(
      '--variant <ids>',
      'run only these variants (repeatable or comma-separated; `base` is the file as written)',
      collectVariants,
    )
    .option('--json <file>', 'write results as JSON (- for standard output)', parseOutputPath)
    .option('--junit <file>', 'write JUnit XML (a suite per scenario variant)', parseOutputPath)
    .option(
      '--sarif <file>',
      'write SARIF 2.1.0 (failed expectations located in the scenario files)',
      parseOutputPath,
    )
    .option(
      '--out <dir>',
      'write a run directory: results.json, journal.jsonl, report.md, index.json and a folder per variant',
      parseOutputPath,
    )
    .addOption(
      new Option('--jobs <n>', 'run scenarios and variants in n worker threads (same output as 1)')
        .argParser(parseJobs)
        .default(1),
    )
    .addOption(
      new Option('--shard <i/n>', 'run only shard i of n (join the shards with `sightline merge`)').argParser(
        parseShard,
      ),
    )
    .option('-q, --quiet', 'print only failures and the final count')
    .option(
      '--no-progress',
      'no progress (a bar only when stdout is a terminal, never with CI set, --quiet or a report on stdout)',
    )
    .action(async (paths: string[], options: RunCommandOptions) => {
      // Workers first: they load their bundle while this thread loads the run command and the inputs.
      const workers = prepareWorkers(options.jobs ?? 1, ctx);
      setExit(await (await import('./commands/run.js')).runCommand(paths, options, ctx, workers));
    });

  program
    .command('merge')
    .description('join the JSON results of every shard (`run --shard i/n --json`) into the unsharded reports')
    .argument('<files...>', 'results JSON files or run directories, one per shard')
    .option('--json <file>', 'write the merged results as JSON (- for standard output)', parseOutputPath)
    .option('--junit <file>', 'write merged JUnit XML', parseOutputPath)
    .option('--sarif <file>', 'write merged SARIF 2.1.0', parseOutputPath)
    .option('--out <dir>', 'write a merged run directory', parseOutputPath)
    .option('--seed-report-json <file>', 'shards of a sweep: write its seed report as JSON', parseOutputPath)
    .option(
      '--seed-report-md <file>',
      'shards of a sweep: write its seed report as Markdown',
      parseOutputPath,
    )
    .action(async (files: string[], options: MergeOptions) =>
      setExit(await (await import('./commands/merge.js')).mergeCommand(files, options, ctx)),
    );

  program
    .command('validate')
    .description('check scenario files and list every problem with its line and column')
    .argument('<paths...>', 'scenario files or directories')
    .option('--json', 'print the result as JSON')
    .option('-q, --quiet', 'print only problems')
    .action(async (paths: string[], options: { json?: boolean; quiet?: boolean }) =>
      setExit(await (await import('./commands/validate.js')).validateCommand(paths, options, ctx)),
    );

  program
    .command('list')
    .description('list the scenarios in a library (default: scenarios/)')
    .argument('[dirs...]', 'directories or files')
    .option('--json', 'print the list as JSON')
    .action(async (dirs: string[], options: { json?: boolean }) =>
      setExit(await (await import('./commands/list.js')).listCommand(dirs, options, ctx)),
    );

  program
    .command('diff')
    .description('show which cells of the visibility matrix change between two runs')
    .argument('<a>', 'file.yaml#variant, or a run directory (dir, dir#variant, dir#scenario#variant)')
    .argument('<b>', 'the other side, in the same forms')
    .addOption(seedOption())
    .option('--json', 'print the diff as JSON')
    .action(async (a: string, b: string, options: { seed?: number; json?: boolean }) =>
      setExit(await (await import('./commands/diff.js')).diffCommand(a, b, options, ctx)),
    );

  program
    .command('report')
    .description('render a saved run directory')
    .argument('<run-dir>', 'a directory written by `sightline run --out`')
    .addOption(new Option('--format <format>', 'output format').choices(REPORT_FORMATS).default('md'))
    .option('-o, --output <file>', 'write to a file instead of standard output', parseOutputPath)
    .action(async (dir: string, options: { format: ReportFormatName; output?: string }) =>
      setExit(await (await import('./commands/report.js')).reportCommand(dir, options, ctx)),
    );

  const design = program
    .command('design')
    .description('architect workbench: score a design against the attack library, compare, check a policy');
  const libraryOption = () => new Option('--library <dir>', 'the attack library (default: scenarios/)');
  design
    .command('show')
    .description('print a design with every default written out')
    .argument('<design>', 'a design file (designs/*.yaml)')
    .action(async (file: string) => setExit((await designCommands()).designShow(file, ctx)));
  design
    .command('eval')
    .description('evaluate a design against every library attack that applies: attack × party scorecard')
    .argument('<design>', 'a design file')
    .addOption(seedOption())
    .addOption(libraryOption())
    .option('--json <file>', 'write the scorecard as JSON (- for standard output)', parseOutputPath)
    .action(async (file: string, options: { seed?: number; library?: string; json?: string }) =>
      setExit((await designCommands()).designEval(file, options, ctx)),
    );
  design
    .command('compare')
    .description('compare 2–4 designs side by side, with the axis behind each changed cell')
    .argument('<designs...>', '2 to 4 design files (the first is the baseline)')
    .addOption(seedOption())
    .addOption(libraryOption())
    .option('--json', 'JSON')
    .option('--md', 'Markdown (the default)')
    .option('--html', 'HTML with an SVG heatmap per design')
    .option('-o, --output <file>', 'write to a file instead of standard output', parseOutputPath)
    .action(
      async (
        files: string[],
        options: {
          seed?: number;
          library?: string;
          json?: boolean;
          md?: boolean;
          html?: boolean;
          output?: string;
        },
      ) => setExit((await designCommands()).designCompare(files, options, ctx)),
    );
  design
    .command('check')
    .description('check a design against a policy: exit 1 when a required rule has a finding, 2 when invalid')
    .argument('<design>', 'a design file')
    .requiredOption('--policy <file>', 'a policy file (designs/policies/*.yaml)')
    .option('--rules <file>', 'compliance rules (default: designs/rules/compliance.yaml, built in)')
    .addOption(seedOption())
    .addOption(libraryOption())
    .option('--junit <file>', 'write JUnit XML', parseOutputPath)
    .option('--sarif <file>', 'write SARIF 2.1.0', parseOutputPath)
    .option('--json <file>', 'write the findings as JSON', parseOutputPath)
    .action(
      async (
        file: string,
        options: {
          policy: string;
          rules?: string;
          seed?: number;
          library?: string;
          junit?: string;
          sarif?: string;
          json?: string;
        },
      ) => setExit((await designCommands()).designCheck(file, options, ctx)),
    );

  program
    .command('workshop')
    .description('run a live workshop: participants join from their browsers, each sees one party’s view')
    .argument('<scenario>', 'a scenario file')
    .option('--variant <id>', 'the variant to walk through (default: base)')
    .addOption(seedOption())
    .option('--port <n>', 'port of the workshop server (default: any free port)')
    .option('--lan', 'let devices on your network join (binds every interface; prints a warning)')
    .option('--data-dir <dir>', 'where rooms are kept so a restart resumes (default: ./.sightline)')
    .option('--new', 'start a new room even if one is open for this scenario and variant')
    .action(async (file: string, options: WorkshopCommandOptions) =>
      setExit(await (await import('./commands/workshop.js')).workshopCommand(file, options, ctx)),
    );

  return program;
}
