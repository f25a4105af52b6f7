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

export class SessionTable {
  private readonly byEndpoint = new Map<string, Login>();
  /** Endpoints per device key, in login order (the order a scan over `byEndpoint` would give). */
  private readonly byDevice = new Map<string, Set<string>>();

  get(endpoint: string): Login | undefined {
    return this.byEndpoint.get(endpoint);
  }

  set(endpoint: string, login: Login): void {
    const previous = this.byEndpoint.get(endpoint);
    if (previous && (previous.number !== login.number || previous.device !== login.device)) {
      this.delete(endpoint);
    }
    this.byEndpoint.set(endpoint, login);
    const key = deviceKey(login.number, login.device);
    let endpoints = this.byDevice.get(key);
    if (!endpoints) this.byDevice.set(key, (endpoints = new Set()));
    endpoints.add(endpoint);
  }

  delete(endpoint: string): void {
    const login = this.byEndpoint.get(endpoint);
    if (!login) return;
    this.byEndpoint.delete(endpoint);
    const key = deviceKey(login.number, login.device);
    const endpoints = this.byDevice.get(key);
    endpoints?.delete(endpoint);
    if (endpoints?.size === 0) this.byDevice.delete(key);
  }

  /** Every session of one device (its own and, under S10, a shadow substitute's), in login order. */
  *ofDevice(number: string, device: number): IterableIterator<[endpoint: string, login: Login]> {
    const endpoints = this.byDevice.get(deviceKey(number, device));
    if (!endpoints) return;
    for (const endpoint of [...endpoints]) {
      const login = this.byEndpoint.get(endpoint);
      if (login) yield [endpoint, login];
    }
  }

  /** The endpoint of the device's own (non-shadow) session, if it is connected. */
  endpointOf(number: string, device: number): string | undefined {
    for (const [endpoint, login] of this.ofDevice(number, device)) if (!login.shadow) return endpoint;
    return undefined;
  }
}
