// The app:// protocol serves only the built renderer, with the CSP on every response and in the index page.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DESKTOP_CSP, isAppUrl, isTrustedFrame, serveAppRequest } from '../../electron/main/app-protocol.js';

const root = mkdtempSync(join(tmpdir(), 'sightline-app-'));
mkdirSync(join(root, 'renderer', 'assets'), { recursive: true });
writeFileSync(join(root, 'renderer', 'index.html'), '<html><head><title>UI</title></head></html>');
writeFileSync(join(root, 'renderer', 'assets', 'a.css'), 'body{}');
writeFileSync(join(root, 'secret.txt'), 'secret');
const dir = join(root, 'renderer');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('app:// protocol', () => {
  it('serves the index with the CSP header and meta tag', async () => {
    const res = await serveAppRequest(dir, 'app://sightline/index.html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(DESKTOP_CSP);
    const body = await res.text();
    expect(body).toContain('<meta http-equiv="Content-Security-Policy"');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(body).not.toContain('frame-ancestors');
    expect(body).toContain('<title>UI</title>');
  });

  it('serves assets with their type, and nothing outside the renderer', async () => {
    const css = await serveAppRequest(dir, 'app://sightline/assets/a.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await css.text()).toBe('body{}');
    expect((await serveAppRequest(dir, 'app://sightline/../secret.txt')).status).toBe(404);
    expect((await serveAppRequest(dir, 'app://sightline/%2e%2e/secret.txt')).status).toBe(404);
    expect((await serveAppRequest(dir, 'app://sightline/assets%2f..%2f..%2fsecret.txt')).status).toBe(404);
    expect((await serveAppRequest(dir, 'app://elsewhere/index.html')).status).toBe(404);
  });

  it('serves a placeholder when the renderer is not built', async () => {
    const res = await serveAppRequest(join(root, 'missing'), 'app://sightline/index.html');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('has not been built yet');
    expect((await serveAppRequest(join(root, 'missing'), 'app://sightline/x.js')).status).toBe(404);
  });

  it('recognises only the app’s own top-level frame', () => {
    expect(isAppUrl('app://sightline/index.html')).toBe(true);
    expect(isAppUrl('app://sightline.evil/index.html')).toBe(false);
    expect(isTrustedFrame({ url: 'app://sightline/index.html', parent: null })).toBe(true);
    expect(isTrustedFrame({ url: 'app://sightline/index.html', parent: {} })).toBe(false);
    expect(isTrustedFrame(null)).toBe(false);
  });
});
