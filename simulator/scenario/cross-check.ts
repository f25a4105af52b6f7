/**
 * Cross-reference checks that a schema cannot express: does `bob` exist, is he a user, is `m3`
 * sent before it is read, does the variant exist… Each item is parsed on its own so that one
 * broken party does not hide a dangling reference three steps later.
 */
import type { z } from 'zod';
import type { ProblemCode, ScenarioProblem } from './errors.js';
import { formatPath, type Path } from './paths.js';
import {
  ACTION_DEFAULT_PARTIES,
  ACTION_REFS,
  CHECK_REFS,
  DEFENCE_DEFAULT_SERVER,
  DEFENCE_REFS,
  type Target,
} from './ref-table.js';
import {
  expectationSchema,
  groupSchema,
  stepSchema,
  variantSchema,
  type Expectation,
  type Step,
} from './schema.js';
import { defenceSchema, type Defence } from './schema-defences.js';
import { PARTY_KINDS, partySchema, type Party, type PartyKind } from './schema-parties.js';
import { BASE_VARIANT, buildIndex, type ScenarioIndex } from './scenario-index.js';
import { didYouMean } from './suggest.js';
import { itemKindSpec, type ItemKindName, type ItemSubject } from './item-kinds.js';
import type { HoldingWhat, ItemRef } from './schema-expectations.js';
import { locate, type LocationIndex } from './yaml-source.js';
import { formatDuration } from './duration.js';

export interface CrossCheckContext {
  file: string;
  locations: LocationIndex;
}

/** Items of `section` that parse on their own, with their index. */
function parsedItems<T>(
  document: Record<string, unknown>,
  section: string,
  schema: z.ZodType<T>,
): Array<[number, T]> {
  const list = document[section];
  if (!Array.isArray(list)) return [];
  const out: Array<[number, T]> = [];
  list.forEach((item, i) => {
    const result = schema.safeParse(item);
    if (result.success) out.push([i, result.data]);
  });
  return out;
}

/** Runs every cross-reference check on a raw (version-checked) document. */
export function crossCheck(document: Record<string, unknown>, context: CrossCheckContext): ScenarioProblem[] {
  const { index, problems } = buildIndex(document, context);
  const checker = new Checker(index, context, problems);
  for (const [i, party] of parsedItems<Party>(document, 'parties', partySchema)) checker.party(i, party);
  for (const [i, group] of parsedItems(document, 'groups', groupSchema)) {
    checker.ref(group.admin, ['groups', i, 'admin'], { ref: 'party', kinds: ['user'], noun: 'a user' });
    const seen = new Set<string>();
    group.members.forEach((member, j) => {
      const path = ['groups', i, 'members', j];
      if (seen.has(member)) checker.report(path, 'duplicate', `'${member}' is listed twice in this group`);
      seen.add(member);
      checker.ref(member, path, { ref: 'party', kinds: ['user'], noun: 'a user' });
    });
  }
  for (const [i, defence] of parsedItems<Defence>(document, 'defences', defenceSchema))
    checker.defence(i, defence, document);
  checker.steps(parsedItems<Step>(document, 'steps', stepSchema));
  for (const [i, expectation] of parsedItems<Expectation>(document, 'expectations', expectationSchema)) {
    checker.expectation(expectation, ['expectations', i], false);
  }
  for (const [i, variant] of parsedItems(document, 'variants', variantSchema)) {
    const enabled = new Set(variant.enable);
    variant.enable.forEach((id, j) => checker.ref(id, ['variants', i, 'enable', j], { ref: 'defence' }));
    variant.disable.forEach((id, j) => {
      const path = ['variants', i, 'disable', j];
      checker.ref(id, path, { ref: 'defence' });
      if (enabled.has(id))
        checker.report(path, 'conflict', `defence '${id}' is both enabled and disabled in this variant`);
    });
    variant.expectations?.forEach((expectation, j) => {
      checker.expectation(expectation, ['variants', i, 'expectations', j], true);
    });
  }
  return problems;
}

