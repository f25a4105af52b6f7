// The presenter's live tally as bars: one per answer option, its count and share of the answers, and — once the
// question is closed — whether that option was right for at least one party (from the ledger, never typed in).
import type { HostPrompt } from '../../../electron/workshop/protocol.js';

export interface TallyBar {
  id: string;
  label: string;
  count: number;
  /** Share of all answers, 0..1 (0 when nobody answered). */
  share: number;
  /** Share of the largest bar, 0..1, for the bar's length. */
  length: number;
  /** Right for these parties (shown after the question closes). */
  rightFor: string[];
}

export function tallyBars(prompt: HostPrompt): TallyBar[] {
  const max = Math.max(0, ...prompt.options.map((o) => prompt.tally[o.id] ?? 0));
  return prompt.options.map((o) => {
    const count = prompt.tally[o.id] ?? 0;
    return {
      id: o.id,
      label: o.label,
      count,
      share: prompt.answered > 0 ? count / prompt.answered : 0,
      length: max > 0 ? count / max : 0,
      rightFor: Object.entries(prompt.right)
        .filter(([, r]) => r.options.includes(o.id))
        .map(([party]) => party),
    };
  });
}

/** Participants per party, parties in the room's order, for the presenter's list. */
export function byParty<T extends { party: string }>(
  parties: readonly { id: string }[],
  people: readonly T[],
): { party: string; people: T[] }[] {
  const groups = new Map<string, T[]>(parties.map((p) => [p.id, []]));
  for (const person of people) {
    const list = groups.get(person.party);
    if (list) list.push(person);
    else groups.set(person.party, [person]);
  }
  return [...groups].filter(([, list]) => list.length > 0).map(([party, list]) => ({ party, people: list }));
}

/** Prompt kinds with the presenter's button text. */
export const PROMPT_BUTTONS = [
  { kind: 'can-read-next', label: 'Can your party read the next message?' },
  { kind: 'who-learns-graph', label: 'Which party learns who talks to whom?' },
] as const;
