// Browser mode end to end: the web host in front of a real lab service (fake engine, real worker), every contract
// call made over HTTP by the web client, events over the WebSocket, and the refusals: no token, wrong token,
// foreign Host, foreign Origin, wrong method or body.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  CALL_NAMES,
  EVENTS_PATH,
  TOKEN_HEADER,
  callPath,
  resultSchema,
  type CallName,
  type EventName,
  type LabApi,
} from '../../electron/contract.js';
import {
  createWebClient,
  tokenFromPage,
  type EventSocketConstructor,
  type WebClient,
} from '../../electron/web/client.js';
import { startWebHost, WebHostError, type WebHost } from '../../electron/web/server.js';
import { makeService, USER_SCENARIO, type Fixture } from './fixtures/service-fixture.js';

let fx: Fixture;
let host: WebHost;
let client: WebClient;
const rendererDir = mkdtempSync(join(tmpdir(), 'sightline-renderer-'));

beforeAll(async () => {
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(
    join(rendererDir, 'index.html'),
    '<!doctype html><html><head><title>UI</title></head><body></body></html>',
  );
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  fx = makeService();
  host = await startWebHost({ service: fx.service, rendererDir, port: 0, log: () => {} });
  client = createWebClient({
    baseUrl: host.origin,
    token: host.token,
    WebSocket: WebSocket as unknown as EventSocketConstructor,
  });
});
afterAll(async () => {
  client.close();
  await host.close();
  await fx.close();
  rmSync(rendererDir, { recursive: true, force: true });
});

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}
function raw(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; port?: number } = {},
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: options.port ?? host.port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
const json = { 'content-type': 'application/json' };
const authed = () => ({ ...json, [TOKEN_HEADER]: host.token });

