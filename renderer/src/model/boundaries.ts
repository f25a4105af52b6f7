// Trust boundaries: who belongs with whom when the parties are drawn (ARCHITECTURE/issue 6: the users' devices;
// the messaging provider; the business side; carrier; cloud backup; the network; the attacker). Pure.
import { partyKindLabel } from './labels.js';

export interface Boundary {
  readonly id:
    | 'users'
    | 'provider'
    | 'business'
    | 'carrier'
    | 'backup'
    | 'network'
    | 'authorities'
    | 'attacker'
    | 'other';
  readonly title: string;
  readonly kinds: readonly string[];
}

export const BOUNDARIES: readonly Boundary[] = [
  { id: 'users', title: "Users' devices", kinds: ['user', 'phone', 'linked-device'] },
  { id: 'provider', title: 'Messaging provider', kinds: ['chat-server', 'registration', 'key-vault'] },
  { id: 'business', title: 'Business side', kinds: ['business', 'cloud-api', 'bsp', 'crm'] },
  { id: 'carrier', title: 'Carrier', kinds: ['carrier'] },
  { id: 'backup', title: 'Cloud backup', kinds: ['backup-provider'] },
  { id: 'network', title: 'Network', kinds: ['network-observer'] },
  { id: 'authorities', title: 'Authorities', kinds: ['law-enforcement'] },
  { id: 'attacker', title: 'Attacker', kinds: ['attacker', 'mod-vendor'] },
  { id: 'other', title: 'Other observers', kinds: [] },
];

export interface BoundaryGroup {
  readonly boundary: Boundary;
  readonly parties: readonly { id: string; kind: string; kindLabel: string }[];
}

/** Parties grouped by boundary, boundaries in the order above, empty ones left out. */
export function groupByBoundary(
  parties: readonly string[],
  kinds: ReadonlyMap<string, string>,
): BoundaryGroup[] {
  const groups = new Map<Boundary['id'], { id: string; kind: string; kindLabel: string }[]>();
  for (const id of parties) {
    const kind = kinds.get(id) ?? 'unknown';
    const boundary = BOUNDARIES.find((b) => b.kinds.includes(kind)) ?? BOUNDARIES[BOUNDARIES.length - 1]!;
    const list = groups.get(boundary.id) ?? [];
    list.push({ id, kind, kindLabel: partyKindLabel(kind) });
    groups.set(boundary.id, list);
  }
  return BOUNDARIES.filter((b) => groups.has(b.id)).map((boundary) => ({
    boundary,
    parties: groups.get(boundary.id)!,
  }));
}
