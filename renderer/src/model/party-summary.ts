// Per-party tallies of the visibility matrix — "mallory reads the content of 2 of 4 messages" — for the run
// overview. Pure.
import type { VisibilityMatrix } from '../../../simulator/ledger/matrix.js';
import type { VisibilityLevel } from '../../../simulator/ledger/types.js';

export interface PartyTally {
  readonly party: string;
  readonly counts: Readonly<Record<VisibilityLevel, number>>;
  /** Items that are messages (message, group-message, media). */
  readonly messages: number;
  /** Message-like items this party can read. */
  readonly messagesRead: number;
  /** Ids of message-like items it can read. */
  readonly readIds: readonly string[];
}

const MESSAGE_KINDS = new Set(['message', 'group-message', 'media']);

export function partyTallies(
  matrix: VisibilityMatrix,
  parties: readonly string[] = matrix.parties,
): PartyTally[] {
  const messageIds = new Set(matrix.items.filter((i) => MESSAGE_KINDS.has(i.kind)).map((i) => i.id));
  return parties.map((party) => {
    const counts: Record<VisibilityLevel, number> = { content: 0, metadata: 0, ciphertext: 0, none: 0 };
    const readIds: string[] = [];
    const cells = new Map(matrix.cells.filter((c) => c.party === party).map((c) => [c.item, c]));
    for (const item of matrix.items) {
      const level = cells.get(item.id)?.level ?? 'none';
      counts[level]++;
      if (level === 'content' && messageIds.has(item.id)) readIds.push(item.id);
    }
    return { party, counts, messages: messageIds.size, messagesRead: readIds.length, readIds };
  });
}
