/** Messaging and presence actions: send, read, go offline/online, wait. */
import { type RunContext, RunError } from '../context.js';
import { type ActionHandlers, done } from './types.js';

function groupNumbers(context: RunContext, groupId: string): string[] {
  const group = context.server().groups.get(groupId);
  return group ? [...group.members] : [];
}

export const messagingActions: ActionHandlers = {
  send: (action, context) => {
    const sender = context.actor(action.from);
    const account = action.as ?? (context.users.has(action.from) ? action.from : undefined);
    if (account === undefined && action.device === undefined) {
      throw new RunError(`${action.from} has no account of its own; say which account it sends as (\`as:\`)`);
    }
    const accountNumber =
      action.device !== undefined ? context.device(action.device).number : context.numberOf(account!);
    const device = context.sendingDevice(sender.id, accountNumber, action.device);
    if (action.group !== undefined) {
      const recipients = groupNumbers(context, action.group)
        .filter((n) => n !== accountNumber)
        .map((n) => context.owners.get(n) ?? n);
      context.intents.set(action.id, { from: sender.id, recipients });
      device.sendGroupText(action.id, action.group, action.text);
      return done(`${device.label} sent ${action.id} to group ${action.group}`);
    }
    const to = action.to!;
    context.intents.set(action.id, { from: sender.id, recipients: [to] });
    const extra = action.disappearing !== undefined ? { disappearingMs: action.disappearing } : {};
    device.sendText(action.id, context.numberOf(to), action.text, extra);
    return done(`${device.label} sent ${action.id} to ${to}`);
  },
  read: (action, context) => {
    for (const device of context.devicesOf({ user: action.user })) device.markRead(action.message);
    return done(`${action.user} opened ${action.message}`);
  },
  'go-offline': (action, context) => {
    const devices = context.devicesOf(action);
    for (const device of devices) device.setOnline(false);
    return done(`${devices.map((d) => d.label).join(', ')} offline`);
  },
  'go-online': (action, context) => {
    const ref = action.user !== undefined ? { user: action.user } : { device: action.device };
    const actor = ref.user !== undefined ? context.actor(ref.user) : undefined;
    const devices = actor ? actor.devices.filter((d) => !d.loggedOut) : context.devicesOf(ref);
    for (const device of devices) device.setOnline(true);
    return done(`${devices.map((d) => d.label).join(', ')} online`);
  },
  wait: (action) => done(`waited ${action.duration} ms`),
};