/** Opens an event socket with the given URL and headers; resolves with the HTTP status it was refused with. */
function wsStatus(path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}${path}`, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', (e) => reject(e));
  });
}

describe('web host: every contract call over HTTP, events over WebSocket', () => {
  it('serves every call and event of the contract', async () => {
    const called = new Set<CallName>();
    const api = new Proxy(client, {
      get(target, prop: string) {
        const value = (target as any)[prop];
        if (typeof value !== 'function' || !(CALL_NAMES as readonly string[]).includes(prop)) return value;
        return async (args: unknown) => {
          called.add(prop as CallName);
          const result = await value(args);
          resultSchema(prop as CallName).parse(result);
          return result;
        };
      },
    }) as LabApi;
    const seen: { event: EventName; payload: any }[] = [];
    for (const name of ['runProgress', 'runFinished', 'libraryChanged', 'menuCommand'] as const) {
      api.on(name, (payload) => seen.push({ event: name, payload }));
    }
    await client.eventsReady();
    const ok = async <T>(p: Promise<{ ok: boolean; value?: T; error?: unknown }>): Promise<T> => {
      const r = await p;
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      return r.value as T;
    };
    const waitEvent = async (pred: (e: { event: EventName; payload: any }) => boolean) => {
      for (let i = 0; i < 400 && !seen.some(pred); i++) await new Promise((r) => setTimeout(r, 25));
      return seen.find(pred);
    };

    expect((await ok<any[]>(api.listLibrary({}))).map((e) => e.id)).toEqual(['alpha', 'beta']);
    expect((await ok<any>(api.getScenario({ id: 'alpha' }))).entry.title).toBe('Alpha basics');
    expect(await ok<any>(api.validateScenario({ text: USER_SCENARIO }))).toMatchObject({ valid: true });
    expect(await ok<any>(api.saveScenario({ text: USER_SCENARIO }))).toMatchObject({
      id: 'my-drill',
      source: 'user',
    });
    expect(await waitEvent((e) => e.event === 'libraryChanged')).toEqual({
      event: 'libraryChanged',
      payload: { reason: 'saved', id: 'my-drill' },
    });

    const a = (await ok<any>(api.startRun({ scenario: { kind: 'library', id: 'alpha' } }))).runId;
    const finishedA = await waitEvent((e) => e.event === 'runFinished' && e.payload.runId === a);
    expect(finishedA?.payload).toMatchObject({ status: 'completed', valid: false });
    expect(seen.some((e) => e.event === 'runProgress' && e.payload.runId === a)).toBe(true);
    const b = (
      await ok<any>(api.startRun({ scenario: { kind: 'library', id: 'alpha' }, variant: 'hardened' }))
    ).runId;
    await waitEvent((e) => e.event === 'runFinished' && e.payload.runId === b);

    const hang = 'sightline: 1\nid: hang\ntitle: Hang\nfake:\n  hang: true\n';
    const h = (await ok<any>(api.startRun({ scenario: { kind: 'text', text: hang } }))).runId;
    await waitEvent((e) => e.event === 'runProgress' && e.payload.runId === h);
    expect((await ok<any[]>(api.listActiveRuns({}))).map((r) => r.runId)).toEqual([h]);
    expect(await ok(api.cancelRun({ runId: h }))).toEqual({ cancelled: true });
    expect((await waitEvent((e) => e.event === 'runFinished' && e.payload.runId === h))?.payload.status).toBe(
      'cancelled',
    );

    expect((await ok<any[]>(api.listRuns({}))).map((r) => r.id)).toEqual([b, a]);
    expect((await ok<any>(api.getRun({ runId: a }))).journal).toHaveLength(40);
    expect(
      (await ok<any>(api.compareRuns({ a, b }))).expectations.filter((e: any) => e.changed),
    ).toHaveLength(1);
    for (const format of ['markdown', 'html', 'json', 'junit'] as const) {
      expect((await ok<any>(api.exportReport({ runId: a, format }))).content.length).toBeGreaterThan(50);
    }
    expect(await ok<any>(api.updateSettings({ patch: { presenterMode: true } }))).toMatchObject({
      presenterMode: true,
    });
    expect(await ok<any>(api.getSettings({}))).toMatchObject({ presenterMode: true });
    expect(await ok(api.deleteRun({ runId: b }))).toEqual({ deleted: true });
    expect(await ok(api.deleteScenario({ id: 'my-drill' }))).toEqual({ deleted: true });

    fx.service.emit('menuCommand', { command: 'toggle-presenter' });
    expect(await waitEvent((e) => e.event === 'menuCommand')).toEqual({
      event: 'menuCommand',
      payload: { command: 'toggle-presenter' },
    });

    // The design calls are served too; this host has no design engine, so each answers `unavailable`
    // (tests/integration/design-service.test.ts drives them with one).
    const designCalls = [
      api.getDesignCatalog({}),
      api.validateDesign({ text: 'id: x' }),
      api.listDesigns({}),
      api.getDesign({ id: 'consumer' }),
      api.saveDesign({ text: 'id: x' }),
      api.deleteDesign({ id: 'mine' }),
      api.evaluateDesign({ text: 'id: x', requestId: 'r1' }),
      api.compareDesigns({ texts: ['id: x', 'id: y'], requestId: 'r2' }),
    ];
    for (const result of await Promise.all(designCalls)) {
      expect(result).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    }

    // The workshop calls: this host has no workshop launcher (tests/workshop/workshop-service.test.ts has one).
    expect(await api.startWorkshop({ id: 'alpha' })).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
    expect(await api.stopWorkshop({ code: 'ABC234' })).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
    expect(await ok(api.listWorkshops({}))).toEqual([]);

    expect([...called].sort()).toEqual([...CALL_NAMES].sort());
  });

  it('returns contract errors in the envelope', async () => {
    expect(await client.getRun({ runId: 'nope' } as any)).toMatchObject({
      ok: false,
      error: { code: 'invalid-args' },
    });
    expect(await client.getScenario({ id: 'missing' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
  });
});

describe('web host: refusals', () => {
  it('refuses calls without the token, or with a wrong one (401)', async () => {
    const path = callPath('listLibrary');
    expect((await raw(path, { method: 'POST', headers: json, body: '{}' })).status).toBe(401);
    const wrong = await raw(path, {
      method: 'POST',
      headers: { ...json, [TOKEN_HEADER]: 'x' + host.token },
      body: '{}',
    });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    // The cookie is for the page's own assets, never for calls.
    const cookie = `sightline_token_${host.port}=${host.token}`;
    expect((await raw(path, { method: 'POST', headers: { ...json, cookie }, body: '{}' })).status).toBe(401);
    // Header, bearer and query all carry it.
    expect((await raw(path, { method: 'POST', headers: authed(), body: '{}' })).status).toBe(200);
    const bearer = { ...json, authorization: `Bearer ${host.token}` };
    expect((await raw(path, { method: 'POST', headers: bearer, body: '{}' })).status).toBe(200);
    expect(
      (await raw(`${path}?token=${host.token}`, { method: 'POST', headers: json, body: '{}' })).status,
    ).toBe(200);
  });

  it('refuses a foreign Host or Origin (403), even with the token', async () => {
    const path = callPath('getSettings');
    const evilHost = await raw(path, {
      method: 'POST',
      headers: { ...authed(), host: `evil.example:${host.port}` },
      body: '{}',
    });
    expect(evilHost.status).toBe(403);
    const wrongPort = await raw(path, {
      method: 'POST',
      headers: { ...authed(), host: `127.0.0.1:1` },
      body: '{}',
    });
    expect(wrongPort.status).toBe(403);
    const evilOrigin = await raw(path, {
      method: 'POST',
      headers: { ...authed(), origin: 'http://evil.example' },
      body: '{}',
    });
    expect(evilOrigin.status).toBe(403);
    expect(
      (await raw(path, { method: 'POST', headers: { ...authed(), origin: 'null' }, body: '{}' })).status,
    ).toBe(403);
    const own = await raw(path, {
      method: 'POST',
      headers: { ...authed(), origin: host.origin },
      body: '{}',
    });
    expect(own.status).toBe(200);
    const localhost = await raw(path, {
      method: 'POST',
      headers: { ...authed(), host: `localhost:${host.port}`, origin: `http://localhost:${host.port}` },
      body: '{}',
    });
    expect(localhost.status).toBe(200);
  });

  it('refuses event sockets without the token, with a wrong one, or from a foreign origin', async () => {
    expect(await wsStatus(EVENTS_PATH)).toBe(401);
    expect(await wsStatus(`${EVENTS_PATH}?token=wrong`)).toBe(401);
    expect(await wsStatus(`${EVENTS_PATH}?token=${host.token}`, { origin: 'http://evil.example' })).toBe(403);
    expect(await wsStatus(`${EVENTS_PATH}?token=${host.token}`, { host: 'evil.example' })).toBe(403);
    expect(await wsStatus(`/elsewhere?token=${host.token}`)).toBe(404);
    expect(await wsStatus(`${EVENTS_PATH}?token=${host.token}`, { origin: host.origin })).toBe(101);
    expect(await wsStatus(EVENTS_PATH, { [TOKEN_HEADER]: host.token })).toBe(101);
  });

  it('refuses the wrong method, content type, body or call name', async () => {
    const path = callPath('getSettings');
    expect((await raw(path, { headers: authed() })).status).toBe(405);
    expect(
      (
        await raw(path, {
          method: 'POST',
          headers: { [TOKEN_HEADER]: host.token, 'content-type': 'text/plain' },
          body: '{}',
        })
      ).status,
    ).toBe(415);
    expect((await raw(path, { method: 'POST', headers: authed(), body: '{nope' })).status).toBe(400);
    expect(
      (
        await raw(callPath('validateScenario'), {
          method: 'POST',
          headers: authed(),
          body: 'x'.repeat(3 * 1024 * 1024),
        })
      ).status,
    ).toBe(413);
    const unknown = await raw('/api/dropTables', { method: 'POST', headers: authed(), body: '{}' });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ error: { code: 'unknown-call' } });
    const badArgs = await raw(path, { method: 'POST', headers: authed(), body: '{"x":1}' });
    expect(badArgs.status).toBe(200);
    expect(JSON.parse(badArgs.body)).toMatchObject({ ok: false, error: { code: 'invalid-args' } });
  });
});

