/**
 * Writes the files generated from the design schema: designs/schema.json and the reference section
 * of docs/designs.md (the hand-written parts are kept). `--check` writes nothing and exits 1 when
 * stale (tests/design/docs.test.ts checks the same).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { defaultRules } from '../simulator/design/index.js';
import { renderDesignSchemaJson, updateDesignDoc } from '../simulator/design/format-doc.js';

const files: Array<[string, (current: string) => string]> = [
  ['designs/schema.json', () => renderDesignSchemaJson()],
  ['docs/designs.md', (current) => updateDesignDoc(current, defaultRules())],
];
const check = process.argv.includes('--check');
let stale = 0;
for (const [path, render] of files) {
  let current = '';
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    current = '';
  }
  const next = render(current);
  if (next === current) continue;
  if (check) {
    console.error(`${path} is stale — run \`npm run gen:design-docs\``);
    stale++;
  } else {
    writeFileSync(path, next);
    console.log(`wrote ${path}`);
  }
}
process.exitCode = stale > 0 ? 1 : 0;
