/**
 * The workload of `bench:sim`, drawn once from its own seeded generator so that the full simulation
 * and the crypto-only ceiling (sim-ceiling.ts) process exactly the same messages between the same
 * devices: a social graph (each account writes to one of its contacts, so sessions are reused as in
 * real use), groups of a fixed size, and a list of sends kept in typed arrays (a 100k-message plan
 * costs under 1 MB).
 */
import { SeededRandom } from '../simulator/crypto/seeded-random.js';

/** Sizes of the generated network. */
export interface PlanOptions {
  readonly accounts: number;
  /** Every `companionEvery`-th account also has a linked laptop. */
  readonly companionEvery: number;
  readonly groups: number;
  readonly groupSize: number;
  /** Share of sends that go to a group. */
  readonly groupShare: number;
  readonly contacts: number;
}

/** One run's sends: `sender[m]` is an account index; `target[m]` ≥ 0 an account, < 0 group `-1 - target`. */
export interface Plan {
  readonly options: PlanOptions;
  /** Account indexes of each group's members, in the order drawn. */
  readonly groupMembers: readonly (readonly number[])[];
  readonly sender: Int32Array;
  readonly target: Int32Array;
}

/** The phone number of account `i` (what both runs register and address). */
export function numberOf(i: number): string {
  return `+1 555 ${String(i).padStart(6, '0')}`;
}

/** Whether account `i` has a linked laptop (device 2). */
export function hasCompanion(options: PlanOptions, i: number): boolean {
  return i % options.companionEvery === 0;
}

/** Draws the groups, the contacts and `messages` sends from seed `bench-plan`. */
export function makePlan(options: PlanOptions, messages: number): Plan {
  const random = new SeededRandom('bench-plan');
  const accounts = Array.from({ length: options.accounts }, (_, i) => i);
  const groupMembers: number[][] = [];
  for (let g = 0; g < options.groups; g++) {
    const members = new Set<number>();
    while (members.size < options.groupSize) members.add(random.pick(accounts));
    groupMembers.push([...members]);
  }
  const contacts = accounts.map((i) => {
    const list = new Set<number>();
    while (list.size < options.contacts) {
      const other = random.pick(accounts);
      if (other !== i) list.add(other);
    }
    return [...list];
  });
  const sender = new Int32Array(messages);
  const target = new Int32Array(messages);
  for (let m = 0; m < messages; m++) {
    if (random.float() < options.groupShare) {
      const group = random.int(0, options.groups);
      const members = groupMembers[group]!;
      sender[m] = members[random.int(0, members.length)]!;
      target[m] = -1 - group;
    } else {
      const index = random.int(0, options.accounts);
      sender[m] = index;
      target[m] = random.pick(contacts[index]!);
    }
  }
  return { options, groupMembers, sender, target };
}

/** The text of send `m` (the same bytes in both runs). */
export function textOf(plan: Plan, m: number): string {
  return plan.target[m]! < 0 ? `group message ${m}` : `message ${m} from u${plan.sender[m]}`;
}
