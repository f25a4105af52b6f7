/**
 * The long fuzz run over mutated wire messages of every type (`npm run fuzz -- --count 1000000`):
 * the same engine as tests/protocol/fuzz.test.ts (tests/helpers/fuzz.ts), for as many cases as asked.
 * Prints progress and a final tally; exits 1 if anything but typed rejections and authentic
 * plaintexts came out (an untyped error, a state change on rejection, an accepted forgery).
 *
 * Options: --count N (default 100000), --seed S (default "sightline-fuzz"), --start I (first case
 * index, to replay a finding: `--start I --count 1`), --provider node|noble (default node),
 * --progress N (cases between progress lines, default 50000).
 */
import { nobleCryptoProvider } from '../simulator/crypto/noble-provider.js';
import { createNodeCryptoProvider } from '../simulator/crypto/node-provider.js';
import { formatTally, runFuzz } from '../tests/helpers/fuzz.js';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  if (index >= 0) {
    const value = process.argv[index + 1];
    if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`);
    return value;
  }
  const inline = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  return inline?.slice(name.length + 3);
}

function count(name: string, fallback: number): number {
  const raw = option(name);
  if (raw === undefined) return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isSafeInteger(value) || value < 0)
    throw new Error(`--${name} needs a whole number, got "${raw}"`);
  return value;
}

const total = count('count', 100_000);
const start = count('start', 0);
const progressEvery = Math.max(1, count('progress', 50_000));
const seed = option('seed') ?? 'sightline-fuzz';
const providerName = option('provider') ?? 'node';
if (providerName !== 'node' && providerName !== 'noble') throw new Error('--provider is node or noble');
const crypto = providerName === 'node' ? createNodeCryptoProvider() : nobleCryptoProvider;

const began = performance.now();
console.log(`fuzz: ${total} cases from case ${start}, seed "${seed}", ${crypto.name} provider`);
const tally = runFuzz({
  crypto,
  seed,
  count: total,
  start,
  progressEvery,
  onProgress: (so) => {
    const seconds = (performance.now() - began) / 1000;
    const rate = Math.round(so.cases / seconds);
    const eta = Math.round((total - so.cases) / Math.max(rate, 1));
    console.log(`  ${so.cases}/${total} cases, ${so.findingCount} findings, ${rate}/s, ~${eta} s left`);
  },
});
console.log(formatTally(tally));
console.log(`took ${((performance.now() - began) / 1000).toFixed(1)} s`);
if (tally.findingCount > 0) {
  console.log(
    `FAILED: ${tally.findingCount} findings (replay one with --seed "${seed}" --start <case> --count 1)`,
  );
  process.exit(1);
}
console.log('OK: only typed rejections and authentic plaintexts');
