// Runs Doyensec's electronegativity over the desktop host's sources and fails on high-severity findings.
// Its CLI cannot start in this repository (it resolves the project's commander 14, whose API it predates), so
// this calls its runner directly. Usage: node --import tsx electron/security-scan.ts [--csv out.csv]
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ELECTRON_VERSION = (require('electron/package.json') as { version: string }).version;

export interface ScanIssue {
  id: string;
  severity: string;
  confidence: string;
  file: string;
  line: number;
  column: number;
  description: string;
}

interface RawIssue {
  id: string;
  file: string;
  location: { line: number; column: number };
  severity: { name: string };
  confidence: { name: string };
  description: string;
}

/** Scan `dir` (default: electron/); `csv` also writes electronegativity's own CSV report. */
export async function scanElectron(dir: string, csv?: string): Promise<ScanIssue[]> {
  const runner = require('@doyensec/electronegativity') as (
    options: object,
    forCli: boolean,
  ) => Promise<{ issues: RawIssue[] }>;
  const result = await runner(
    {
      input: dir,
      output: csv,
      isSarif: false,
      customScan: [],
      // This check downloads Electron's release list to look for newer security releases: a network fetch that
      // CI cannot make and Dependabot-style updates cover. Everything else runs offline.
      excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
      isRelative: true,
      isVerbose: false,
      electronVersionOverride: ELECTRON_VERSION,
      parserPlugins: [],
    },
    false,
  );
  return result.issues.map((i) => ({
    id: i.id,
    severity: i.severity.name,
    confidence: i.confidence.name,
    file: i.file,
    line: i.location.line,
    column: i.location.column,
    description: i.description,
  }));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const csvAt = process.argv.indexOf('--csv');
  const csv = csvAt > 0 ? process.argv[csvAt + 1] : undefined;
  const issues = await scanElectron(dirname(fileURLToPath(import.meta.url)), csv);
  for (const i of issues)
    console.log(
      `${i.severity.padEnd(13)} ${i.confidence.padEnd(9)} ${i.id} ${i.file}:${i.line}:${i.column} ${i.description}`,
    );
  const high = issues.filter((i) => i.severity === 'HIGH');
  console.log(`${issues.length} findings, ${high.length} high-severity (Electron ${ELECTRON_VERSION}).`);
  process.exit(high.length > 0 ? 1 : 0);
}
