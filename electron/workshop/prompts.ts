// Prompts a presenter asks the room at a step, with the right answer derived from the ledger (issue 14: never
// typed in). Each kind turns (run, step, party) into the options and, per party, the right option(s) and the
// ledger fact that makes them right. Pure.
import type { ObservationRecord } from '../../simulator/ledger/types.js';
import type { PromptKind, PromptOption } from './protocol.js';
import { timeAt, type WorkshopRun } from './run-data.js';

const MESSAGE_KINDS = new Set(['message', 'group-message', 'media']);

export interface PromptPlan {
  kind: PromptKind;
  question: string;
  options: PromptOption[];
  /** Per party: right option ids and why. */
  right: Record<string, { options: string[]; why: string }>;
}

/** The prompt cannot be asked at this step; the message says why (shown to the presenter). */
export class PromptUnavailable extends Error {}

function fieldsBy(observations: readonly ObservationRecord[]): Map<string, Map<string, Set<string>>> {
  const byParty = new Map<string, Map<string, Set<string>>>();
  for (const o of observations) {
    let items = byParty.get(o.party);
    if (!items) byParty.set(o.party, (items = new Map()));
    let set = items.get(o.item);
    if (!set) items.set(o.item, (set = new Set()));
    for (const f of o.fields) set.add(f);
  }
  return byParty;
}

/** "Can your party read the next message?" — the next message composed after the cursor, read by the end. */
function canReadNext(run: WorkshopRun, position: number): PromptPlan {
  const t = timeAt(run, position);
  const next = run.ledger.items
    .filter((it) => MESSAGE_KINDS.has(it.kind) && (it.t ?? 0) > t)
    .sort((a, b) => (a.t ?? 0) - (b.t ?? 0))[0];
  if (!next)
    throw new PromptUnavailable(
      'No message is sent after this step, so there is no "next message" to ask about.',
    );
  const held = fieldsBy(run.ledger.observations.filter((o) => o.item === next.id));
  const right: PromptPlan['right'] = {};
  for (const p of run.parties) {
    const fields = held.get(p.id)?.get(next.id);
    const reads = fields?.has('content') ?? false;
    const how = run.ledger.observations.find(
      (o) => o.party === p.id && o.item === next.id && o.fields.includes('content'),
    )?.how;
    right[p.id] = {
      options: [reads ? 'yes' : 'no'],
      why: reads
        ? `${p.id} ends the run holding the plaintext of ${next.id} (${how ? describeHow(how) : 'content'}).`
        : fields && fields.size > 0
          ? `${p.id} handles ${next.id} but never holds its plaintext — only ${[...fields].join(', ')}.`
          : `${p.id} never handles ${next.id} at all.`,
    };
  }
  return {
    kind: 'can-read-next',
    question: `Can your party read the next message (${next.id})?`,
    options: [
      { id: 'yes', label: 'Yes, it can read it' },
      { id: 'no', label: 'No' },
    ],
    right,
  };
}

function describeHow(how: ObservationRecord['how']): string {
  switch (how.kind) {
    case 'decrypted':
      return `decrypted with ${how.with}`;
    case 'clear':
      return how.via ? `arrived in the clear via ${how.via}` : 'arrived in the clear';
    case 'backup':
      return `read from ${how.source}`;
    case 'exfiltrated':
      return `taken by ${how.by}`;
    case 'authored':
      return 'wrote it';
    default:
      return how.kind;
  }
}

/**
 * "Which party learns who talks to whom?" — the parties other than the users themselves that, by the end of
 * the run, hold both the sender and the recipient of at least one message (users know their own conversations,
 * so they are not the lesson here).
 */
function whoLearnsGraph(run: WorkshopRun): PromptPlan {
  const messages = new Set(run.ledger.items.filter((it) => MESSAGE_KINDS.has(it.kind)).map((it) => it.id));
  if (messages.size === 0)
    throw new PromptUnavailable('This run sends no messages, so no one learns who talks to whom.');
  const held = fieldsBy(run.ledger.observations.filter((o) => messages.has(o.item)));
  const learners: string[] = [];
  const evidence = new Map<string, string>();
  for (const p of run.parties) {
    if (p.kind === 'user') continue;
    for (const [item, fields] of held.get(p.id) ?? []) {
      if (fields.has('sender') && fields.has('recipient')) {
        learners.push(p.id);
        evidence.set(p.id, item);
        break;
      }
    }
  }
  const options = run.parties.filter((p) => p.kind !== 'user').map((p) => ({ id: p.id, label: p.id }));
  options.push({ id: 'none', label: 'None of them' });
  const rightOptions = learners.length > 0 ? learners : ['none'];
  const why =
    learners.length > 0
      ? learners.map((p) => `${p} holds sender and recipient of ${evidence.get(p)}`).join('; ') + '.'
      : 'No party other than the users holds both sender and recipient of any message.';
  const right: PromptPlan['right'] = {};
  for (const p of run.parties) right[p.id] = { options: rightOptions, why };
  return { kind: 'who-learns-graph', question: 'Which party learns who talks to whom?', options, right };
}

/** The plan of a prompt of `kind` at cursor `position`. @throws PromptUnavailable when it cannot be asked there. */
export function planPrompt(run: WorkshopRun, kind: PromptKind, position: number): PromptPlan {
  return kind === 'can-read-next' ? canReadNext(run, position) : whoLearnsGraph(run);
}
