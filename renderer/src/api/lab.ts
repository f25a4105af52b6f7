// The renderer's one client of the lab service, generated from the contract (electron/contract.ts): one method per
// call, each returning the call's value or throwing LabError, plus `on` for the service's events. Which host is
// behind it (Electron IPC or the browser-mode web host) is the transport's business; views never know.
import {
  CALL_NAMES,
  type CallArgsInput,
  type CallName,
  type CallValue,
  type ErrorCode,
  type EventName,
  type EventPayload,
  type LabApi,
  type LabErrorInfo,
} from '../../../electron/contract.js';

/** Where the service lives: the desktop app's preload bridge or the loopback web host. */
export type TransportMode = 'electron' | 'web';

/** A host connection: the contract's API plus readiness of its event stream. */
export interface LabTransport {
  readonly mode: TransportMode;
  readonly api: LabApi;
  /** Resolves once events sent from now on will arrive (web: the socket is open; Electron: at once). */
  eventsReady(): Promise<void>;
  close(): void;
}

/** A refused or failed call, with the contract's error code so views can word it (e.g. `not-found`). */
export class LabError extends Error {
  readonly code: ErrorCode;
  constructor(info: LabErrorInfo) {
    super(info.message);
    this.name = 'LabError';
    this.code = info.code;
  }
}

/** Every call of the contract as a method that resolves to its value or throws LabError. */
export type LabCalls = { [K in CallName]: (args: CallArgsInput<K>) => Promise<CallValue<K>> };

export type LabClient = LabCalls & {
  readonly mode: TransportMode;
  /** Subscribe to a contract event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  eventsReady(): Promise<void>;
  close(): void;
};

/** Wrap a transport: results are unwrapped so callers write `await lab.listRuns({})` and catch LabError. */
export function createLabClient(transport: LabTransport): LabClient {
  const calls = {} as Record<CallName, (args: unknown) => Promise<unknown>>;
  for (const name of CALL_NAMES) {
    const method = transport.api[name] as (
      args: unknown,
    ) => Promise<{ ok: boolean; value?: unknown; error?: LabErrorInfo }>;
    calls[name] = async (args: unknown) => {
      let result: { ok: boolean; value?: unknown; error?: LabErrorInfo };
      try {
        result = await method(args ?? {});
      } catch (error) {
        // A host must answer with an envelope; a throw means the bridge itself broke.
        throw new LabError({
          code: 'unavailable',
          message: `The lab did not answer ${name}: ${String(error)}`,
        });
      }
      if (result && result.ok === true) return result.value;
      throw new LabError(
        result?.error ?? { code: 'internal', message: `The lab gave no result for ${name}.` },
      );
    };
  }
  return Object.assign(calls as unknown as LabCalls, {
    mode: transport.mode,
    on: <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) =>
      transport.api.on(event, listener),
    eventsReady: () => transport.eventsReady(),
    close: () => transport.close(),
  });
}

/** A user-facing sentence for any error a call can throw. */
export function errorMessage(error: unknown): string {
  if (error instanceof LabError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
