/**
 * The registration service (SCENARIOS.md A11, A12, S6–S8): issues SMS or voice codes for a number and
 * registers a new install when the right code (and, with two-step verification, the PIN) comes back.
 * Codes travel in the clear through the carrier; registering replaces the account's primary device,
 * which logs the old one out and changes the security code contacts see.
 */
import { toHex } from '../crypto/bytes.js';
import { Party, type World } from '../world/world.js';
import type { Actor } from './actor.js';
import type { ActionOutcome, Carrier } from './carrier.js';
import { DAY_MS, type ChatServer } from './chat-server.js';
import type { ClientDevice } from './client/client-device.js';

/**
 * The recovery mailbox of an account with two-step verification (the address added for PIN resets):
 * who can read it, and delivery of a mail into it. Supplied by the runtime, which knows the mail hosts
 * and who holds whose cloud credentials.
 */
export interface RecoveryMailbox {
  /** Whether `reader` (a party id) can read the mailbox: its owner, or someone holding its credentials. */
  canRead(reader: string): boolean;
  /** Delivers a mail; everyone who can read the mailbox learns it. */
  deliver(item: string, text: string): void;
}

/** What the registration service needs to know of an account's recovery email. */
export type RecoveryMailboxLookup = (owner: string, mailbox: string | undefined) => RecoveryMailbox;

interface PendingCode {
  readonly code: string;
  readonly item: string;
  readonly issuedAt: number;
}

/** What a successful registration hands back. */
export interface Registration extends ActionOutcome {
  readonly device?: ClientDevice;
}

export class RegistrationService extends Party {
  readonly kind = 'registration';
  private readonly pending = new Map<string, PendingCode>();
  private readonly pinBlockedSince = new Map<string, number>();
  private issued = 0;
  /**
   * Called with each install that completes registration, once it is the number's primary — where
   * the server hands the new install what it keeps for the account (the backup key of backups that
   * are not end-to-end encrypted, simulator/parties/backup/account-key.ts).
   */
  readonly onRegistered: ((device: ClientDevice, number: string) => void)[] = [];
  /** Finds an account's recovery mailbox (email PIN reset); unset when the run has no mail host. */
  recoveryMailbox: RecoveryMailboxLookup | undefined;
  private resetLinks = 0;

  constructor(
    world: World,
    id: string,
    readonly server: ChatServer,
    readonly carriers: readonly Carrier[],
    readonly pinResetWaitDays: number,
    /** number → party id of the number's owner (ground truth, for defences that belong to the owner). */
    readonly owners: ReadonlyMap<string, string>,
    readonly actors: ReadonlyMap<string, Actor>,
    /**
     * Whether registering after an email PIN reset drops the messages waiting for the old phone, as
     * re-registering after the 7-day wait does (sources are silent; default false, an inference).
     */
    readonly emailResetDropsPending = false,
  ) {
    super(world, id);
  }

  /**
   * Sends a fresh 6-digit code to `number` by SMS, or by a voice call (`answered` says whether anyone
   * picks up; unanswered calls go to voicemail).
   */
  requestCode(number: string, method: 'sms' | 'voice', answered = true): string {
    const digits = this.world.random.fork(`code:${number}:${this.issued}`).int(0, 1_000_000);
    const code = String(digits).padStart(6, '0');
    const item = `code:${number}:${++this.issued}`;
    const text = `Your WhatsApp code: ${code.slice(0, 3)}-${code.slice(3)}. Don't share this code with others`;
    const owner = this.owners.get(number) ?? number;
    this.world.registerItem(item, 'registration', `registration code for ${owner}`, this.id, text);
    this.world.observe(this.id, item, ['content', 'recipient', 'timestamp'], { kind: 'authored' }, text);
    this.pending.set(number, { code, item, issuedAt: this.world.now });
    this.world.log('registration.code-sent', { number, method, item });
    this.world.notice(owner, 'registration-code-requested', undefined, method);
    const carrier = this.carriers.find((c) => c.serves(number));
    if (!carrier) return item;
    if (method === 'sms') carrier.deliverSms(number, text, item, this.actors);
    else carrier.deliverVoice(number, text, item, answered, this.actors);
    return item;
  }

