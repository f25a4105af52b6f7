/**
 * The wire-message fuzz engine, shared by the CI-sized test (tests/protocol/fuzz.test.ts) and the
 * long run (`npm run fuzz -- --count 1000000`, bench/fuzz.ts).
 *
 * Each case draws a target (a genuine message of one of the four wire types waiting at a receiver,
 * fuzz-world.ts), mutates it (fuzz-mutations.ts) and delivers it. The only acceptable outcomes are:
 * - a ProtocolError, with the receiver's state byte-identical (and no random bytes drawn), or
 * - acceptance with the plaintext that was really sent at that chain position (then the receiver
 *   is reset, since it has legitimately moved on).
 * Anything else is a finding: an untyped error, a state change on rejection, a forgery (an
 * accepted message whose plaintext is not what was encrypted there), or a replayable variant (an
 * authentic message accepted as a new session from a header other than the one sent).
 *
 * Case i draws from `fork("case-i")` of the seed, so a finding is replayed by `start = i, count = 1`.
 */
import type { CryptoProvider } from '../../simulator/crypto/provider.js';
import { SeededRandom } from '../../simulator/crypto/seeded-random.js';
import { toHex } from '../../simulator/crypto/bytes.js';
import { ProtocolError } from '../../simulator/protocol/errors.js';
import { mutate } from './fuzz-mutations.js';
import { type FuzzTarget, type FuzzWorld, buildFuzzWorld } from './fuzz-world.js';

export interface FuzzOptions {
  readonly crypto: CryptoProvider;
  readonly seed: string;
  readonly count: number;
  /** First case index (to replay a finding). Default 0. */
  readonly start?: number;
  /** Called every `progressEvery` cases with the tally so far. */
  readonly onProgress?: (tally: FuzzTally) => void;
  readonly progressEvery?: number;
  /** Findings kept in full (all are counted). Default 25. */
  readonly keepFindings?: number;
}

/**
 * untyped-error: anything thrown but a ProtocolError; state-changed-on-rejection: a ProtocolError
 * after which the receiver is not byte-identical; forgery: an accepted plaintext that was not sent
 * there; replayable-variant: an authentic message accepted as a new session from a header that is
 * not the one sent, so the genuine message could be accepted again (a replay).
 */
export type FindingKind = 'untyped-error' | 'state-changed-on-rejection' | 'forgery' | 'replayable-variant';

export interface Finding {
  readonly kind: FindingKind;
  readonly caseIndex: number;
  readonly target: string;
  readonly mutation: string;
  readonly detail: string;
  /** The delivered bytes (hex, cut at 1,000 characters). */
  readonly message: string;
}

export interface FuzzTally {
  readonly seed: string;
  readonly provider: string;
  cases: number;
  /** Mutations that reproduced a genuine message byte for byte (not delivered). */
  genuineSkipped: number;
  /** Rejections by ProtocolError code. */
  readonly rejected: Record<string, number>;
  /** Accepted deliveries by "target: verdict". */
  readonly accepted: Record<string, number>;
  readonly byTarget: Record<string, number>;
  /** Cases by mutation operator (field edits by field). */
  readonly byMutation: Record<string, number>;
  findingCount: number;
  readonly findingsByKind: Record<string, number>;
  readonly findings: Finding[];
  /** Receivers put back after an acceptance (or an untidy failure). */
  resets: number;
}

const bump = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/** The operator family of a mutation name ("bit-flip×2" → "bit-flip"). */
function family(name: string): string {
  return name.split('×')[0]!.replace(/-(removed|number|key|bytes|inner-message)$/, '');
}

