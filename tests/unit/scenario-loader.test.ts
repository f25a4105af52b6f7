/**
 * The scenario loader: every class of malformed file gives a located problem (line, column, path,
 * a message an author understands) and makes `sightline validate` exit 2; a good file loads with
 * defaults applied; all problems are reported at once.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioError, type ProblemCode } from '../../simulator/scenario/errors.js';
import {
  loadScenario,
  MAX_ALIAS_COUNT,
  MAX_SCENARIO_BYTES,
  parseScenario,
  parseScenarioBytes,
} from '../../simulator/scenario/loader.js';
import { formatDuration, parseDuration } from '../../simulator/scenario/duration.js';
import { resolveVariant, variantIds } from '../../simulator/scenario/variants.js';
import { checkVersion } from '../../simulator/scenario/migrations.js';
import { REPO_ROOT, runCli } from '../fixtures/scenarios/cli-harness.js';

const BAD = 'tests/fixtures/scenarios/bad';
const GOOD = 'tests/fixtures/scenarios/good/sim-swap.yaml';

function load(file: string) {
  return parseScenario(readFileSync(join(REPO_ROOT, file), 'utf8'), file);
}

interface Case {
  file: string;
  line: number;
  column: number;
  path: string;
  code: ProblemCode;
  message: RegExp;
}

/** One case per class of malformed file: the first (or only) problem it must produce. */
const CASES: Case[] = [
  {
    file: 'yaml-syntax.yaml',
    line: 6,
    column: 1,
    path: '',
    code: 'yaml',
    message: /flow sequence .* end with a \]/,
  },
  {
    file: 'yaml-tab.yaml',
    line: 6,
    column: 1,
    path: '',
    code: 'yaml',
    message: /tabs cannot indent YAML — use spaces/,
  },
  {
    file: 'duplicate-key.yaml',
    line: 5,
    column: 1,
    path: '',
    code: 'yaml',
    message: /the key 'title' appears twice/,
  },
  {
    file: 'empty.yaml',
    line: 1,
    column: 1,
    path: '',
    code: 'empty',
    message: /the file is empty — a scenario starts with `sightline: 1`/,
  },
  {
    file: 'not-a-mapping.yaml',
    line: 1,
    column: 1,
    path: '',
    code: 'version',
    message: /a scenario is a YAML mapping/,
  },
  {
    file: 'missing-version.yaml',
    line: 1,
    column: 1,
    path: '',
    code: 'version',
    message: /add `sightline: 1` as the first line/,
  },
  {
    file: 'wrong-version.yaml',
    line: 1,
    column: 12,
    path: 'sightline',
    code: 'version',
    message: /uses scenario format 2, but this Sightline reads format 1/,
  },
  {
    file: 'unknown-top-key.yaml',
    line: 8,
    column: 1,
    path: 'step',
    code: 'unknown-key',
    message: /unknown field 'step' in the scenario — did you mean 'steps'\?/,
  },
  {
    file: 'unknown-party-kind.yaml',
    line: 7,
    column: 22,
    path: 'parties[1].kind',
    code: 'value',
    message: /unknown party kind 'usr' — did you mean 'user'\?/,
  },
  {
    file: 'unknown-action.yaml',
    line: 9,
    column: 5,
    path: 'steps[0].sendd',
    code: 'unknown-key',
    message: /unknown action 'sendd' — did you mean 'send'\?/,
  },
  {
    file: 'two-actions.yaml',
    line: 10,
    column: 11,
    path: 'steps[0].read',
    code: 'value',
    message: /exactly one action, this one has `send` and `read`/,
  },
  {
    file: 'wrong-type.yaml',
    line: 6,
    column: 15,
    path: 'options.latency_ms',
    code: 'type',
    message: /expected a number, got 'fast'/,
  },
  {
    file: 'missing-field.yaml',
    line: 9,
    column: 5,
    path: 'steps[0].send.text',
    code: 'missing',
    message: /missing required field `text`/,
  },
  {
    file: 'unknown-party-ref.yaml',
    line: 9,
    column: 38,
    path: 'steps[0].send.to',
    code: 'reference',
    message: /unknown party 'bbo' — did you mean 'bob'\?/,
  },
  {
    file: 'wrong-party-kind.yaml',
    line: 10,
    column: 44,
    path: 'steps[0].sim-swap.victim',
    code: 'wrong-kind',
    message: /'telco' is a carrier party, but this needs a user/,
  },
  {
    file: 'device-as-user.yaml',
    line: 9,
    column: 27,
    path: 'steps[0].send.from',
    code: 'wrong-kind',
    message: /'alice-laptop' is a device of alice; .* did you mean 'alice'\?/,
  },
  {
    file: 'dangling-message.yaml',
    line: 12,
    column: 57,
    path: 'expectations[0].never-sees-content.messages[1]',
    code: 'reference',
    message: /unknown message 'm9'/,
  },
  {
    file: 'dangling-group.yaml',
    line: 11,
    column: 41,
    path: 'steps[0].send.group',
    code: 'reference',
    message: /unknown group 'teem' — did you mean 'team'\?/,
  },
  {
    file: 'dangling-defence.yaml',
    line: 12,
    column: 14,
    path: 'variants[0].enable[0]',
    code: 'reference',
    message: /unknown defence 'alice-2vs' — did you mean 'alice-2sv'\?/,
  },
  {
    file: 'dangling-step.yaml',
    line: 11,
    column: 21,
    path: 'expectations[0].action.step',
    code: 'reference',
    message: /unknown step 'takeover' — give the step an `id:`/,
  },
  {
    file: 'duplicate-id.yaml',
    line: 8,
    column: 11,
    path: 'parties[2].id',
    code: 'duplicate',
    message: /'bob' is already defined at line 7/,
  },
  {
    file: 'unknown-variant.yaml',
    line: 10,
    column: 16,
    path: 'expectations[0].variants[0]',
    code: 'reference',
    message: /unknown variant 'with-2fa' — did you mean 'with-2sv'\?/,
  },
  {
    file: 'bad-duration.yaml',
    line: 8,
    column: 9,
    path: 'steps[0].at',
    code: 'value',
    message: /expected a duration such as 30s, 5m, 2h or 31d, got '5 minutes'/,
  },
  {
    file: 'steps-out-of-order.yaml',
    line: 10,
    column: 9,
    path: 'steps[1].at',
    code: 'order',
    message: /this step is at 1h, but steps\[0\] before it is at 2h/,
  },
  {
    file: 'read-before-send.yaml',
    line: 9,
    column: 33,
    path: 'steps[0].read.message',
    code: 'order',
    message: /'m1' is only sent later, at steps\[1\]/,
  },
  {
    file: 'bad-enum.yaml',
    line: 7,
    column: 50,
    path: 'parties[1].sim_swap_checks',
    code: 'value',
    message: /'weakk' is not allowed here — did you mean 'weak'\?/,
  },
  {
    file: 'pin-unquoted.yaml',
    line: 8,
    column: 70,
    path: 'defences[0].pin',
    code: 'type',
    message: /a PIN is 6 digits in quotes, e.g. "123456", got the number 123456/,
  },
  {
    file: 'too-many-devices.yaml',
    line: 8,
    column: 21,
    path: 'parties[0].linked_devices',
    code: 'value',
    message: /at most 4 entries/,
  },
  {
    file: 'modded-without-vendor.yaml',
    line: 6,
    column: 38,
    path: 'parties[0].client',
    code: 'missing',
    message: /a modded client needs `vendor:`/,
  },
  {
    file: 'alias-bomb.yaml',
    line: 8,
    column: 11,
    path: '',
    code: 'limit',
    message: /too many YAML aliases: expanding '\*c' here goes over the limit of 100 alias expansions/,
  },
  {
    file: 'tab-follow-on.yaml',
    line: 7,
    column: 1,
    path: '',
    code: 'yaml',
    message: /^tabs cannot indent YAML — use spaces \(tabs also indent line 10\)$/,
  },
  {
    file: 'seed-too-large.yaml',
    line: 5,
    column: 7,
    path: 'seed',
    code: 'value',
    message: /^a seed is a whole number from 0 to 4294967295 \(32 bits\), got 99999999999999999999$/,
  },
  {
    file: 'control-character.yaml',
    line: 4,
    column: 33,
    path: '',
    code: 'encoding',
    message: /the control character U\+001B is not allowed in a YAML file/,
  },
  {
    file: 'holds-unknown-step.yaml',
    line: 16,
    column: 44,
    path: 'expectations[0].holds.at',
    code: 'reference',
    message: /unknown step 'takover' — did you mean 'takeover'\?/,
  },
  {
    file: 'holds-unknown-item-kind.yaml',
    line: 16,
    column: 44,
    path: 'expectations[0].never.item.kind',
    code: 'value',
    message: /'backups' is not allowed here — did you mean 'backup'\?/,
  },
  {
    file: 'holds-unknown-of.yaml',
    line: 16,
    column: 56,
    path: 'expectations[0].never.item.of',
    code: 'reference',
    message: /unknown party 'bbo' — did you mean 'bob'\?/,
  },
  {
    file: 'holds-of-not-group.yaml',
    line: 16,
    column: 66,
    path: 'expectations[0].holds.item.of',
    code: 'wrong-kind',
    message: /'bob' is a party, but a group's membership is of a group \(groups: family\)/,
  },
  {
    file: 'holds-content-of-device-list.yaml',
    line: 16,
    column: 74,
    path: 'expectations[0].holds.what',
    code: 'conflict',
    message: /a device-list item has no content to hold — name a field \(such as `device-list` or `keys`\)/,
  },
  {
    file: 'never-with-at.yaml',
    line: 16,
    column: 40,
    path: 'expectations[0].never.at',
    code: 'unknown-key',
    message: /`never` covers the whole run — to check at a step, use `lacks` \(or `holds`\) with `at`/,
  },
  {
    file: 'lacks-without-at.yaml',
    line: 16,
    column: 5,
    path: 'expectations[0].lacks.at',
    code: 'missing',
    message: /missing required field `at`: `lacks` is checked at a step — for the whole run, use `never`/,
  },
  {
    file: 'holds-unknown-message.yaml',
    line: 16,
    column: 37,
    path: 'expectations[0].holds.item[1]',
    code: 'reference',
    message: /unknown message 'm9' — did you mean 'm1'\?/,
  },
  {
    file: 'enable-and-disable.yaml',
    line: 10,
    column: 69,
    path: 'variants[0].disable[0]',
    code: 'conflict',
    message: /both enabled and disabled/,
  },
];