  /**
   * Registers `number` on a new install held by `registrant` if `code` matches the last one sent and
   * the account's defences allow it. On success the chat server makes the new device the primary.
   */
  register(
    number: string,
    code: string | undefined,
    registrant: Actor,
    install: { label: string; pin?: string; online?: boolean },
  ): Registration {
    const owner = this.owners.get(number) ?? registrant.id;
    const pending = this.pending.get(number);
    if (!pending || code === undefined || pending.code !== code)
      return this.refuse(number, registrant, 'no valid registration code');
    const passkey = this.world.defences.active('passkeys', owner);
    if (passkey && passkey.sms_fallback === false && registrant.id !== owner) {
      return this.refuse(
        number,
        registrant,
        'the account signs in with a passkey; SMS codes are not accepted',
      );
    }
    const account = this.server.account(number);
    let dropPending = false;
    if (account?.twoStepPin !== undefined && install.pin !== account.twoStepPin) {
      const reset = this.resetByEmail(number, owner, registrant, account.twoStepPinSetBy);
      if (typeof reset === 'string') return this.refuse(number, registrant, reset);
      if (reset) {
        delete account.twoStepPin;
        dropPending = this.emailResetDropsPending;
      }
    }
    if (account?.twoStepPin !== undefined && install.pin !== account.twoStepPin) {
      const since = this.pinBlockedSince.get(number) ?? this.world.now;
      this.pinBlockedSince.set(number, since);
      if (this.world.now - since < this.pinResetWaitDays * DAY_MS) {
        this.world.notice(owner, 'two-step-pin-attempt', registrant.id === owner ? undefined : registrant.id);
        return this.refuse(number, registrant, 'two-step verification PIN required');
      }
      // The 7-day rule: after waiting it out the number registers without the PIN, pending messages dropped.
      dropPending = true;
      this.world.log('registration.pin-reset-after-wait', { number, days: this.pinResetWaitDays });
    }
    this.pending.delete(number);
    this.pinBlockedSince.delete(number);
    const device = registrant.installDevice({
      server: this.server,
      account: owner,
      number,
      deviceId: 1,
      label: install.label,
      ...(install.online !== undefined ? { online: install.online } : {}),
    });
    this.server.registerPrimary(
      number,
      owner,
      {
        keys: device.keyUpload(),
        transportKey: device.transportKey.publicKey,
        holder: registrant.id,
        label: install.label,
      },
      dropPending,
    );
    if (dropPending && account) delete account.twoStepPin;
    device.connect();
    this.world.log('registration.registered', { number, by: registrant.id, device: install.label });
    for (const hook of this.onRegistered) hook(device, number);
    return { ok: true, reason: `registered on ${install.label}`, device };
  }

  /**
   * "Forgot PIN? → Send email" ([2SV]; returns a reason when the reset cannot run): when the owner's two-step verification has a recovery email,
   * a registrant who can read that mailbox asks for a reset link, follows it and registers at once —
   * no 7-day wait. The link is mailed to the owner's mailbox, so the owner (and anyone else reading it)
   * sees it too. A registrant that cannot read the mailbox does not ask (it would only warn the owner),
   * and a PIN someone else set (an attacker's own) has no recovery email of the owner's.
   */
  private resetByEmail(
    number: string,
    owner: string,
    registrant: Actor,
    pinSetBy: string | undefined,
  ): boolean | string {
    const defence = this.world.defences.active('two-step-verification', owner);
    if (!defence || defence.email_reset !== true) return false;
    if (pinSetBy !== undefined && pinSetBy !== owner) return false;
    if (!this.recoveryMailbox)
      return `${owner}'s two-step verification resets by email, but the scenario has no mail host: add a \`backup-provider\` (the Google/Apple account holding the mailbox)`;
    const mailbox = this.recoveryMailbox(
      owner,
      typeof defence.mailbox === 'string' ? defence.mailbox : undefined,
    );
    if (!mailbox.canRead(registrant.id)) return false;
    const n = ++this.resetLinks;
    const token = this.world.random.fork(`pin-reset:${number}:${n}`).bytes(12);
    const link = toHex(token);
    const item = `pin-reset:${number}:${n}`;
    const text = `Reset your WhatsApp two-step verification PIN: https://pin-reset.example/${link}`;
    this.world.registerItem(item, 'registration', `two-step PIN reset link for ${owner}`, this.id, text);
    this.world.observe(this.id, item, ['content', 'recipient', 'timestamp'], { kind: 'authored' }, text);
    this.world.log('registration.pin-reset-email', { number, item, requestedBy: registrant.id });
    mailbox.deliver(item, text);
    this.world.notice(
      owner,
      'two-step-pin-reset-requested',
      registrant.id === owner ? undefined : registrant.id,
    );
    this.world.log('registration.pin-reset-by-email', { number, by: registrant.id });
    return true;
  }

  private refuse(number: string, registrant: Actor, reason: string): Registration {
    this.world.log('registration.refused', { number, by: registrant.id, reason });
    return { ok: false, reason };
  }
}
