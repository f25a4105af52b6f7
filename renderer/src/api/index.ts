// The app-wide lab client: chosen once at start-up (main.ts), replaceable in tests.
import { createLabClient, type LabClient } from './lab.js';
import { chooseTransport, type PageEnvironment } from './transports.js';

let current: LabClient | null = null;
let unavailableReason: string | null = null;

/** Connect to whichever host serves this page; returns null (and remembers why) when there is none. */
export function connectLab(env: PageEnvironment): LabClient | null {
  const choice = chooseTransport(env);
  if (!choice.ok) {
    unavailableReason = choice.reason;
    current = null;
    return null;
  }
  current = createLabClient(choice.transport);
  unavailableReason = null;
  return current;
}

/** Install a client directly (component tests pass one over a fake API). */
export function setLab(client: LabClient | null): void {
  current = client;
}

/** The lab client. @throws Error when the page is not connected to a lab (views check `labAvailable` first). */
export function lab(): LabClient {
  if (!current) throw new Error(unavailableReason ?? 'Not connected to the lab service.');
  return current;
}

export function labAvailable(): boolean {
  return current !== null;
}

export function labUnavailableReason(): string | null {
  return unavailableReason;
}

export { LabError, errorMessage, type LabClient } from './lab.js';
