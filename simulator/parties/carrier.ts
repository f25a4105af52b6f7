/**
 * The mobile carrier (SCENARIOS.md S6, S7): which SIM holds which number, SMS delivery, voice calls
 * and voicemail. SMS and voicemail are not end-to-end encrypted: the carrier handles codes in the
 * clear, and so does whoever holds the SIM or gets into the voicemail box.
 */
import { Party, type World } from '../world/world.js';
import type { Actor } from './actor.js';

export type SimSwapChecks = 'none' | 'weak' | 'strong';

/** Outcome of an action that can be refused. */
export interface ActionOutcome {
  readonly ok: boolean;
  readonly reason: string;
}

export class Carrier extends Party {
  readonly kind = 'carrier';
  /** number → party id of whoever holds the SIM. */
  private readonly sims = new Map<string, string>();
  private readonly voicemail = new Map<string, { text: string; item: string }[]>();
  /** Numbers whose owners set their own voicemail PIN (the rest keep the default). */

  constructor(
    world: World,
    id: string,
    readonly checks: SimSwapChecks,
    readonly defaultVoicemailPin: boolean,
  ) {
    super(world, id);
  }

  subscribe(number: string, holder: string): void {
    this.sims.set(number, holder);
  }

  serves(number: string): boolean {
    return this.sims.has(number);
  }

  holderOf(number: string): string | undefined {
    return this.sims.get(number);
  }

  /**
   * Moves `number` to the attacker's SIM if the carrier's checks let the social engineering through.
   * A carrier can only move numbers it serves; a port-out PIN (`carrier-port-pin` for the owner) or
   * strong checks refuse it.
   */
  simSwap(attacker: Actor, number: string, owner: string): ActionOutcome {
    const item = `sim:${number}`;
    this.world.registerItem(item, 'registration', `SIM of ${owner}`, owner);
    if (!this.sims.has(number))
      return this.refuse(number, attacker, `${this.id} does not serve ${owner}'s number`);
    if (this.world.defences.isOn('carrier-port-pin', owner))
      return this.refuse(number, attacker, 'the line has a port-out PIN');
    if (this.checks === 'strong')
      return this.refuse(number, attacker, 'the carrier verified the customer’s identity');
    this.sims.set(number, attacker.id);
    this.world.log('carrier.sim-swap', { number, to: attacker.id, checks: this.checks });
    this.world.observe(this.id, item, ['recipient', 'timestamp'], {
      kind: 'routing',
      detail: 'SIM change on record',
    });
    return { ok: true, reason: `SIM swapped with ${this.checks} checks` };
  }

  private refuse(number: string, attacker: Actor, reason: string): ActionOutcome {
    this.world.log('carrier.sim-swap-refused', { number, by: attacker.id, reason });
    return { ok: false, reason };
  }

  /** Delivers an SMS to whoever holds the SIM; the carrier itself handles it in the clear. */
  deliverSms(number: string, text: string, item: string, actors: ReadonlyMap<string, Actor>): void {
    this.world.observe(
      this.id,
      item,
      ['content', 'recipient', 'timestamp'],
      { kind: 'clear', via: 'SMS' },
      text,
    );
    const holder = this.sims.get(number);
    this.world.log('carrier.sms', { number, holder, item });
    if (holder) actors.get(holder)?.receiveCode(number, text, item, 'SMS');
  }

  /** A voice call the holder does not answer goes to voicemail (the carrier keeps it in the clear). */
  deliverVoice(
    number: string,
    text: string,
    item: string,
    answered: boolean,
    actors: ReadonlyMap<string, Actor>,
  ): void {
    this.world.observe(
      this.id,
      item,
      ['content', 'recipient', 'timestamp'],
      { kind: 'clear', via: 'voice call' },
      text,
    );
    const holder = this.sims.get(number);
    if (answered && holder) {
      actors.get(holder)?.receiveCode(number, text, item, 'voice call');
      return;
    }
    const box = this.voicemail.get(number) ?? [];
    box.push({ text, item });
    this.voicemail.set(number, box);
    this.world.log('carrier.voicemail', { number, item });
  }

  /** Someone dials into `number`'s voicemail; the default PIN works unless the owner changed it. */
  readVoicemail(reader: Actor, number: string, owner: string): ActionOutcome {
    const customPin = this.world.defences.isOn('voicemail-pin', owner) || !this.defaultVoicemailPin;
    if (customPin && reader.id !== owner) {
      this.world.log('carrier.voicemail-refused', { number, by: reader.id });
      return { ok: false, reason: 'the voicemail box has its own PIN' };
    }
    for (const message of this.voicemail.get(number) ?? [])
      reader.receiveCode(number, message.text, message.item, 'voicemail');
    return { ok: true, reason: 'voicemail read with the default PIN' };
  }
}
