/**
 * Actors are parties that hold devices and receive SMS: users and attackers. What an actor can read
 * follows from the devices it holds (their keys) and the codes that reached it.
 */
import { Party, type World } from '../world/world.js';
import { ClientDevice, type ClientPolicy } from './client/client-device.js';
import type { ChatServer } from './chat-server.js';

/** An SMS or voicemail that reached an actor. */
export interface ReceivedCode {
  readonly t: number;
  readonly number: string;
  readonly text: string;
  readonly item: string;
  readonly via: string;
}

export abstract class Actor extends Party {
  /** Devices this actor controls, on any account (its own, or one it took over or linked into). */
  readonly devices: ClientDevice[] = [];
  readonly codes: ReceivedCode[] = [];

  /** The client policy for devices this actor runs (its settings and defences). */
  abstract policy(): ClientPolicy;

  /** An SMS (or spoken code) reached this actor in the clear. */
  receiveCode(number: string, text: string, item: string, via: string): void {
    this.codes.push({ t: this.world.now, number, text, item, via });
    this.world.observe(this.id, item, ['content', 'recipient', 'timestamp'], { kind: 'clear', via }, text);
  }

  /** The newest registration code this actor holds for `number`. */
  latestCode(number: string): string | undefined {
    for (let i = this.codes.length - 1; i >= 0; i--) {
      const code = this.codes[i]!;
      if (code.number === number) return /(\d{3}-?\d{3})/.exec(code.text)?.[1]?.replace('-', '');
    }
    return undefined;
  }

  /** Installs a client for `number` held by this actor. */
  installDevice(options: {
    server: ChatServer;
    account: string;
    number: string;
    deviceId: number;
    label: string;
    online?: boolean;
  }): ClientDevice {
    const device = new ClientDevice({
      world: this.world,
      server: options.server,
      holder: this.id,
      account: options.account,
      number: options.number,
      deviceId: options.deviceId,
      label: options.label,
      policy: this.policy(),
      notify: (kind, about, detail) => this.world.notice(this.id, kind, about, detail),
      online: options.online ?? true,
    });
    this.devices.push(device);
    return device;
  }

  /** The device this actor holds with `label`. */
  device(label: string): ClientDevice | undefined {
    return this.devices.find((d) => d.label === label);
  }

  /**
   * The current (not logged-out) primary device this actor holds for `number`: the newest install,
   * since an older phone that was offline when it was replaced does not know yet it is logged out.
   */
  primaryFor(number: string): ClientDevice | undefined {
    for (let i = this.devices.length - 1; i >= 0; i--) {
      const d = this.devices[i]!;
      if (d.number === number && d.deviceId === 1 && !d.loggedOut) return d;
    }
    return undefined;
  }
}

/** Default client behaviour for an actor without defences (an attacker's own install). */
export function plainPolicy(world: World, party: string): ClientPolicy {
  return {
    securityNotifications: () => world.defences.isOn('security-notifications', party),
    blockingResend: () => world.defences.isOn('blocking-resend', party),
    keyTransparency: () => world.defences.isOn('key-transparency', party),
    signedGroupMembership: (groupId) => world.defences.isOn('signed-group-membership', undefined, groupId),
    readReceipts: () => true,
    verifiedContact: (contact) =>
      world.defences
        .all()
        .some(
          (d) => d.kind === 'verify-security-code' && d.enabled && d.party === party && d.contact === contact,
        ),
  };
}
