// What the preload does, with Electron injected: expose exactly the contract to the renderer through
// contextBridge — one function per call, invoking the call's derived channel, and `on` for contract events.
// Nothing else crosses: no ipcRenderer, no event objects, no channels the contract does not name.
import {
  CALL_NAMES,
  LAB_API_GLOBAL,
  callChannel,
  eventChannel,
  isEventName,
  type EventName,
} from '../contract.js';

export interface ContextBridgeLike {
  exposeInMainWorld(apiKey: string, api: unknown): void;
}

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** Build the API object (exported for tests) without exposing it. */
export function buildLabApi(ipcRenderer: IpcRendererLike): Record<string, unknown> {
  const api: Record<string, unknown> = {};
  for (const name of CALL_NAMES) {
    const channel = callChannel(name);
    // Exactly one argument object goes over; the main process validates it.
    api[name] = (args: unknown) => ipcRenderer.invoke(channel, args ?? {});
  }
  api.on = (event: EventName, listener: (payload: unknown) => void) => {
    if (typeof event !== 'string' || !isEventName(event))
      throw new Error(`There is no event named "${String(event)}".`);
    if (typeof listener !== 'function') throw new Error('on() needs a listener function.');
    const channel = eventChannel(event);
    // The IPC event object (with its sender) stays in the preload; only the payload reaches the page.
    const wrapped = (_event: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  };
  return Object.freeze(api);
}

export function exposeLabApi(contextBridge: ContextBridgeLike, ipcRenderer: IpcRendererLike): void {
  contextBridge.exposeInMainWorld(LAB_API_GLOBAL, buildLabApi(ipcRenderer));
}
