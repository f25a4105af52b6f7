/**
 * Writes the files generated from the scenario schema (simulator/scenario/schema.ts):
 *   scenarios/schema.json      JSON Schema for editors
 *   docs/scenario-format.md    the format reference
 * Run after changing the schema: `npm run gen:schema`. `--check` writes nothing and exits 1 when a
 * file is stale (tests/unit/schema-fresh.test.ts does the same in the test suite).
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderFormatReference, renderSchemaJson } from '../simulator/scenario/format-doc.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The generated files, relative to the repository root, with their content. */
export function generatedFiles(): Array<{ path: string; content: string }> {
  return [
    { path: 'scenarios/schema.json', content: renderSchemaJson() },
    { path: 'docs/scenario-format.md', content: renderFormatReference() },
  ];
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function main(argv: readonly string[]): number {
  const check = argv.includes('--check');
  let stale = 0;
  let written = 0;
  for (const file of generatedFiles()) {
    const target = join(root, file.path);
    if (read(target) === file.content) continue;
    if (check) {
      console.error(`${file.path} is stale — run \`npm run gen:schema\``);
      stale++;
    } else {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, file.content);
      console.log(`wrote ${file.path}`);
      written++;
    }
  }
  if (stale === 0 && written === 0) console.log('generated files are up to date');
  return stale > 0 ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main(process.argv.slice(2));
}
