// IPC between the renderer and the lab service. One handler per contract call on the channel the contract
// derives; each checks that the sender is the app's own top-level frame and then goes through the shared
// dispatcher, which validates every argument against the contract's zod schema.
import {
  CALL_NAMES,
  callChannel,
  eventChannel,
  type EventName,
  type EventPayload,
  events,
} from '../contract.js';
import { dispatchCall, type ErrorLog, type HostedService } from '../service/dispatch.js';
import { isTrustedFrame } from './app-protocol.js';
import type { IpcMainLike, WebContentsLike } from './deps.js';

/** Register every call; returns a function that removes them again. */
export function registerIpc(ipcMain: IpcMainLike, service: HostedService, log: ErrorLog): () => void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(callChannel(name), async (event, ...args) => {
      if (!isTrustedFrame(event.senderFrame)) {
        log(`refused ${name} from an untrusted frame`, event.senderFrame?.url ?? null);
        return {
          ok: false,
          error: { code: 'forbidden', message: 'This frame may not call the lab service.' },
        };
      }
      if (args.length > 1) {
        return { ok: false, error: { code: 'invalid-args', message: `${name} takes one argument object.` } };
      }
      return dispatchCall(service, name, args[0], log);
    });
  }
  return () => {
    for (const name of CALL_NAMES) ipcMain.removeHandler(callChannel(name));
  };
}

/** Send one event to the given webContents, after checking it against the contract. */
export function sendEvent<E extends EventName>(
  targets: WebContentsLike[],
  event: E,
  payload: EventPayload<E>,
): void {
  const checked = events[event].parse(payload);
  for (const contents of targets) {
    if (!contents.isDestroyed()) contents.send(eventChannel(event), checked);
  }
}

/** Forward the service's events to the app's windows; returns unsubscribe. */
export function forwardEvents(service: HostedService, targets: () => WebContentsLike[]): () => void {
  return service.subscribe((e) => sendEvent(targets(), e.event, e.payload));
}
