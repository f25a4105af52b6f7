/** Group actions: create, add and remove members (signed by the member who acts), and the server's own additions. */
import { signGroupChange } from '../../../parties/client/device-signatures.js';
import type { RunContext } from '../context.js';
import { RunError } from '../context.js';
import { type ActionHandlers, done, refused } from './types.js';

function groupSpec(context: RunContext, id: string) {
  const group = context.scenario.groups.find((g) => g.id === id);
  if (!group) throw new RunError(`no group '${id}'`);
  return group;
}

/** A member's client asks the server to change membership, signing the change. */
function memberChange(
  context: RunContext,
  by: string,
  groupId: string,
  type: 'add' | 'remove',
  member: string,
) {
  const user = context.user(by);
  const phone = user.phone;
  if (!phone) throw new RunError(`${by} has no logged-in phone`);
  if (!context.server().groups.get(groupId)?.members.has(user.number))
    return refused(`${by} is not in ${groupId}`);
  const number = context.numberOf(member);
  const signature = signGroupChange(
    context.world.crypto,
    context.world.random.fork(`group:${groupId}:${type}:${member}:${context.world.now}`),
    phone.protocol.identityKeyPair,
    groupId,
    type,
    number,
  );
  phone.send({ kind: 'group-op', type, groupId, members: [number], accountSignature: signature });
  return done(`${by} asked the server to ${type} ${member} ${type === 'add' ? 'to' : 'from'} ${groupId}`);
}

export const groupActions: ActionHandlers = {
  'create-group': (action, context) => {
    const group = groupSpec(context, action.group);
    const creator = context.user(action.by ?? group.admin);
    const phone = creator.phone;
    if (!phone) throw new RunError(`${creator.id} has no logged-in phone`);
    const members = group.members.filter((m) => m !== creator.id).map((m) => context.numberOf(m));
    phone.send({ kind: 'group-op', type: 'create', groupId: group.id, members });
    return done(`${creator.id} created ${group.id}`);
  },
  'add-member': (action, context) => memberChange(context, action.by, action.group, 'add', action.user),
  'remove-member': (action, context) => memberChange(context, action.by, action.group, 'remove', action.user),
  'server-add-member': (action, context) => {
    const server = context.server(action.server);
    if (!server.groups.has(action.group)) throw new RunError(`the server has no group '${action.group}'`);
    server.addGroupMember(
      action.group,
      context.numberOf(action.member),
      'server added a member (no admin signature)',
    );
    return done(`${server.id} added ${action.member} to ${action.group}`);
  },
};
