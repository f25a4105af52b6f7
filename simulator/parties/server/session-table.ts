/**
 * The chat server's logged-in transport sessions, indexed by device so that routing a message to
 * `number.device` costs one lookup instead of a scan over every connected client (the simulation
 * benchmark runs a thousand accounts; a scan per delivery made routing quadratic).
 */

/** A logged-in device as the server knows it. */
export interface Login {
  readonly number: string;
  readonly device: number;
  /** The client build the device announced, when it is not the official app. */
  readonly client?: string;
  /** A session of a substitute device the server diverts messages to (S10). */
  readonly shadow?: boolean;
}

/** The key of a device: `number.device`. */
export function deviceKey(number: string, device: number): string {
  return `${number}.${device}`;
}

/** One session of a device: its endpoint and login. */
export type DeviceSession = readonly [endpoint: string, login: Login];

export class SessionTable {
  private readonly byEndpoint = new Map<string, Login>();
  /**
   * Sessions per account and device, in login order (the order a scan over `byEndpoint` would give).
   * Each list is replaced, never changed in place, so a caller may iterate one while sessions change.
   */
  private readonly byDevice = new Map<string, Map<number, readonly DeviceSession[]>>();

  get(endpoint: string): Login | undefined {
    return this.byEndpoint.get(endpoint);
  }

  set(endpoint: string, login: Login): void {
    const previous = this.byEndpoint.get(endpoint);
    if (previous && (previous.number !== login.number || previous.device !== login.device)) {
      this.delete(endpoint);
    }
    this.byEndpoint.set(endpoint, login);
    let devices = this.byDevice.get(login.number);
    if (!devices) this.byDevice.set(login.number, (devices = new Map()));
    const sessions = devices.get(login.device) ?? [];
    const at = sessions.findIndex(([e]) => e === endpoint);
    // A login again on the same endpoint keeps its place in the order (as a Set's re-add does).
    devices.set(
      login.device,
      at >= 0
        ? sessions.map((entry, i) => (i === at ? [endpoint, login] : entry))
        : [...sessions, [endpoint, login]],
    );
  }

  delete(endpoint: string): void {
    const login = this.byEndpoint.get(endpoint);
    if (!login) return;
    this.byEndpoint.delete(endpoint);
    const devices = this.byDevice.get(login.number);
    const rest = (devices?.get(login.device) ?? []).filter(([e]) => e !== endpoint);
    if (rest.length > 0) devices!.set(login.device, rest);
    else {
      devices?.delete(login.device);
      if (devices?.size === 0) this.byDevice.delete(login.number);
    }
  }

  /**
   * Every session of one device (its own and, under S10, a shadow substitute's), in login order.
   * The list is a snapshot: later logins and logouts do not change it.
   */
  ofDevice(number: string, device: number): readonly DeviceSession[] {
    return this.byDevice.get(number)?.get(device) ?? NO_SESSIONS;
  }

  /** The endpoint of the device's own (non-shadow) session, if it is connected. */
  endpointOf(number: string, device: number): string | undefined {
    for (const [endpoint, login] of this.ofDevice(number, device)) if (!login.shadow) return endpoint;
    return undefined;
  }
}

const NO_SESSIONS: readonly DeviceSession[] = Object.freeze([]);
