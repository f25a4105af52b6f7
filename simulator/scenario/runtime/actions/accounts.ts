/**
 * Account actions: registering a new install, SIM swaps and code theft, linking and unlinking
 * companions (including pairing-code lures), two-step PINs and comparing security codes. Every
 * outcome comes from the parties' own checks (carrier, registration service, server, clients).
 */
import { Carrier } from '../../../parties/carrier.js';
import type { ClientDevice } from '../../../parties/client/client-device.js';
import { signDeviceList } from '../../../parties/client/device-signatures.js';
import type { User } from '../../../parties/user.js';
import { createSecurityCode } from '../../../protocol/fingerprint.js';
import { MINUTE_MS, type RunContext, RunError } from '../context.js';
import { linkCompanion, linkRefusal } from '../linking.js';
import { type ActionHandlers, done, refused } from './types.js';

/** The PIN a user would type: the one set by a step, or the one of their two-step defence. */
function pinKnownTo(context: RunContext, user: User): string | undefined {
  const account = context.server().account(user.number);
  if (account?.twoStepPin !== undefined && account.twoStepPinSetBy === user.id) return account.twoStepPin;
  const defence = context.world.defences.active('two-step-verification', user.id);
  return typeof defence?.pin === 'string' ? defence.pin : undefined;
}

/** After a companion joins, the owner's alert and review defences may remove it again. */
function watchNewCompanion(context: RunContext, owner: User, companion: ClientDevice): void {
  const { world } = context;
  if (companion.holder === owner.id) return;
  if (world.defences.isOn('unusual-activity-alert', owner.id)) {
    world.notice(owner.id, 'unusual-activity', companion.holder, `new device ${companion.label} linked`);
    // The alert offers to log out other sessions; the owner accepts a few minutes later.
    world.loop.schedule(
      10 * MINUTE_MS,
      () => unlink(context, owner, companion, 'unusual-activity alert'),
      'alert.logout',
    );
  }
  const review = world.defences.active('review-linked-devices', owner.id);
  if (review) {
    const interval = typeof review.interval === 'number' ? review.interval : 24 * 60 * MINUTE_MS;
    world.loop.schedule(
      interval,
      () => unlink(context, owner, companion, 'linked-devices review'),
      'review.unlink',
    );
  }
}

function unlink(context: RunContext, owner: User, companion: ClientDevice, why: string): boolean {
  const primary = owner.phone;
  const account = context.server().account(owner.number);
  if (!primary || !account || !account.devices.has(companion.deviceId)) return false;
  const deviceList = account.deviceList.filter((d) => d !== companion.deviceId);
  primary.send({
    kind: 'unlink-device',
    device: companion.deviceId,
    deviceList,
    deviceListSignature: signDeviceList(
      context.world.crypto,
      context.world.random.fork(`unlink:${companion.label}`),
      primary.protocol.identityKeyPair,
      owner.number,
      deviceList,
    ),
  });
  context.world.notice(
    owner.id,
    'device-unlinked',
    companion.holder === owner.id ? undefined : companion.holder,
    why,
  );
  return true;
}