describe('malformed scenario files', () => {
  it('covers at least 15 classes of problem', () => {
    expect(new Set(CASES.map((c) => c.file)).size).toBeGreaterThanOrEqual(15);
    expect(new Set(CASES.map((c) => c.code)).size).toBeGreaterThanOrEqual(10);
  });

  for (const c of CASES) {
    it(`${c.file}: ${c.code} at ${c.line}:${c.column}`, async () => {
      const file = `${BAD}/${c.file}`;
      const result = load(file);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      const problem = result.problems[0]!;
      expect(problem).toMatchObject({ file, line: c.line, column: c.column, path: c.path, code: c.code });
      expect(problem.message).toMatch(c.message);

      const cli = await runCli(['validate', file]);
      expect(cli.code).toBe(2);
      expect(cli.stderr).toContain(`${file}:${c.line}:${c.column}`);
      expect(cli.stderr).toContain(problem.message);
    });
  }

  it('reports every problem of a file at once, in file order', () => {
    const result = load(`${BAD}/many-problems.yaml`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const summary = result.problems.map((p) => `${p.line}:${p.path}:${p.code}`);
    expect(summary).toEqual([
      '2:id:value',
      '7:parties[1].kind:value',
      '8:parties[2].id:duplicate',
      '10:steps[0].send.to:reference',
      '11:steps[1].read.message:reference',
      '12:steps[2].wait.duration:type',
      '14:expectations[0].sees-content.party:reference',
    ]);
  });

  it('loadScenario throws a ScenarioError carrying every located problem', () => {
    const file = `${BAD}/many-problems.yaml`;
    const text = readFileSync(join(REPO_ROOT, file), 'utf8');
    let caught: unknown;
    try {
      loadScenario(text, file);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ScenarioError);
    const error = caught as ScenarioError;
    expect(error.problems).toHaveLength(7);
    expect(error.message).toContain(`${file}:10:38 steps[0].send.to: unknown party 'carol'`);
  });

  it('does not report "needs an action" on top of an unknown action key', () => {
    const result = load(`${BAD}/unknown-action.yaml`);
    expect(result.ok ? [] : result.problems.map((p) => p.code)).toEqual(['unknown-key']);
  });
});

/** Files that cannot be read as UTF-8 text: the CLI reads their bytes (`parseScenarioBytes`). */
const BYTE_CASES: Case[] = [
  {
    file: 'latin-1.yaml',
    line: 4,
    column: 14,
    path: '',
    code: 'encoding',
    message:
      /^the file is not UTF-8 text: byte 0xE9 here is not valid UTF-8 .*Latin-1.* save it again as UTF-8$/,
  },
  {
    file: 'utf-16.yaml',
    line: 1,
    column: 1,
    path: '',
    code: 'encoding',
    message: /^the file is saved as UTF-16 \(little-endian\), not UTF-8 — save it again as UTF-8$/,
  },
  {
    file: 'binary-file.yaml',
    line: 1,
    column: 1,
    path: '',
    code: 'encoding',
    message: /^this is not a text file \(binary data\) — a scenario is a YAML text file saved as UTF-8$/,
  },
];

describe('files that are not scenario text, and resource limits', () => {
  for (const c of BYTE_CASES) {
    it(`${c.file}: one ${c.code} problem at ${c.line}:${c.column}, from the bytes and in the CLI`, async () => {
      const file = `${BAD}/${c.file}`;
      const result = parseScenarioBytes(new Uint8Array(readFileSync(join(REPO_ROOT, file))), file);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0]).toMatchObject({
        file,
        line: c.line,
        column: c.column,
        path: c.path,
        code: c.code,
      });
      expect(result.problems[0]!.message).toMatch(c.message);

      const cli = await runCli(['validate', file]);
      expect(cli.code).toBe(2);
      expect(cli.stderr).toContain(`${file}:${c.line}:${c.column} ${result.problems[0]!.message}`);
      expect(cli.stderr).toContain('1 problem');
    });

    it(`${c.file}: one encoding problem when it arrives already decoded (lossily) as text`, () => {
      const result = load(`${BAD}/${c.file}`);
      expect(result.ok ? [] : result.problems.map((p) => p.code)).toEqual(['encoding']);
    });
  }

  it('names the spot where a lossily decoded file lost its bytes', () => {
    const result = load(`${BAD}/latin-1.yaml`);
    expect(result.ok ? undefined : result.problems[0]).toMatchObject({
      line: 4,
      column: 14,
      message: expect.stringMatching(/U\+FFFD replacement characters/),
    });
  });

  it.each(['alias-bomb.yaml', 'tab-follow-on.yaml', 'seed-too-large.yaml', 'control-character.yaml'])(
    '%s gives exactly one problem, with no follow-on noise',
    (name) => {
      const result = load(`${BAD}/${name}`);
      expect(result.ok ? [] : result.problems).toHaveLength(1);
    },
  );

  it('gives one clear message for every way a seed is wrong', () => {
    const seed = (value: string) => {
      const text = `sightline: 1\nid: s\ntitle: T\nsummary: S\nseed: ${value}\nparties:\n  - { id: alice, kind: user }\n`;
      const result = parseScenario(text, 's.yaml');
      return result.ok ? [] : result.problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`);
    };
    const message = 'seed: a seed is a whole number from 0 to 4294967295 (32 bits), got';
    expect(seed('4294967296')).toEqual([`5:7 ${message} 4294967296`]);
    expect(seed('1e300')).toEqual([`5:7 ${message} 1e300`]);
    expect(seed('-1')).toEqual([`5:7 ${message} -1`]);
    expect(seed('1.5')).toEqual([`5:7 ${message} the number 1.5`]);
    expect(seed('"7"')).toEqual([`5:7 ${message} '7'`]);
    expect(seed('4294967295')).toEqual([]);
  });

  it('refuses a file over 1 MB with one message, before reading it as YAML', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sightline-big-'));
    try {
      const big = `sightline: 1\nnotes: "${'x'.repeat(MAX_SCENARIO_BYTES)}"\n`;
      const file = join(dir, 'big.yaml');
      writeFileSync(file, big);
      const cli = await runCli(['validate', file]);
      expect(cli.code).toBe(2);
      expect(cli.stderr).toContain(
        `big.yaml:1:1 the file is too large (1.0 MB, ${big.length.toLocaleString('en-US')} bytes) — ` +
          'a scenario file may be at most 1 MB (1,000,000 bytes)',
      );
      const text = parseScenario(big, 'big.yaml');
      expect(text.ok ? [] : text.problems.map((p) => p.code)).toEqual(['limit']);
      const bytes = parseScenarioBytes(new TextEncoder().encode(big), 'big.yaml');
      expect(bytes.ok ? [] : bytes.problems.map((p) => p.code)).toEqual(['limit']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('accepts anchors and aliases within the limit, and a UTF-8 byte-order mark', () => {
    const uses = Array.from({ length: MAX_ALIAS_COUNT - 1 }, () => '*who').join(', ');
    const text =
      '\uFEFFsightline: 1\nid: aliases\ntitle: T\nsummary: S\nparties:\n  - &alice { id: alice, kind: user }\n' +
      `  - { id: bob, kind: user }\nshared: &who alice\nsteps:\n  - send: { id: m1, from: *who, to: bob, text: "hi" }\n`;
    const ok = parseScenarioBytes(new TextEncoder().encode(text), 'aliases.yaml');
    // The unknown key `shared` is the only problem: the aliases themselves were expanded.
    expect(ok.ok ? [] : ok.problems.map((p) => `${p.line} ${p.code} ${p.path}`)).toEqual([
      '8 unknown-key shared',
    ]);
    const many = parseScenario(`sightline: 1\nx: &who a\ny: [${uses}]\n`, 'many.yaml');
    expect(many.ok ? [] : many.problems.map((p) => p.code)).not.toContain('limit');
    // The anchor counts as one use: the 100th alias of it is refused, at that alias.
    const tooMany = parseScenario(`sightline: 1\nx: &who a\ny: [${uses}, *who, *who]\n`, 'many.yaml');
    expect(tooMany.ok ? [] : tooMany.problems.map((p) => `${p.line}:${p.column} ${p.code}`)).toEqual([
      `3:${5 + 6 * (MAX_ALIAS_COUNT - 1)} limit`,
    ]);
  });

  it('locates an alias with no anchor', () => {
    const result = parseScenario('sightline: 1\nid: x\nparties:\n  - *nobody\n', 'x.yaml');
    expect(result.ok ? [] : result.problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([
      '4:5 YAML aliases: unresolved alias (the anchor must be set before the alias): nobody',
    ]);
  });
});

describe('a valid scenario', () => {
  const result = load(GOOD);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
  const loaded = result.value;

  it('applies defaults, converts durations and tags steps and expectations', () => {
    const { scenario } = loaded;
    expect(scenario.options).toEqual({ latency_ms: 40, jitter_ms: 10, loss_rate: 0 });
    const alice = scenario.parties.find((p) => p.id === 'alice');
    expect(alice).toMatchObject({
      kind: 'user',
      phone: 'alice-phone',
      linked_devices: [],
      client: 'official',
    });
    expect(scenario.steps[1]!.at).toBe(3_600_000);
    expect(scenario.steps[1]!.action).toEqual({ type: 'sim-swap', attacker: 'mallory', victim: 'alice' });
    expect(scenario.steps[2]!.id).toBe('takeover');
    expect(scenario.expectations[0]!.check).toEqual({
      type: 'never-sees-content',
      party: 'server',
      messages: 'all',
    });
  });

  it('knows where every node is', () => {
    expect(loaded.locations['expectations[2]']).toMatchObject({ line: 39, column: 5 });
    expect(loaded.locations['steps[2].register.by']).toMatchObject({
      line: 32,
      column: 34,
      key: { line: 32, column: 30 },
    });
  });

  it('resolves variants: defences flipped, expectations filtered, replaced and added, with locations', () => {
    expect(variantIds(loaded.scenario)).toEqual(['base', 'with-2sv']);
    const base = resolveVariant(loaded, 'base');
    expect(base.defences).toEqual({ 'alice-2sv': false });
    expect(base.expectations.map((e) => e.id)).toEqual(['server-blind', 'old-safe', 'new-exposed']);
    expect(base.expectations[2]).toMatchObject({
      kind: 'sees-content',
      text: 'mallory sees the content of m2',
      location: { line: 39, column: 5 },
      because: expect.stringContaining('new identity key'),
    });
    const variant = resolveVariant(loaded, 'with-2sv');
    expect(variant.defences).toEqual({ 'alice-2sv': true });
    expect(variant.expectations.map((e) => e.id)).toEqual([
      'server-blind',
      'old-safe',
      'blocked',
      'variants[0].expectations[1]',
    ]);
    expect(variant.expectations[2]).toMatchObject({
      text: "step 'takeover' fails",
      location: { line: 48, column: 9 },
    });
    expect(() => resolveVariant(loaded, 'nope')).toThrow(/no variant 'nope'/);
  });

  it('validates with exit 0', async () => {
    const cli = await runCli(['validate', GOOD]);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('sim-swap-fixture');
  });
});

describe('durations and versions', () => {
  it('parses and formats durations', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('31d')).toBe(31 * 86_400_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('30')).toBeUndefined();
    expect(parseDuration('5 minutes')).toBeUndefined();
    expect(parseDuration('-5m')).toBeUndefined();
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(0)).toBe('0s');
  });

  it('accepts the current version and refuses others with a reason', () => {
    expect(checkVersion({ sightline: 1 })).toMatchObject({ ok: true });
    expect(checkVersion({ sightline: '1' })).toMatchObject({ ok: false, at: 'version' });
    expect(checkVersion({ sightline: 0 })).toMatchObject({ ok: false, at: 'version' });
    expect(checkVersion([])).toMatchObject({ ok: false, at: 'root' });
  });
});