class Checker {
  constructor(
    private readonly index: ScenarioIndex,
    private readonly context: CrossCheckContext,
    private readonly problems: ScenarioProblem[],
  ) {}

  report(path: Path, code: ProblemCode, message: string, prefer: 'value' | 'key' = 'value'): void {
    this.problems.push({
      file: this.context.file,
      ...locate(this.context.locations, path, prefer),
      path: formatPath(path),
      code,
      message,
    });
  }

  /** Checks one reference (or a list of them, or `all` for messages). */
  ref(value: unknown, path: Path, target: Target): void {
    if (value === undefined) return;
    if (Array.isArray(value)) {
      value.forEach((item, i) => this.ref(item, [...path, i], target));
      return;
    }
    if (typeof value !== 'string') return;
    if (value === 'all' && target.ref === 'message') return;
    switch (target.ref) {
      case 'party':
        return this.partyRef(value, path, target.kinds, target.noun, target.devices === true);
      case 'actor':
        if (!this.index.actors.has(value))
          this.unknown(value, path, 'party or device', this.index.actors.keys());
        return;
      case 'device': {
        const actor = this.index.actors.get(value);
        if (!actor) this.unknown(value, path, 'device', this.deviceIds());
        else if (actor.kind !== 'device') {
          this.report(
            path,
            'wrong-kind',
            `'${value}' is a ${actor.kind} party, not a device${didYouMean(`${value}-phone`, this.deviceIds())}`,
          );
        }
        return;
      }
      case 'chat':
        if (!this.index.actors.has(value) && !this.index.groups.has(value)) {
          this.unknown(value, path, 'party or group', [
            ...this.index.actors.keys(),
            ...this.index.groups.keys(),
          ]);
        }
        return;
      case 'group':
        if (!this.index.groups.has(value))
          this.unknown(value, path, 'group', this.index.groups.keys(), 'declare it under `groups`');
        return;
      case 'defence':
        if (!this.index.defences.has(value)) {
          this.unknown(value, path, 'defence', this.index.defences.keys(), 'declare it under `defences`');
        }
        return;
      case 'message':
        if (!this.index.messages.has(value)) {
          this.unknown(
            value,
            path,
            'message',
            this.index.messages.keys(),
            'messages are defined by the `id` of `send` steps',
          );
        }
        return;
      case 'step':
        if (!this.index.steps.has(value)) {
          this.unknown(value, path, 'step', this.index.steps.keys(), 'give the step an `id:` to refer to it');
        }
        return;
    }
  }

  private partyRef(
    value: string,
    path: Path,
    kinds: readonly string[],
    noun: string,
    devices: boolean,
  ): void {
    const actor = this.index.actors.get(value);
    if (!actor) {
      const candidates = [...this.index.actors].filter(([, a]) => kinds.includes(a.kind)).map(([id]) => id);
      const hint = didYouMean(value, candidates) || didYouMean(value, this.index.actors.keys());
      const known =
        hint === '' && candidates.length > 0 && candidates.length <= 8
          ? ` (candidates: ${candidates.join(', ')})`
          : '';
      this.report(path, 'reference', `unknown party '${value}'${hint}${known}`);
      return;
    }
    if (!PARTY_KINDS.includes(actor.kind as PartyKind) && actor.kind !== 'device') return; // reported with the party
    if (actor.kind === 'device') {
      if (devices) return;
      const owner = actor.owner ?? '?';
      this.report(
        path,
        'wrong-kind',
        `'${value}' is a device of ${owner}; this needs ${noun} — did you mean '${owner}'?`,
      );
      return;
    }
    if (!kinds.includes(actor.kind)) {
      this.report(path, 'wrong-kind', `'${value}' is ${article(actor.kind)} party, but this needs ${noun}`);
    }
  }

  private unknown(
    value: string,
    path: Path,
    noun: string,
    candidates: Iterable<string>,
    advice?: string,
  ): void {
    const list = [...candidates];
    const hint = didYouMean(value, list);
    let message = `unknown ${noun} '${value}'${hint}`;
    if (!hint && advice) message += ` — ${advice}`;
    if (!hint && list.length > 0 && list.length <= 8) message += ` (known: ${list.join(', ')})`;
    this.report(path, 'reference', message);
  }