export const accountActions: ActionHandlers = {
  register: (action, context) => {
    const user = context.user(action.user);
    const registrant = context.actor(action.by ?? action.user);
    const registration = context.registration();
    if (!registration.carriers.some((carrier) => carrier.serves(user.number))) {
      throw new RunError(
        `no carrier serves ${user.id}'s number, so no registration code can reach anyone: add a \`carrier\` party`,
      );
    }
    let code = registrant.latestCode(user.number);
    if (registrant.id === user.id || code === undefined) {
      registration.requestCode(user.number, 'sms');
      code = registrant.latestCode(user.number);
    }
    const base = action.device ?? (registrant.id === user.id ? `${user.id}-phone` : `${registrant.id}-phone`);
    const pin = registrant.id === user.id ? pinKnownTo(context, user) : undefined;
    const result = registration.register(user.number, code, registrant, {
      label: context.freshLabel(base),
      ...(pin !== undefined ? { pin } : {}),
    });
    return { ok: result.ok, reason: result.reason };
  },
  'sim-swap': (action, context) => {
    const victim = context.user(action.victim);
    return context.carrier(action.carrier).simSwap(context.actor(action.attacker), victim.number, victim.id);
  },
  'phish-code': (action, context) => {
    const attacker = context.actor(action.attacker);
    const victim = context.user(action.victim);
    const item = context.registration().requestCode(victim.number, 'sms');
    const sms = victim.codes.find((c) => c.item === item);
    if (!sms) return refused(`${victim.id} never received the code (does ${victim.id} still hold the SIM?)`);
    // Social engineering: the victim forwards the code ("sorry, I sent it to you by mistake").
    attacker.receiveCode(victim.number, sms.text, item, `forwarded by ${victim.id}`);
    return done(`${victim.id} forwarded the registration code to ${attacker.id}`);
  },
  'voicemail-hijack': (action, context) => {
    const attacker = context.actor(action.attacker);
    const victim = context.user(action.victim);
    // Requested at night: nobody answers, so the spoken code lands in voicemail.
    context.registration().requestCode(victim.number, 'voice', false);
    const carrier = [...context.parties.values()].find(
      (p): p is Carrier => p instanceof Carrier && p.serves(victim.number),
    );
    if (!carrier) throw new RunError(`no carrier serves ${victim.id}`);
    return carrier.readVoicemail(attacker, victim.number, victim.id);
  },
  'pairing-lure': (action, context) => {
    const victim = context.user(action.victim);
    const attacker = context.actor(action.attacker);
    const limit = linkRefusal(context, victim);
    if (limit !== undefined) return refused(limit);
    const companion = linkCompanion(context, victim, attacker, context.freshLabel(`${attacker.id}-browser`), {
      history: true,
    });
    watchNewCompanion(context, victim, companion);
    return done(`${victim.id} entered the ${action.method} and linked ${companion.label}`);
  },
  'link-device': (action, context) => {
    const user = context.user(action.user);
    const limit = linkRefusal(context, user);
    if (limit !== undefined) return refused(limit);
    linkCompanion(context, user, user, action.device, { history: true });
    return done(`${user.id} linked ${action.device}`);
  },
  'unlink-device': (action, context) => {
    const user = context.user(action.user);
    const companion = context.device(action.device);
    return unlink(context, user, companion, 'removed by the user')
      ? done(`${user.id} removed ${action.device}`)
      : refused(`${action.device} is not linked to ${user.id}`);
  },
  'set-two-step-pin': (action, context) => {
    const user = context.user(action.user);
    const by = context.actor(action.by ?? action.user);
    if (!by.primaryFor(user.number)) return refused(`${by.id} does not control ${user.id}'s account`);
    context.server().setTwoStepPin(user.number, action.pin, by.id);
    return done(`${by.id} set a two-step PIN on ${user.id}'s account`);
  },
  'verify-security-code': (action, context) => {
    const user = context.user(action.user);
    const contact = context.user(action.contact);
    const mine = user.phone;
    const theirs = contact.phone;
    if (!mine || !theirs) return refused('both users need their phones to compare codes');
    const trustedByMe = mine.protocol.trustedIdentity(`${contact.number}.1`);
    const trustedByThem = theirs.protocol.trustedIdentity(`${user.number}.1`);
    if (!trustedByMe || !trustedByThem) return refused('the two have not exchanged keys yet');
    const { crypto } = context.world;
    const shownToMe = createSecurityCode(
      crypto,
      { identifier: user.number, identityKey: mine.protocol.identityKey },
      { identifier: contact.number, identityKey: trustedByMe },
    ).displayable;
    const shownToThem = createSecurityCode(
      crypto,
      { identifier: contact.number, identityKey: theirs.protocol.identityKey },
      { identifier: user.number, identityKey: trustedByThem },
    ).displayable;
    context.world.log('client.compare-codes', {
      user: user.id,
      contact: contact.id,
      match: shownToMe === shownToThem,
    });
    if (shownToMe !== shownToThem) {
      context.world.notice(user.id, 'security-code-mismatch', contact.id, 'the 60-digit codes differ');
      return refused('the security codes differ: someone is in the middle');
    }
    mine.markVerified(contact.number);
    return done(`codes match (${shownToMe.slice(0, 5)}…)`);
  },
};
