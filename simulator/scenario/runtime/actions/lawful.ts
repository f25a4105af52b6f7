/**
 * Lawful requests served on the chat service (SCENARIOS.md S16, [FBI]): a pen register (routing
 * metadata from now on, every 15 minutes) or a search warrant (stored account data). The agency gets
 * what the server holds, which is never content — unless the server is configured to disclose the
 * backup keys it keeps (`backup_keys_on_warrant`). A warrant on a backup provider (`provider`) returns
 * the stored backup file (./backups.ts).
 */
import { LawEnforcement } from '../../../parties/law-enforcement.js';
import type { Party as PartySpec } from '../../schema.js';
import type { RunContext } from '../context.js';
import { discloseServerKey, warrantOnProvider } from './backups.js';
import { type ActionHandlers, done, refused } from './types.js';

/** Builds `law-enforcement` parties. */
export function buildLawEnforcement(spec: PartySpec, context: RunContext): boolean {
  if (spec.kind !== 'law-enforcement') return false;
  context.add(spec, new LawEnforcement(context.world, spec.id));
  return true;
}

export const lawfulActions: ActionHandlers = {
  'lawful-request': (action, context) => {
    const agency = context.party(action.agency, LawEnforcement, 'law-enforcement agency');
    const target = context.user(action.target);
    if (action.provider !== undefined) return warrantOnProvider(context, agency, target, action.provider);
    const server = context.server(action.server);
    if (action.kind === 'pen-register') {
      agency.penRegister(server, target.number, target.id);
      return done(
        `${server.id} reports ${target.id}'s routing records to ${agency.id} every 15 minutes from now on`,
      );
    }
    const result = agency.warrant(server, target.number, target.id);
    if (!result) return refused(`${target.id} has no account on ${server.id}`);
    const key = discloseServerKey(context, agency, server, target) ?? '';
    return done(
      `${server.id} discloses ${target.id}'s ${result.contacts.length} contacts, ${result.heldBy.length} accounts that have ${target.id} in theirs, and ${result.devices.length} device(s)${key}`,
    );
  },
};
