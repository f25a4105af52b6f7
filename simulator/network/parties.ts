/**
 * The registry of parties in a run (users, servers, observers, attackers…). The engine only needs
 * ids and kinds; party modules extend `PartyLike` with their own state. Insertion order is kept so
 * reports list parties the way the scenario does.
 */
import { SimulationError } from './errors.js';

/** The minimum every party has. */
export interface PartyLike {
  readonly id: string;
  readonly kind: string;
}

/** Parties by id, in the order added. */
export class PartyRegistry<P extends PartyLike = PartyLike> {
  private readonly byId = new Map<string, P>();

  /** @throws SimulationError `duplicate-id` when the id is taken. */
  add<T extends P>(party: T): T {
    if (party.id.length === 0) throw new SimulationError('invalid-option', 'party id must not be empty');
    if (this.byId.has(party.id))
      throw new SimulationError('duplicate-id', `party "${party.id}" already exists`);
    this.byId.set(party.id, party);
    return party;
  }

  /** @throws SimulationError `unknown-party` naming the known ids. */
  get(id: string): P {
    const party = this.byId.get(id);
    if (party === undefined) {
      throw new SimulationError(
        'unknown-party',
        `no party "${id}" (known: ${[...this.byId.keys()].join(', ') || 'none'})`,
      );
    }
    return party;
  }

  find(id: string): P | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get size(): number {
    return this.byId.size;
  }

  /** Every party in the order added. */
  list(): P[] {
    return [...this.byId.values()];
  }

  /** Parties of one kind, in the order added. */
  ofKind(kind: string): P[] {
    return this.list().filter((p) => p.kind === kind);
  }
}
