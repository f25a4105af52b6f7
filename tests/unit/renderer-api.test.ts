// The renderer's transport choice and its contract client: Electron's bridge when present, browser mode with the
// page's token otherwise, a clear reason when neither; results unwrapped, refusals raised as LabError.
import { describe, expect, it } from 'vitest';
import { CALL_NAMES, type LabApi } from '../../electron/contract.js';
import { createLabClient, errorMessage, LabError } from '../../renderer/src/api/lab.js';
import {
  chooseTransport,
  isBridge,
  pageToken,
  type PageEnvironment,
} from '../../renderer/src/api/transports.js';

function fakeBridge(overrides: Partial<Record<string, (args: unknown) => Promise<unknown>>> = {}): LabApi {
  const api: Record<string, unknown> = {};
  for (const name of CALL_NAMES) api[name] = overrides[name] ?? (async () => ({ ok: true, value: null }));
  api.on = () => () => {};
  return api as LabApi;
}

function page(
  options: { bridge?: unknown; meta?: string; search?: string } = {},
): PageEnvironment & { replaced: string[] } {
  const replaced: string[] = [];
  return {
    replaced,
    global: options.bridge === undefined ? {} : { sightline: options.bridge },
    location: {
      origin: 'http://127.0.0.1:5757',
      search: options.search ?? '',
      pathname: '/',
      hash: '#/runs',
    },
    document: {
      querySelector: (selector: string) =>
        selector.includes('sightline-token') && options.meta ? { getAttribute: () => options.meta! } : null,
    },
    history: { replaceState: (_d: unknown, _u: string, url?: string) => void replaced.push(url ?? '') },
    fetch: (async () => new Response('{}')) as unknown as typeof fetch,
  };
}

describe('transport choice', () => {
  it('uses the Electron bridge when the preload exposed one', () => {
    const choice = chooseTransport(page({ bridge: fakeBridge(), meta: 'tok' }));
    expect(choice.ok && choice.transport.mode).toBe('electron');
  });

  it('refuses an incomplete bridge rather than half-working', () => {
    const partial = { listLibrary: async () => ({ ok: true, value: [] }), on: () => () => {} };
    expect(isBridge(partial)).toBe(false);
    const choice = chooseTransport(page({ bridge: partial }));
    expect(choice.ok).toBe(false);
  });

  it('uses browser mode with the token from the page, then the address bar, and scrubs it from the address', () => {
    expect(pageToken(page({ meta: 'from-meta', search: '?token=from-query' }))).toBe('from-meta');
    expect(pageToken(page({ search: '?token=from-query&x=1' }))).toBe('from-query');
    const env = page({ meta: 'tok', search: '?token=tok&x=1' });
    const choice = chooseTransport(env);
    expect(choice.ok && choice.transport.mode).toBe('web');
    expect(env.replaced).toEqual(['/?x=1#/runs']);
  });

  it('says how to connect when there is no token', () => {
    const choice = chooseTransport(page());
    expect(choice.ok).toBe(false);
    if (!choice.ok) expect(choice.reason).toMatch(/npm run lab:web/);
  });
});

describe('lab client', () => {
  it('has one method per contract call and unwraps values', async () => {
    const client = createLabClient({
      mode: 'electron',
      api: fakeBridge({ listRuns: async (args) => ({ ok: true, value: [{ args }] }) }),
      eventsReady: async () => {},
      close: () => {},
    });
    for (const name of CALL_NAMES) expect(typeof client[name]).toBe('function');
    expect(await client.listRuns({ limit: 5 })).toEqual([{ args: { limit: 5 } }]);
  });

  it('raises refusals as LabError with the contract code, and bridge failures as unavailable', async () => {
    const client = createLabClient({
      mode: 'web',
      api: fakeBridge({
        getRun: async () => ({ ok: false, error: { code: 'not-found', message: 'No run with that id.' } }),
        deleteRun: async () => {
          throw new Error('socket closed');
        },
      }),
      eventsReady: async () => {},
      close: () => {},
    });
    const refused = await client
      .getRun({ runId: '00000000-0000-4000-8000-000000000000' })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(LabError);
    expect((refused as LabError).code).toBe('not-found');
    expect(errorMessage(refused)).toBe('No run with that id.');
    const broken = await client
      .deleteRun({ runId: '00000000-0000-4000-8000-000000000000' })
      .catch((e: unknown) => e);
    expect((broken as LabError).code).toBe('unavailable');
    expect(errorMessage(broken)).toMatch(/socket closed/);
  });
});
