/**
 * Step actions: what parties do. Each action is something a party can actually do through the
 * protocol or the network; an attacker gains capabilities only by performing them (ARCHITECTURE.md,
 * "The simulated network"). Outcomes are never declared here — `action` expectations check them.
 */
import { z } from 'zod';
import { countSchema, durationSchema, idSchema, pinSchema, refSchema, textSchema } from './schema-common.js';

const user = (what: string) => refSchema(`The \`user\` ${what}`);
const attacker = refSchema('The `attacker` party acting');
const victim = refSchema('The `user` targeted');
const server = refSchema('The `chat-server` involved (may be omitted when there is exactly one)').optional();

/** Exactly one of two optional fields must be present; the message says which. */
function exactlyOne<A extends string, B extends string>(a: A, b: B) {
  return (value: Partial<Record<A | B, unknown>>, ctx: z.core.$RefinementCtx) => {
    const hasA = value[a] !== undefined;
    const hasB = value[b] !== undefined;
    if (hasA === hasB) {
      ctx.addIssue({
        code: 'custom',
        path: hasA ? [b] : [],
        message: hasA ? `give either \`${a}\` or \`${b}\`, not both` : `needs \`${a}\` or \`${b}\``,
      });
    }
  };
}

const onlineChange = (verb: string) =>
  z
    .strictObject({
      user: refSchema(`The \`user\` whose devices all go ${verb}`).optional(),
      device: refSchema(`The device that goes ${verb}`).optional(),
    })
    .superRefine(exactlyOne('user', 'device'));

