// The "Start workshop" contract calls (contract-workshop.ts): the lab service finds the library scenario and
// its variant and hands them to the launcher; the launcher runs one workshop server per scenario variant on the
// lab's database, returns the running one when asked again, restarts on a LAN change with the same room, stops.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { WorkshopInfo } from '../../electron/contract-workshop.js';
import { dispatchCall } from '../../electron/service/dispatch.js';
import { LabService } from '../../electron/service/lab-service.js';
import { openDatabase } from '../../electron/storage/database.js';
import { openLabStore } from '../../electron/storage/lab-store.js';
import {
  createWorkshopLauncher,
  type WorkshopLauncher,
  type WorkshopStartRequest,
} from '../../electron/workshop/launcher.js';
import { createFakeEngine } from '../integration/fixtures/fake-engine.js';
import { fakeWorker } from '../integration/fixtures/service-fixture.js';
import { SCENARIOS } from './fixture.js';

function service(workshops?: WorkshopLauncher): LabService {
  return new LabService({
    engine: createFakeEngine(),
    store: openLabStore(':memory:'),
    worker: { entry: fakeWorker() },
    ownsStore: true,
    log: () => {},
    ...(workshops ? { workshops } : {}),
  });
}

describe('the workshop calls of the lab service', () => {
  const requests: WorkshopStartRequest[] = [];
  const fake: WorkshopLauncher = {
    start: async (r) => {
      requests.push(r);
      return {
        code: 'ABC234',
        title: 'Alpha basics',
        scenarioId: r.scenarioId,
        variant: r.variant,
        presenterUrl: 'http://127.0.0.1:1/host#host=x',
        joinUrl: 'http://127.0.0.1:1/join',
        qrUrl: 'http://127.0.0.1:1/join#code=ABC234',
        qrSvg: '<svg/>',
        lan: r.lan,
        resumed: false,
        participants: 0,
      };
    },
    stop: async (code) => code === 'ABC234',
    list: () => [],
    close: async () => {},
  };
  const lab = service(fake);
  afterAll(() => lab.close());

  it('starts a room for a library scenario variant, loopback unless LAN is asked for', async () => {
    const out = await dispatchCall(lab, 'startWorkshop', { id: 'alpha', variant: 'hardened' });
    expect(out.ok).toBe(true);
    expect(requests[0]).toMatchObject({ scenarioId: 'alpha', variant: 'hardened', lan: false, fresh: false });
    expect(requests[0]!.text).toContain('id: alpha');
    await dispatchCall(lab, 'startWorkshop', { id: 'alpha', lan: true });
    expect(requests[1]).toMatchObject({ variant: 'base', lan: true });
  });

  it('refuses an unknown scenario, an unknown variant and unknown arguments, with a clear message', async () => {
    expect(await dispatchCall(lab, 'startWorkshop', { id: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    const variant = await dispatchCall(lab, 'startWorkshop', { id: 'alpha', variant: 'zzz' });
    expect(variant).toMatchObject({ ok: false, error: { code: 'invalid-args' } });
    expect(variant.ok ? '' : variant.error.message).toContain('no variant "zzz"');
    expect(await dispatchCall(lab, 'startWorkshop', { id: 'alpha', host: '0.0.0.0' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-args' },
    });
    expect(requests).toHaveLength(2);
  });

  it('stops a room by code', async () => {
    expect(await dispatchCall(lab, 'stopWorkshop', { code: 'ABC234' })).toEqual({
      ok: true,
      value: { stopped: true },
    });
    expect(await dispatchCall(lab, 'stopWorkshop', { code: 'ZZZ999' })).toEqual({
      ok: true,
      value: { stopped: false },
    });
  });

  it('answers unavailable in a host without workshops', async () => {
    const bare = service();
    expect(await dispatchCall(bare, 'startWorkshop', { id: 'alpha' })).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
    expect(await dispatchCall(bare, 'listWorkshops', {})).toEqual({ ok: true, value: [] });
    await bare.close();
  });
});

describe('the workshop launcher', () => {
  const file = join(SCENARIOS, '01-first-message.yaml');
  const text = readFileSync(file, 'utf8');
  const request = (over: Partial<WorkshopStartRequest> = {}): WorkshopStartRequest => ({
    scenarioId: 's1',
    file,
    text,
    variant: 'base',
    lan: false,
    fresh: false,
    ...over,
  });

  it('runs one server per scenario variant, returns it again, starts a fresh room on request, resumes a stopped one', async () => {
    const db = openDatabase(':memory:');
    const launcher = createWorkshopLauncher({
      db,
      rendererDir: join(SCENARIOS, 'no-renderer'),
      log: () => {},
    });
    try {
      const first: WorkshopInfo = await launcher.start(request());
      expect(first.code).toMatch(/^[A-Z2-9]{6}$/);
      expect(first.joinUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/join$/);
      expect(first.qrUrl).toBe(`${first.joinUrl}#code=${first.code}`);
      expect(first.qrSvg).toContain('<svg');
      expect(first.presenterUrl).toMatch(/\/host#host=/);
      expect(first.resumed).toBe(false);

      const again = await launcher.start(request());
      expect(again).toMatchObject({ code: first.code, presenterUrl: first.presenterUrl, resumed: true });
      expect(launcher.list().map((w) => w.code)).toEqual([first.code]);

      // The page is served by the running server (a placeholder here: no renderer build in this test).
      const page = await fetch(first.joinUrl);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");

      // A new room on request: another code.
      const fresh = await launcher.start(request({ fresh: true }));
      expect(fresh.code).not.toBe(first.code);
      expect(launcher.list()).toHaveLength(1);

      expect(await launcher.stop(fresh.code)).toBe(true);
      expect(await launcher.stop(fresh.code)).toBe(false);
      expect(launcher.list()).toEqual([]);
      await expect(fetch(fresh.joinUrl)).rejects.toThrow();

      // Started again after a stop: the same room comes back from the database.
      const back = await launcher.start(request());
      expect(back).toMatchObject({ code: fresh.code, resumed: true });
    } finally {
      await launcher.close();
      db.close();
    }
  });
});
