/**
 * Customer ↔ business messaging (SCENARIOS.md A16, S20): builds the `cloud-api`, `bsp`, `crm` and
 * `business` parties (the business's number registered with the chat server, its client installed on
 * whoever hosts it), and runs `business-message` steps in both directions. Who reads what follows from
 * the route the bytes take, never from the scenario.
 */
import { Bsp } from '../../../parties/business/bsp.js';
import { Business } from '../../../parties/business/business.js';
import { CloudApiHost } from '../../../parties/business/cloud-api.js';
import { Crm } from '../../../parties/business/crm.js';
import type { BusinessHost } from '../../../parties/business/host.js';
import { watchBusinessChat } from '../../../parties/business/label.js';
import type { Party as PartySpec } from '../../schema.js';
import { type RunContext, RunError } from '../context.js';
import { type ActionHandlers, done } from './types.js';

const HOST_KINDS = ['cloud-api', 'bsp', 'crm', 'business'] as const;

/** A deterministic number for a business that did not declare one: +1 555 09xx. */
function generatedNumber(context: RunContext, index: number): string {
  let n = index;
  let number = `+1 555 ${String(900 + n).padStart(4, '0')}`;
  while (context.owners.has(number)) number = `+1 555 ${String(900 + ++n).padStart(4, '0')}`;
  return number;
}

/** Builds a party of one of this module's kinds (and the hosts a business needs, whatever their order). */
export function buildBusinessParty(spec: PartySpec, context: RunContext): boolean {
  if (!(HOST_KINDS as readonly string[]).includes(spec.kind)) return false;
  ensureHost(context, spec.id, spec.kind);
  return true;
}

function ensureHost(context: RunContext, id: string, kind: string): BusinessHost {
  const built = context.parties.get(id);
  if (built) {
    if (built.kind !== kind) throw new RunError(`'${id}' is a ${built.kind}, not a ${kind}`);
    return built as BusinessHost;
  }
  const spec = context.scenario.parties.find((p) => p.id === id);
  if (!spec || spec.kind !== kind) throw new RunError(`'${id}' is not a ${kind} in this scenario`);
  const { world } = context;
  switch (spec.kind) {
    case 'cloud-api':
      return context.add(
        spec,
        new CloudApiHost(world, spec.id, { storage: spec.storage, retentionDays: spec.retention_days }),
      );
    case 'bsp':
      return context.add(spec, new Bsp(world, spec.id, spec.retention_days));
    case 'crm':
      return context.add(spec, new Crm(world, spec.id, spec.retention_days));
    case 'business':
      return buildBusiness(context, spec);
    default:
      throw new RunError(`'${id}' is not a business-side host`);
  }
}

/** The one party of `kind`, when a business leaves its `host` out. */
function onlyOfKind(context: RunContext, kind: string, business: string): string {
  const ids = context.scenario.parties.filter((p) => p.kind === kind).map((p) => p.id);
  if (ids.length !== 1)
    throw new RunError(`business '${business}' needs \`host:\` (there are ${ids.length} ${kind} parties)`);
  return ids[0]!;
}

function buildBusiness(context: RunContext, spec: Extract<PartySpec, { kind: 'business' }>): Business {
  const index = context.scenario.parties
    .filter((p) => p.kind === 'business')
    .findIndex((p) => p.id === spec.id);
  const number = spec.number ?? generatedNumber(context, index);
  const business = context.add(spec, new Business(context.world, spec.id, number, spec.hosting));
  context.owners.set(number, business.id);
  const hostKind = spec.hosting === 'cloud-api' ? 'cloud-api' : 'bsp';
  const holder =
    spec.hosting === 'on-premises'
      ? business
      : ensureHost(context, spec.host ?? onlyOfKind(context, hostKind, spec.id), hostKind);
  business.wire({
    server: context.server(),
    holder,
    ...(spec.bsp !== undefined ? { bsp: ensureHost(context, spec.bsp, 'bsp') } : {}),
    ...(spec.crm !== undefined ? { crm: ensureHost(context, spec.crm, 'crm') } : {}),
    label: context.freshLabel(`${spec.id}-client`),
  });
  return business;
}

function businessOf(context: RunContext, id: string): Business | undefined {
  const party = context.parties.get(id);
  return party instanceof Business ? party : undefined;
}

export const businessActions: ActionHandlers = {
  'business-message': (action, context) => {
    const toBusiness = businessOf(context, action.to);
    const fromBusiness = businessOf(context, action.from);
    const business = toBusiness ?? fromBusiness;
    if (!business || (toBusiness && fromBusiness)) {
      throw new RunError('a business message goes between a user (customer) and a business');
    }
    const customer = context.user(toBusiness ? action.from : action.to);
    // The customer's client labels the chat as soon as it holds a message of it.
    for (const device of customer.ownDevices) watchBusinessChat(device, customer.id, business);
    if (toBusiness) {
      const device = context.sendingDevice(customer.id, customer.number);
      context.intents.set(action.id, { from: customer.id, recipients: [business.id] });
      context.world.registerItem(
        action.id,
        'message',
        `${customer.id} → ${business.id}: "${action.text}"`,
        customer.id,
        action.text,
      );
      device.sendText(action.id, business.number, action.text);
      return done(
        `${device.label} sent ${action.id} to ${business.id} (client run by ${business.route.hops[0]!.id})`,
      );
    }
    context.intents.set(action.id, { from: business.id, recipients: [customer.id] });
    business.write(action.id, customer, action.text);
    const route = business.route.hops.map((h) => h.id).reverse();
    return done(`${business.id} wrote ${action.id} to ${customer.id} (via ${route.join(' → ')})`);
  },
};