/** Every action, by the key that names it in a step. */
export const actionSchemas = {
  send: z
    .strictObject({
      id: idSchema('Id of the new message, used by `read` and expectations'),
      from: refSchema('The sender: a `user` or an `attacker` with an account'),
      as: refSchema(
        'The `user` account an attacker sends as (after taking it over or linking a device)',
      ).optional(),
      device: refSchema('The sender’s device to send from (default: the primary phone)').optional(),
      to: refSchema('The recipient `user` (or `attacker`) for a 1:1 message').optional(),
      group: refSchema('The group for a group message').optional(),
      text: textSchema('The message body', 4096),
      disappearing: durationSchema('Disappearing-message timer for this message').optional(),
    })
    .superRefine(exactlyOne('to', 'group'))
    .describe('Send a message (1:1 or group) through the real protocol'),
  read: z
    .strictObject({ user: user('who opens the message'), message: refSchema('The message read') })
    .describe('A recipient opens a message (read receipt if enabled)'),
  'go-offline': onlineChange('offline').describe('Devices go offline (messages to them queue on the server)'),
  'go-online': onlineChange('online').describe('Devices come back online (queued messages are delivered)'),
  wait: z
    .strictObject({ duration: durationSchema('How long to let the clock run') })
    .describe('Let virtual time pass'),
  'link-device': z
    .strictObject({
      user: user('whose account gets the companion'),
      device: idSchema('Id of the new companion device'),
      method: z.enum(['qr', 'pairing-code']).default('qr').describe('How the device is linked'),
    })
    .describe('The user links a companion device (the primary signs it; a history bundle follows)'),
  'unlink-device': z
    .strictObject({ user: user('who removes the device'), device: refSchema('The companion device removed') })
    .describe('The user removes a linked device'),
  register: z
    .strictObject({
      user: user('whose number is registered'),
      by: refSchema(
        'Who registers: the user (new install, the default) or an `attacker` holding a code',
      ).optional(),
      device: idSchema('Id of the newly installed device (default: the primary phone id)').optional(),
    })
    .describe('Register the account on a new install (new identity key; old sessions end)'),
  'sim-swap': z
    .strictObject({
      attacker,
      victim,
      carrier: refSchema(
        'The `carrier` talked into the swap (may be omitted when there is exactly one)',
      ).optional(),
    })
    .describe('The attacker talks the carrier into moving the victim’s number to its SIM'),
  'phish-code': z
    .strictObject({ attacker, victim })
    .describe('The attacker requests a registration code and asks the victim to forward it'),
  'voicemail-hijack': z
    .strictObject({ attacker, victim })
    .describe('The attacker requests a voice code at night and reads it from voicemail'),
  'pairing-lure': z
    .strictObject({
      attacker,
      victim,
      method: z
        .enum(['pairing-code', 'qr'])
        .default('pairing-code')
        .describe('The lure: pairing code or QR code'),
    })
    .describe('The victim is lured into linking the attacker’s browser as a companion'),
  'set-two-step-pin': z
    .strictObject({
      user: user('whose account gets the PIN'),
      pin: pinSchema('The 6-digit PIN, quoted'),
      by: refSchema('Who sets it: the user (default) or an `attacker` in control of the account').optional(),
    })
    .describe('Set a two-step verification PIN (an attacker may set its own to lock the owner out)'),
  'create-group': z
    .strictObject({
      group: refSchema('The group (declared under `groups`) created now'),
      by: refSchema('The creating `user` (default: the group admin)').optional(),
    })
    .describe('Create a declared group (groups without this step exist from the start)'),
  'add-member': z
    .strictObject({
      group: refSchema('The group'),
      user: refSchema('The `user` added'),
      by: user('(a member) who adds'),
    })
    .describe('A member adds someone to a group'),
  'remove-member': z
    .strictObject({
      group: refSchema('The group'),
      user: refSchema('The `user` removed'),
      by: user('(a member) who removes'),
    })
    .describe('A member removes someone from a group (sender keys are reset)'),
  'server-add-member': z
    .strictObject({
      group: refSchema('The group'),
      member: refSchema('The party added (a `user` or an `attacker`)'),
      server,
    })
    .describe('The server adds a member without any admin’s signature'),
  'server-substitute-key': z
    .strictObject({
      target: refSchema('The `user` whose keys are faked'),
      attacker: refSchema(
        'Who holds the substituted key: an `attacker`, the `chat-server` or `law-enforcement`',
      ),
      server,
    })
    .describe('The server hands out a key bundle it controls in place of the target’s'),
  'server-inject-companion': z
    .strictObject({ target: refSchema('The `user` whose device list is forged'), server })
    .describe('The server adds a companion to the target’s device list without the primary’s signature'),
  backup: z.strictObject({ user: user('whose chats are backed up') }).describe('Back up chat history'),
  'restore-backup': z
    .strictObject({
      by: refSchema('Who restores: the `user` or an `attacker`'),
      user: user('whose backup is restored'),
    })
    .describe('Restore a chat backup onto the acting party’s device'),
  'steal-backup-credentials': z
    .strictObject({ attacker, victim })
    .describe('The attacker obtains the victim’s cloud account credentials'),
  'guess-vault-password': z
    .strictObject({
      attacker,
      victim,
      attempts: countSchema('Password guesses made', 1000),
      guesses: z
        .array(textSchema('A guessed password', 200))
        .max(1000)
        .optional()
        .describe('The guesses, in order (default: wrong guesses)'),
    })
    .describe('The attacker tries passwords against the key vault'),
  compromise: z
    .strictObject({
      attacker,
      host: refSchema(
        'The party whose systems are breached (e.g. `bsp`, `crm`, `chat-server`, `backup-provider`)',
      ),
    })
    .describe('The attacker breaches a host and reads what it stores from then on'),
  'drain-prekeys': z
    .strictObject({ attacker, target: victim, count: countSchema('Bundle fetches', 100_000) })
    .describe('The attacker fetches prekey bundles until one-time prekeys run out'),
  'silent-probe': z
    .strictObject({
      attacker,
      target: victim,
      count: countSchema('Probes sent', 100_000),
      interval: durationSchema('Time between probes'),
    })
    .describe('The attacker sends invisible probes and times the delivery receipts'),
  enumerate: z
    .strictObject({ attacker, count: countSchema('Numbers looked up', 10_000_000) })
    .describe('The attacker looks up phone numbers through contact discovery'),
  call: z
    .strictObject({
      from: refSchema('The caller (`user` or `attacker`)'),
      to: refSchema('The callee (`user` or `attacker`)'),
    })
    .describe('A 1:1 voice call'),
  'verify-security-code': z
    .strictObject({
      user: user('who compares codes'),
      contact: refSchema('The `user` whose code is compared'),
    })
    .describe('The user compares security codes with a contact out of band'),
  'install-modded-client': z
    .strictObject({ user: user('who installs the mod'), vendor: refSchema('The `mod-vendor` party') })
    .describe('The user switches to a modded client'),
  'spyware-exploit': z
    .strictObject({ attacker, target: victim })
    .describe('A zero-click exploit gives the attacker the target device’s plaintext and keys'),
  'lawful-request': z
    .strictObject({
      agency: refSchema('The `law-enforcement` party'),
      target: refSchema('The `user` targeted'),
      kind: z
        .enum(['pen-register', 'warrant'])
        .describe('`pen-register` (ongoing metadata) or `warrant` (stored data)'),
      server,
      provider: refSchema(
        'A `backup-provider` served instead of the chat service: a `warrant` for the target’s stored chat backup',
      ).optional(),
    })
    .superRefine((value, ctx) => {
      if (value.provider !== undefined && value.kind !== 'warrant')
        ctx.addIssue({
          code: 'custom',
          path: ['provider'],
          message: 'a backup provider can only be served a `warrant`',
        });
      if (value.provider !== undefined && value.server !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['provider'],
          message: 'give either `server` or `provider`, not both',
        });
    })
    .describe('A lawful request served on the service (or, with `provider`, on a backup provider)'),
  'enable-defence': z
    .strictObject({ defence: refSchema('The defence (declared under `defences`) switched on') })
    .describe('Switch a defence on mid-run'),
  'disable-defence': z
    .strictObject({ defence: refSchema('The defence (declared under `defences`) switched off') })
    .describe('Switch a defence off mid-run'),
  'quantum-break': z
    .strictObject({
      observer: refSchema('The `network-observer` whose stored recording is attacked'),
    })
    .describe(
      'Years later, a quantum computer breaks X25519 (never ML-KEM) for the observer, which decrypts what it recorded',
    ),
  'business-message': z
    .strictObject({
      id: idSchema('Id of the new message'),
      from: refSchema('The sender: a `user` (customer) or a `business`'),
      to: refSchema('The recipient: a `business` or a `user` (customer)'),
      text: textSchema('The message body', 4096),
    })
    .describe('A customer ↔ business message (through the business’s hosting)'),
} as const;

export type ActionType = keyof typeof actionSchemas;
export const ACTION_TYPES = Object.keys(actionSchemas) as ActionType[];

/** The parsed payload of one action type. */
export type ActionPayload<K extends ActionType> = z.output<(typeof actionSchemas)[K]>;

/** A step's action as the runner receives it: a tagged union on `type`. */
export type Action = { [K in ActionType]: { type: K } & ActionPayload<K> }[ActionType];
