// The preload exposes exactly the contract: one function per call on the derived channel, `on` for events,
// no Electron objects, nothing else.
import { describe, expect, it } from 'vitest';
import {
  CALL_NAMES,
  EVENT_NAMES,
  LAB_API_GLOBAL,
  callChannel,
  eventChannel,
} from '../../electron/contract.js';
import { exposeLabApi } from '../../electron/preload/expose.js';

function fakes() {
  const exposed: [string, any][] = [];
  const invoked: [string, unknown[]][] = [];
  const listeners = new Map<string, ((event: unknown, ...args: unknown[]) => void)[]>();
  const contextBridge = { exposeInMainWorld: (key: string, api: unknown) => exposed.push([key, api]) };
  const ipcRenderer = {
    invoke: async (channel: string, ...args: unknown[]) => {
      invoked.push([channel, args]);
      return { ok: true, value: 'answer' };
    },
    on: (channel: string, l: (event: unknown, ...args: unknown[]) => void) => {
      listeners.set(channel, [...(listeners.get(channel) ?? []), l]);
    },
    removeListener: (channel: string, l: (event: unknown, ...args: unknown[]) => void) => {
      listeners.set(
        channel,
        (listeners.get(channel) ?? []).filter((x) => x !== l),
      );
    },
  };
  exposeLabApi(contextBridge, ipcRenderer);
  return { exposed, invoked, listeners };
}

describe('preload', () => {
  it('exposes one frozen object under the contract’s global, with exactly the calls and `on`', () => {
    const { exposed } = fakes();
    expect(exposed).toHaveLength(1);
    const [key, api] = exposed[0]!;
    expect(key).toBe(LAB_API_GLOBAL);
    expect(Object.keys(api).sort()).toEqual([...CALL_NAMES, 'on'].sort());
    expect(Object.isFrozen(api)).toBe(true);
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
  });

  it('invokes each call on its derived channel with exactly one argument object', async () => {
    const { exposed, invoked } = fakes();
    const api = exposed[0]![1];
    for (const name of CALL_NAMES)
      expect(await api[name]({ probe: name })).toEqual({ ok: true, value: 'answer' });
    expect(invoked).toEqual(CALL_NAMES.map((name) => [callChannel(name), [{ probe: name }]]));
    invoked.length = 0;
    await api.listLibrary();
    expect(invoked).toEqual([[callChannel('listLibrary'), [{}]]]);
  });

  it('delivers only the payload of contract events, and unsubscribes', () => {
    const { exposed, listeners } = fakes();
    const api = exposed[0]![1];
    const got: unknown[] = [];
    const off = api.on('runFinished', (payload: unknown, ...rest: unknown[]) =>
      got.push([payload, rest.length]),
    );
    const senderEvent = { sender: { send: () => {} }, ports: [] };
    for (const l of listeners.get(eventChannel('runFinished')) ?? []) l(senderEvent, { runId: 'r' });
    expect(got).toEqual([[{ runId: 'r' }, 0]]);
    off();
    expect(listeners.get(eventChannel('runFinished'))).toEqual([]);
    for (const name of EVENT_NAMES) expect(() => api.on(name, () => {})).not.toThrow();
  });

  it('refuses events the contract does not name, and non-function listeners', () => {
    const { exposed, listeners } = fakes();
    const api = exposed[0]![1];
    expect(() => api.on('sightline:call:getRun', () => {})).toThrow(/no event named/);
    expect(() => api.on('toString', () => {})).toThrow(/no event named/);
    expect(() => api.on('runFinished', 'nope')).toThrow(/listener function/);
    expect(listeners.size).toBe(0);
  });
});
