// Trust boundaries as the network drawing places them: who holds keys to what, so a trainer can point at a box
// and say "everything in here is the provider". Each boundary has a fixed slot in a 4 × 2 grid that follows
// how messages flow — users on the left, the wire, the provider in the middle, the business side on the right;
// carriers, backups and adversaries underneath — so the same scenario always draws the same way. Pure.
import { partyKindLabel } from '../model/labels.js';

export type TrustGroupId =
  'users' | 'network' | 'provider' | 'business' | 'adversary' | 'carrier' | 'backup' | 'other';

export interface TrustGroupDef {
  readonly id: TrustGroupId;
  readonly title: string;
  readonly kinds: readonly string[];
  /** Grid slot: column 0–3 left to right, row 0 (top) or 1. */
  readonly col: number;
  readonly row: 0 | 1;
}

export const TRUST_GROUPS: readonly TrustGroupDef[] = [
  { id: 'users', title: "Users' devices", kinds: ['user', 'phone', 'linked-device'], col: 0, row: 0 },
  { id: 'network', title: 'On the wire', kinds: ['network-observer'], col: 1, row: 0 },
  {
    id: 'provider',
    title: 'Messaging provider',
    kinds: ['chat-server', 'registration', 'key-vault'],
    col: 2,
    row: 0,
  },
  { id: 'business', title: 'Business side', kinds: ['cloud-api', 'bsp', 'crm', 'business'], col: 3, row: 0 },
  {
    id: 'adversary',
    title: 'Attackers, vendors, agencies',
    kinds: ['attacker', 'mod-vendor', 'law-enforcement'],
    col: 0,
    row: 1,
  },
  { id: 'carrier', title: 'Mobile carrier', kinds: ['carrier'], col: 1, row: 1 },
  { id: 'backup', title: 'Cloud backup', kinds: ['backup-provider'], col: 2, row: 1 },
  { id: 'other', title: 'Other observers', kinds: [], col: 3, row: 1 },
];

export interface GroupedParty {
  readonly id: string;
  readonly kind: string;
  readonly kindLabel: string;
}

export interface TrustGroup {
  readonly def: TrustGroupDef;
  readonly parties: readonly GroupedParty[];
}

/** The group a party kind belongs to. */
export function groupOfKind(kind: string): TrustGroupDef {
  return TRUST_GROUPS.find((g) => g.kinds.includes(kind)) ?? TRUST_GROUPS[TRUST_GROUPS.length - 1]!;
}

/** Parties grouped by boundary, in TRUST_GROUPS order, parties in the given order; empty groups left out. */
export function trustGroups(parties: readonly string[], kinds: ReadonlyMap<string, string>): TrustGroup[] {
  const members = new Map<TrustGroupId, GroupedParty[]>();
  for (const id of parties) {
    const kind = kinds.get(id) ?? 'unknown';
    const def = groupOfKind(kind);
    const list = members.get(def.id) ?? [];
    list.push({ id, kind, kindLabel: partyKindLabel(kind) });
    members.set(def.id, list);
  }
  return TRUST_GROUPS.filter((g) => members.has(g.id)).map((def) => ({ def, parties: members.get(def.id)! }));
}