describe('web host: the page', () => {
  it('serves the index with the token and CSP injected, and sets the asset cookie', async () => {
    expect((await raw('/')).status).toBe(401);
    const page = await raw(`/?token=${host.token}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self';/);
    expect(page.headers['content-security-policy']).toContain(`ws://127.0.0.1:${host.port}`);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.body).toContain('<meta http-equiv="Content-Security-Policy"');
    // frame-ancestors works only as a header (browsers ignore it in <meta> and log an error for it).
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(page.body)![1]).not.toContain(
      'frame-ancestors',
    );
    const token = tokenFromPage({
      querySelector: (sel) => {
        const m = /<meta name="sightline-token" content="([^"]+)">/.exec(page.body);
        return sel === 'meta[name="sightline-token"]' && m ? { getAttribute: () => m[1]! } : null;
      },
    });
    expect(token).toBe(host.token);
    const cookie = String(page.headers['set-cookie']).split(';')[0]!;
    expect(String(page.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);

    expect((await raw('/assets/app.js')).status).toBe(401);
    const asset = await raw('/assets/app.js', { headers: { cookie } });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.body).toBe('console.log(1)');
    // Client-side routes fall back to the index; missing files and escapes do not.
    expect((await raw('/library/alpha', { headers: { cookie } })).body).toContain('<title>UI</title>');
    expect((await raw('/assets/missing.js', { headers: { cookie } })).status).toBe(404);
    expect((await raw('/%2e%2e/%2e%2e/package.json', { headers: { cookie } })).status).toBe(404);
    expect((await raw('/../../package.json', { headers: { cookie } })).status).toBe(404);
    const escape = await raw('/%2e%2e/%2e%2e/etc/passwd', { headers: { cookie } });
    expect(escape.body).toContain('<title>UI</title>'); // normalised to /etc/passwd inside the root: the index
    expect((await raw('/assets%2f..%2f..%2fpackage.json', { headers: { cookie } })).status).toBe(404);
    expect((await raw('/', { method: 'POST', headers: { cookie } })).status).toBe(405);
  });

  it('serves a placeholder page when the renderer is not built', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'sightline-empty-'));
    const bare = await startWebHost({ service: fx.service, rendererDir: empty, port: 0, log: () => {} });
    try {
      const page = await raw(`/?token=${bare.token}`, { port: bare.port });
      expect(page.status).toBe(200);
      expect(page.body).toContain('has not been built yet');
      expect(page.body).toContain(`content="${bare.token}"`);
      expect((await raw(`/other?token=${bare.token}`, { port: bare.port })).status).toBe(404);
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('binds loopback by default and explains a port in use', async () => {
    expect(host.host).toBe('127.0.0.1');
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    const clash = startWebHost({ service: fx.service, rendererDir, port: host.port, log: () => {} });
    await expect(clash).rejects.toBeInstanceOf(WebHostError);
    await expect(clash).rejects.toThrow(
      new RegExp(`Port ${host.port} on 127.0.0.1 is already in use.*--port`),
    );
  });

  it('uses a different random token per launch', async () => {
    const other = await startWebHost({ service: fx.service, rendererDir, port: 0, log: () => {} });
    try {
      expect(other.token).not.toBe(host.token);
      expect(other.token.length).toBeGreaterThanOrEqual(43);
      const crossed = await raw(callPath('getSettings'), {
        method: 'POST',
        headers: authed(),
        body: '{}',
        port: other.port,
      });
      expect(crossed.status).toBe(401);
    } finally {
      await other.close();
    }
  });
});
