/**
 * Regenerates the golden summaries of the built-in scenario library (scenarios/golden/*.txt) after a
 * reviewed change to a scenario or to the engine: `npx tsx scripts/update-golden.ts`. Give scenario
 * files to regenerate only theirs; `--check` writes nothing and exits 1 if any summary differs (the
 * same comparison tests/scenarios/library.test.ts makes); `--print` writes the summaries to stdout.
 * Stale summaries of variants or scenarios that no longer exist are removed (not with `--check`).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  GOLDEN_DIR,
  goldenPath,
  libraryFiles,
  libraryRuns,
  renderGoldenSummary,
  runLibraryVariant,
} from './golden-summary.js';

function main(argv: string[]): number {
  const check = argv.includes('--check');
  const print = argv.includes('--print');
  const named = argv.filter((a) => !a.startsWith('--'));
  const files = named.length > 0 ? named : libraryFiles();
  const wanted = new Set<string>();
  let changed = 0;
  let failing = 0;
  mkdirSync(GOLDEN_DIR, { recursive: true });
  for (const { file, loaded, variant } of libraryRuns(files)) {
    const result = runLibraryVariant(loaded, variant);
    if (!result.valid) failing++;
    const text = renderGoldenSummary(file, loaded, result);
    const path = goldenPath(file, variant);
    wanted.add(path);
    if (print) {
      process.stdout.write(`${text}\n`);
      continue;
    }
    const before = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (before === text) continue;
    changed++;
    if (check) console.error(`differs: ${path}`);
    else {
      writeFileSync(path, text);
      console.error(`${before === undefined ? 'created' : 'updated'} ${path}`);
    }
  }
  if (named.length === 0 && !check && !print) {
    for (const name of readdirSync(GOLDEN_DIR)) {
      const path = join(GOLDEN_DIR, name);
      if (name.endsWith('.txt') && !wanted.has(path)) {
        rmSync(path);
        console.error(`removed stale ${path}`);
      }
    }
  }
  console.error(
    `${wanted.size} summaries · ${changed} ${check ? 'differ' : 'written'}` +
      (failing > 0 ? ` · ${failing} run(s) with failing expectations` : ''),
  );
  return (check && changed > 0) || failing > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
