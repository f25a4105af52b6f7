/**
 * The state of one scenario run that action handlers and party builders share: the world, the
 * parties by scenario id, phone numbers, and what each step did. Lookups throw a RunError naming the
 * scenario id when something is missing, so a failing step says what it could not find.
 */
import type { Party as WorldParty } from '../../world/world.js';
import type { World } from '../../world/world.js';
import type { Actor } from '../../parties/actor.js';
import { Carrier } from '../../parties/carrier.js';
import { ChatServer } from '../../parties/chat-server.js';
import type { ClientDevice } from '../../parties/client/client-device.js';
import { RegistrationService } from '../../parties/registration.js';
import type { User } from '../../parties/user.js';
import type { LoadedScenario } from '../loader.js';
import type { Party as PartySpec, Scenario } from '../schema.js';
import type { ResolvedVariant } from '../variants.js';

export const MINUTE_MS = 60_000;

/** A step could not be carried out as written (unknown target, missing device, …). */
export class RunError extends Error {
  override readonly name = 'RunError';
}

/** What a step did: whether it succeeded and why, in words for reports. */
export interface StepOutcome {
  readonly ok: boolean;
  readonly reason: string;
}

/** Who a message was meant for (accounts, by party id), for `delivered` and `lost`. */
export interface MessageIntent {
  readonly from: string;
  readonly recipients: readonly string[];
}

export class RunContext {
  readonly parties = new Map<string, WorldParty>();
  readonly actors = new Map<string, Actor>();
  readonly users = new Map<string, User>();
  readonly specs = new Map<string, PartySpec>();
  /** number → party id of its owner. */
  readonly owners = new Map<string, string>();
  readonly intents = new Map<string, MessageIntent>();
  readonly outcomes = new Map<string, StepOutcome>();
  /**
   * For each step, in order: its label and how many ledger observations had been recorded when it
   * started — what `at: <step>` in an expectation cuts the ledger at.
   */
  readonly stepMarks: Array<{ readonly label: string; readonly observations: number }> = [];
  /** Per-module state of action handlers (backups, business hosting, calls…), by module name. */
  readonly extensions = new Map<string, unknown>();
  /** Virtual time at which the scenario's own timeline starts (after setup). */
  startMs = 0;
  private deviceCounter = 0;

  constructor(
    readonly world: World,
    readonly loaded: LoadedScenario,
    readonly variant: ResolvedVariant,
  ) {}

  get scenario(): Scenario {
    return this.loaded.scenario;
  }

  /** Registers a built party under its scenario id. */
  add<P extends WorldParty>(spec: PartySpec | undefined, party: P): P {
    this.world.add(party);
    this.parties.set(party.id, party);
    if (spec) this.specs.set(party.id, spec);
    return party;
  }

  party<P extends WorldParty>(id: string, ctor: abstract new (...args: never[]) => P, role: string): P {
    const party = this.parties.get(id);
    if (!(party instanceof ctor)) throw new RunError(`'${id}' is not a ${role} in this scenario`);
    return party;
  }

  /** The one party of a kind, or the one named. */
  only<P extends WorldParty>(ctor: abstract new (...args: never[]) => P, role: string, id?: string): P {
    if (id !== undefined) return this.party(id, ctor, role);
    const all = [...this.parties.values()].filter((p): p is P => p instanceof ctor);
    if (all.length === 0) throw new RunError(`this step needs a ${role}, and the scenario has none`);
    if (all.length > 1) throw new RunError(`the scenario has several ${role}s; say which one`);
    return all[0]!;
  }

  server(id?: string): ChatServer {
    return this.only(ChatServer, 'chat-server', id);
  }

  carrier(id?: string): Carrier {
    return this.only(Carrier, 'carrier', id);
  }

  registration(): RegistrationService {
    return this.only(RegistrationService, 'registration service');
  }

  actor(id: string): Actor {
    const actor = this.actors.get(id);
    if (!actor) throw new RunError(`'${id}' is not a user or attacker in this scenario`);
    return actor;
  }

  user(id: string): User {
    const user = this.users.get(id);
    if (!user) throw new RunError(`'${id}' is not a user in this scenario`);
    return user;
  }

  /** The phone number of a user (or of an attacker that has one). */
  numberOf(id: string): string {
    const actor = this.actor(id);
    const number = (actor as Partial<User>).number ?? this.attackerNumbers.get(id);
    if (!number) throw new RunError(`'${id}' has no phone number`);
    return number;
  }

  /** Numbers of attackers that declared one. */
  readonly attackerNumbers = new Map<string, string>();

  /** The device with scenario id (label) `id`, and who holds it. */
  device(id: string): ClientDevice {
    for (const actor of this.actors.values()) {
      const device = actor.device(id);
      if (device) return device;
    }
    throw new RunError(`no device '${id}'`);
  }

  /** Devices for a `user`/`device` reference: all logged-in devices an actor holds, or one device. */
  devicesOf(ref: { user?: string | undefined; device?: string | undefined }): ClientDevice[] {
    if (ref.device !== undefined) return [this.device(ref.device)];
    const actor = this.actor(ref.user!);
    return actor.devices.filter((d) => !d.loggedOut);
  }

  /** The device an actor sends from for an account: a named device, else its primary, else any. */
  sendingDevice(actorId: string, accountNumber: string, deviceId?: string): ClientDevice {
    if (deviceId !== undefined) return this.device(deviceId);
    const actor = this.actor(actorId);
    const devices = actor.devices.filter((d) => d.number === accountNumber && !d.loggedOut);
    // The newest primary: an older one replaced while offline does not know yet it is logged out.
    const device = actor.primaryFor(accountNumber) ?? devices[0];
    if (!device)
      throw new RunError(
        `${actorId} has no logged-in device on ${this.owners.get(accountNumber) ?? accountNumber}'s account`,
      );
    return device;
  }

  /** A fresh device label for an actor, e.g. `mallory-phone`, `mallory-phone-2`. */
  freshLabel(base: string): string {
    let label = base;
    while (this.labelTaken(label)) label = `${base}-${++this.deviceCounter + 1}`;
    return label;
  }

  private labelTaken(label: string): boolean {
    if (this.parties.has(label)) return true;
    for (const actor of this.actors.values()) if (actor.device(label)) return true;
    return false;
  }
}