  /** ` (groups: a, b)` for a short list, or nothing. */
  private known(noun: string, ids: Iterable<string>): string {
    const list = [...ids];
    return list.length > 0 && list.length <= 8 ? ` (${noun}: ${list.join(', ')})` : '';
  }

  private deviceIds(): string[] {
    return [...this.index.actors].filter(([, a]) => a.kind === 'device').map(([id]) => id);
  }

  /** An omitted "which server/carrier" field needs exactly one party of that kind. */
  private onlyOne(kind: string, path: Path, field: string): void {
    const count = this.index.kindCounts.get(kind) ?? 0;
    if (count === 1) return;
    const message =
      count === 0
        ? `this needs a \`${kind}\` party — add one under \`parties\``
        : `there are ${count} \`${kind}\` parties — say which one with \`${field}:\``;
    this.report(path, count === 0 ? 'reference' : 'conflict', message, 'key');
  }

  party(i: number, party: Party): void {
    const at = (...rest: Array<string | number>): Path => ['parties', i, ...rest];
    switch (party.kind) {
      case 'user': {
        if (party.client === 'modded' && party.vendor === undefined) {
          this.report(at('client'), 'missing', 'a modded client needs `vendor:` (the `mod-vendor` party)');
        }
        if (party.client === 'official' && party.vendor !== undefined) {
          this.report(at('vendor'), 'conflict', '`vendor` only applies with `client: modded`', 'key');
        }
        this.ref(party.vendor, at('vendor'), { ref: 'party', kinds: ['mod-vendor'], noun: 'a mod-vendor' });
        const backup = party.backup;
        if (backup) {
          this.ref(backup.provider, at('backup', 'provider'), {
            ref: 'party',
            kinds: ['backup-provider'],
            noun: 'a backup-provider',
          });
          this.ref(backup.vault, at('backup', 'vault'), {
            ref: 'party',
            kinds: ['key-vault'],
            noun: 'a key-vault',
          });
          if (backup.mode === 'encrypted-password') {
            if (backup.password === undefined) {
              this.report(at('backup'), 'missing', '`mode: encrypted-password` needs `password:`', 'key');
            }
            if (backup.vault === undefined) this.onlyOne('key-vault', at('backup'), 'vault');
          }
        }
        return;
      }
      case 'carrier':
        this.ref(party.subscribers, at('subscribers'), { ref: 'party', kinds: ['user'], noun: 'a user' });
        return;
      case 'network-observer':
        if (party.taps !== 'all') {
          this.ref(party.taps, at('taps'), {
            ref: 'party',
            kinds: ['user'],
            noun: 'a user or a device',
            devices: true,
          });
        }
        return;
      case 'business': {
        const hostKind =
          party.hosting === 'cloud-api' ? 'cloud-api' : party.hosting === 'bsp-hosted' ? 'bsp' : undefined;
        if (hostKind === undefined && party.host !== undefined) {
          this.report(
            at('host'),
            'conflict',
            'an `on-premises` business runs its own client — remove `host`',
            'key',
          );
        } else if (hostKind !== undefined && party.host === undefined) {
          this.onlyOne(hostKind, at('hosting'), 'host');
        }
        if (hostKind !== undefined)
          this.ref(party.host, at('host'), { ref: 'party', kinds: [hostKind], noun: `a ${hostKind}` });
        this.ref(party.bsp, at('bsp'), { ref: 'party', kinds: ['bsp'], noun: 'a bsp' });
        this.ref(party.crm, at('crm'), { ref: 'party', kinds: ['crm'], noun: 'a crm' });
        return;
      }
      default:
        return;
    }
  }