/** Runs `count` fuzz cases and returns the tally; never throws for what it finds. */
export function runFuzz(options: FuzzOptions): FuzzTally {
  const { crypto, seed, count } = options;
  const start = options.start ?? 0;
  const keep = options.keepFindings ?? 25;
  const progressEvery = options.progressEvery ?? 10_000;
  const root = new SeededRandom(seed);
  const tally: FuzzTally = {
    seed,
    provider: crypto.name,
    cases: 0,
    genuineSkipped: 0,
    rejected: {},
    accepted: {},
    byTarget: {},
    byMutation: {},
    findingCount: 0,
    findingsByKind: {},
    findings: [],
    resets: 0,
  };
  const world: FuzzWorld = buildFuzzWorld(crypto, seed);
  // A rejection changes nothing, so the state after one case is the state before the next: keep it
  // (per target) instead of serializing twice per case. Cleared whenever a receiver is reset.
  const known = new Map<string, string>();
  const reset = (target: FuzzTarget) => {
    world.reset(target);
    known.clear();
    tally.resets++;
  };

  for (let index = start; index < start + count; index++) {
    const rng = root.fork(`case-${index}`);
    const target = rng.pick(world.targets());
    const mutation = mutate(rng, { kind: target.kind, bytes: target.genuine }, world.corpus);
    tally.cases++;
    bump(tally.byTarget, target.label);
    bump(tally.byMutation, family(mutation.name));
    const report = (kind: FindingKind, detail: string) => {
      tally.findingCount++;
      bump(tally.findingsByKind, kind);
      if (tally.findings.length < keep) {
        const message = toHex(mutation.bytes).slice(0, 1000);
        tally.findings.push({
          kind,
          caseIndex: index,
          target: target.label,
          mutation: mutation.name,
          detail,
          message,
        });
      }
    };

    if (world.genuine.has(toHex(mutation.bytes))) {
      tally.genuineSkipped++;
    } else {
      const before = known.get(target.label) ?? target.snapshot();
      let output: Uint8Array | undefined;
      let accepted = false;
      try {
        output = target.deliver(mutation.bytes);
        accepted = true;
      } catch (error) {
        const after = target.snapshot();
        const changed = after !== before;
        known.set(target.label, after);
        if (error instanceof ProtocolError) {
          bump(tally.rejected, error.code);
          if (changed) report('state-changed-on-rejection', `${error.code}: ${error.message}`);
        } else {
          const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
          report('untyped-error', changed ? `${text} (and the state changed)` : text);
        }
        if (changed || !(error instanceof ProtocolError)) reset(target);
      }
      if (accepted) {
        const verdict = world.judge(target, mutation.bytes, output);
        if (!verdict.authentic) report('forgery', verdict.detail);
        else if (verdict.problem !== undefined) report('replayable-variant', verdict.problem);
        else bump(tally.accepted, `${target.label}: ${verdict.note}`);
        reset(target);
      }
    }
    if (options.onProgress && tally.cases % progressEvery === 0) options.onProgress(tally);
  }
  return tally;
}

function table(title: string, counts: Record<string, number>): string[] {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return [`${title}: none`];
  return [`${title}:`, ...entries.map(([key, value]) => `  ${String(value).padStart(9)}  ${key}`)];
}

/** A human-readable summary of a tally (what the long run prints at the end). */
export function formatTally(tally: FuzzTally): string {
  const rejected = Object.values(tally.rejected).reduce((a, b) => a + b, 0);
  const accepted = Object.values(tally.accepted).reduce((a, b) => a + b, 0);
  const lines = [
    `fuzz: ${tally.cases} cases, seed "${tally.seed}", ${tally.provider} provider`,
    `  ${rejected} typed rejections, ${accepted} accepted authentic, ${tally.genuineSkipped} mutations reproduced a genuine message (skipped)`,
    `  ${tally.findingCount} findings; receivers reset ${tally.resets} times`,
    ...table('rejections by code', tally.rejected),
    ...table('accepted (all authentic)', tally.accepted),
    ...table('cases by target', tally.byTarget),
    ...table('cases by mutation', tally.byMutation),
  ];
  if (tally.findingCount > 0) {
    lines.push(...table('FINDINGS by kind', tally.findingsByKind));
    for (const finding of tally.findings) {
      lines.push(
        `  - case ${finding.caseIndex} [${finding.kind}] ${finding.target} via ${finding.mutation}: ${finding.detail}`,
        `    message ${finding.message}`,
      );
    }
  }
  return lines.join('\n');
}
