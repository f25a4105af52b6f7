/**
 * What a business-side host keeps of the messages that passed through it, where, and until when
 * (SCENARIOS.md A16): each copy has a location and a retention; the deletion is an event on the
 * virtual clock and is journalled. `storedMessages()` answers only from the copies still held, so a
 * breach at time t reads exactly what the host held at t.
 */
import type { World } from '../../world/world.js';

/** How long one copy is kept, and where; `keepMs` undefined = kept until someone deletes it. */
export interface Retention {
  readonly where: string;
  readonly keepMs?: number;
}

/** A message a host holds right now. */
export interface HeldMessage {
  readonly messageId: string;
  readonly text: string;
  /** Locations of the copies (e.g. `at rest in the chosen region`). */
  readonly where: readonly string[];
  /** When the last copy is due to be deleted; absent while any copy is kept indefinitely. */
  readonly until?: number;
}

/** Anything that can be asked what messages it holds (business hosts; used by breach actions). */
export interface MessageHolder {
  readonly id: string;
  storedMessages(): HeldMessage[];
}

/** Whether `party` can say what messages it holds. */
export function holdsMessages(party: unknown): party is MessageHolder {
  return (
    typeof party === 'object' &&
    party !== null &&
    typeof (party as Partial<MessageHolder>).storedMessages === 'function'
  );
}

interface Copy {
  readonly messageId: string;
  readonly text: string;
  readonly where: string;
  readonly since: number;
  readonly until?: number;
}

export class MessageStore {
  private readonly copies: Copy[] = [];
  /** Called with each message as it is stored (a breach that persists reads new arrivals). */
  readonly watchers: ((message: { messageId: string; text: string; where: string }) => void)[] = [];

  /**
   * @param owner party id, for the journal.
   * @param onGone called once the last copy of a message is deleted (the host purges its other stores).
   */
  constructor(
    private readonly world: World,
    private readonly owner: string,
    private readonly onGone: (messageId: string) => void = () => undefined,
  ) {}

  /** Keeps one copy of `text` per retention rule, each deleted when its time is up. */
  keep(messageId: string, text: string, rules: readonly Retention[]): void {
    for (const rule of rules) {
      const copy: Copy = {
        messageId,
        text,
        where: rule.where,
        since: this.world.now,
        ...(rule.keepMs !== undefined ? { until: this.world.now + rule.keepMs } : {}),
      };
      this.copies.push(copy);
      this.world.log('business.store', { host: this.owner, messageId, where: rule.where, until: copy.until });
      if (rule.keepMs !== undefined) {
        this.world.loop.schedule(
          rule.keepMs,
          () => this.delete(copy, 'retention period over'),
          'business.retention',
        );
      }
      for (const watcher of this.watchers) watcher({ messageId, text, where: rule.where });
    }
  }

  /** Whether any copy of `messageId` is still held. */
  holds(messageId: string): boolean {
    return this.copies.some((c) => c.messageId === messageId);
  }

  /** What is held right now, one entry per message, in the order first stored. */
  storedMessages(): HeldMessage[] {
    const byId = new Map<string, Copy[]>();
    for (const copy of this.copies) {
      const list = byId.get(copy.messageId) ?? [];
      list.push(copy);
      byId.set(copy.messageId, list);
    }
    return [...byId.values()].map((copies) => {
      const first = copies[0]!;
      const kept = copies.some((c) => c.until === undefined);
      const until = Math.max(...copies.map((c) => c.until ?? 0));
      return {
        messageId: first.messageId,
        text: first.text,
        where: copies.map((c) => c.where),
        ...(kept ? {} : { until }),
      };
    });
  }

  private delete(copy: Copy, reason: string): void {
    const index = this.copies.indexOf(copy);
    if (index < 0) return;
    this.copies.splice(index, 1);
    this.world.log('business.delete', {
      host: this.owner,
      messageId: copy.messageId,
      where: copy.where,
      keptMs: this.world.now - copy.since,
      reason,
    });
    if (!this.holds(copy.messageId)) this.onGone(copy.messageId);
  }
}