  defence(i: number, defence: Defence, document: Record<string, unknown>): void {
    const base: Path = ['defences', i];
    const fields = DEFENCE_REFS[defence.kind];
    for (const [field, target] of Object.entries(fields)) {
      this.ref((defence as Record<string, unknown>)[field], [...base, field], target);
    }
    if (
      DEFENCE_DEFAULT_SERVER.includes(defence.kind) &&
      !('party' in defence && defence.party !== undefined)
    ) {
      this.onlyOne('chat-server', base, 'party');
    }
    if (defence.kind === 'e2ee-backup' && defence.mode === 'password') {
      if (defence.password === undefined) this.report(base, 'missing', '`mode: password` needs `password:`');
      const users = Array.isArray(document['parties']) ? (document['parties'] as unknown[]) : [];
      const user = users.find((p) => (p as Record<string, unknown> | null)?.['id'] === defence.party) as
        Record<string, unknown> | undefined;
      const vault = (user?.['backup'] as Record<string, unknown> | undefined)?.['vault'];
      if (vault === undefined) this.onlyOne('key-vault', base, 'the user’s backup `vault`');
    }
    if (
      defence.kind === 'disappearing-messages' &&
      (defence.party === undefined) === (defence.group === undefined)
    ) {
      this.report(base, 'conflict', 'say whose chat disappears: give either `party` or `group`');
    }
    if (defence.kind === 'verify-security-code' && defence.party === defence.contact) {
      this.report([...base, 'contact'], 'conflict', 'a user cannot verify their own security code');
    }
  }

  steps(steps: Array<[number, Step]>): void {
    let latest = 0;
    let latestPath: Path | undefined;
    for (const [i, step] of steps) {
      const action = step.action;
      const base: Path = ['steps', i, action.type];
      if (step.at !== undefined) {
        if (step.at < latest && latestPath) {
          this.report(
            ['steps', i, 'at'],
            'order',
            `this step is at ${formatDuration(step.at)}, but ${formatPath(latestPath.slice(0, 2))} before it is at ${formatDuration(latest)} — steps run in order`,
          );
        } else {
          latest = step.at;
          latestPath = ['steps', i, 'at'];
        }
      }
      const fields = ACTION_REFS[action.type] as Readonly<Record<string, Target>>;
      for (const [field, target] of Object.entries(fields)) {
        this.ref((action as Record<string, unknown>)[field], [...base, field], target);
      }
      const defaults = ACTION_DEFAULT_PARTIES[action.type];
      if (defaults && (action as Record<string, unknown>)[defaults.field] === undefined) {
        this.onlyOne(defaults.kind, ['steps', i, action.type], defaults.field);
      }
      this.stepRules(i, step);
    }
  }

  private stepRules(i: number, step: Step): void {
    const action = step.action;
    const base: Path = ['steps', i, action.type];
    const kindOf = (id: string | undefined) => (id === undefined ? undefined : this.index.actors.get(id));
    switch (action.type) {
      case 'send': {
        const sender = kindOf(action.from);
        if (action.as !== undefined && sender?.kind === 'user') {
          this.report(
            [...base, 'as'],
            'conflict',
            '`as` is for an attacker acting as a user; a user sends as themself',
            'key',
          );
        }
        const account = action.as ?? action.from;
        const device = kindOf(action.device);
        if (action.device !== undefined && device?.kind === 'device' && device.owner !== account) {
          this.report(
            [...base, 'device'],
            'wrong-kind',
            `'${action.device}' is a device of ${device.owner ?? '?'}, not of ${account}`,
          );
        }
        if (action.to !== undefined && action.to === account) {
          this.report([...base, 'to'], 'conflict', 'a user cannot send a 1:1 message to themself');
        }
        return;
      }
      case 'read':
        return this.sentBefore(action.message, i, [...base, 'message']);
      case 'unlink-device': {
        const device = kindOf(action.device);
        if (device?.kind === 'device' && device.owner !== action.user) {
          this.report(
            [...base, 'device'],
            'wrong-kind',
            `'${action.device}' is a device of ${device.owner ?? '?'}, not of ${action.user}`,
          );
        }
        return;
      }
      case 'business-message': {
        const from = kindOf(action.from)?.kind;
        const to = kindOf(action.to)?.kind;
        if (from !== undefined && to !== undefined && (from === 'business') === (to === 'business')) {
          this.report(base, 'conflict', 'a business message goes between a user and a business', 'key');
        }
        return;
      }
      default:
        return;
    }
  }

  private sentBefore(message: string, stepIndex: number, path: Path): void {
    const definition = this.index.messages.get(message);
    if (definition?.step !== undefined && definition.step > stepIndex) {
      this.report(
        path,
        'order',
        `'${message}' is only sent later, at steps[${definition.step}] — steps run in order`,
      );
    }
  }

  /** `item:` of holds / lacks / never: message ids, or a selector whose `of` fits its kind. */
  private item(item: ItemRef, what: HoldingWhat | undefined, base: Path): void {
    const path: Path = [...base, 'item'];
    if (typeof item === 'string' || Array.isArray(item)) {
      this.ref(item, path, { ref: 'message' });
      return;
    }
    const spec = itemKindSpec(item.kind);
    const of = item.of;
    if (of !== undefined && spec.subject === 'group' && this.index.actors.has(of)) {
      this.report(
        [...path, 'of'],
        'wrong-kind',
        `'${of}' is a party, but a group's membership is of a group${this.known('groups', this.index.groups.keys())}`,
      );
    } else if (of !== undefined && spec.subject !== 'group' && this.index.groups.has(of)) {
      this.report(
        [...path, 'of'],
        'wrong-kind',
        `'${of}' is a group, but ${article(item.kind)} item is of a party — for who is in the group, use \`kind: group-membership\``,
      );
    } else this.ref(of, [...path, 'of'], SUBJECT_TARGETS[spec.subject]);
    if (item.kind === 'message') this.ref(item.id, [...path, 'id'], { ref: 'message' });
    if (item.id !== undefined && item.of !== undefined) {
      this.report([...path, 'of'], 'conflict', '`id` names one item already — remove `of`', 'key');
    }
    if (what === 'content' && !spec.content) {
      this.report(
        [...base, 'what'],
        'conflict',
        `${article(item.kind)} item has no content to hold — name a field (such as ${FIELD_HINTS[item.kind] ?? 'timestamp'}), \`ciphertext\` or \`anything\``,
      );
    }
  }

  expectation(expectation: Expectation, base: Path, inVariant: boolean): void {
    const check = expectation.check;
    const fields = CHECK_REFS[check.type] as Readonly<Record<string, Target>>;
    for (const [field, target] of Object.entries(fields)) {
      this.ref((check as Record<string, unknown>)[field], [...base, check.type, field], target);
    }
    if (check.type === 'holds' || check.type === 'lacks' || check.type === 'never') {
      this.item(check.item, check.what, [...base, check.type]);
    }
    if (expectation.variants !== undefined) {
      if (inVariant) {
        this.report(
          [...base, 'variants'],
          'conflict',
          'an expectation inside a variant applies to that variant only — remove `variants`',
          'key',
        );
        return;
      }
      expectation.variants.forEach((id, j) => {
        if (id !== BASE_VARIANT && !this.index.variants.has(id)) {
          this.unknown(id, [...base, 'variants', j], 'variant', [
            BASE_VARIANT,
            ...this.index.variants.keys(),
          ]);
        }
      });
    }
  }
}

/** The fields worth suggesting for kinds without content. */
const FIELD_HINTS: Partial<Record<ItemKindName, string>> = {
  account: '`timestamp`, `ip` or `keys`',
  'device-list': '`device-list` or `keys`',
  'address-book': '`address-book`',
  'group-membership': '`group-membership`',
  presence: '`online-status`',
  sim: '`recipient`',
};

/** What `of` may name for each subject of an item kind. */
const SUBJECT_TARGETS: Readonly<Record<ItemSubject, Target>> = {
  participant: {
    ref: 'party',
    kinds: ['user', 'attacker', 'business'],
    noun: 'a user, an attacker or a business',
    devices: true,
  },
  owner: { ref: 'party', kinds: ['user', 'attacker'], noun: 'a user or an attacker', devices: true },
  group: { ref: 'group' },
};

function article(kind: string): string {
  return /^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`;
}
