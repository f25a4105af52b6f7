/** `sightline design show|eval|compare|check`: output, exit codes, report files even for an invalid design. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../fixtures/scenarios/cli-harness.js';
import { checkWellFormedXml } from '../fixtures/scenarios/xml-check.js';

const tmp = mkdtempSync(join(tmpdir(), 'sightline-design-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const POLICY = 'designs/policies/eu-customer-data.yaml';

describe('sightline design', () => {
  it('show writes every default out', async () => {
    const out = await runCli(['design', 'show', 'designs/consumer.yaml']);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('backup: plain');
    expect(out.stdout).toContain('linked_device_limit: 4');
  });

  it('eval prints the scorecard and writes byte-identical JSON for the same design and seed', async () => {
    const a = join(tmp, 'a.json');
    const b = join(tmp, 'b.json');
    expect((await runCli(['design', 'eval', 'designs/consumer.yaml', '--json', a])).code).toBe(0);
    const out = await runCli(['design', 'eval', 'designs/consumer.yaml', '--json', b]);
    expect(out.stdout).toContain('plain-backup');
    expect(readFileSync(a, 'utf8')).toBe(readFileSync(b, 'utf8'));
  });

  it('compare names the axis behind each change, as Markdown and HTML', async () => {
    const md = await runCli([
      'design',
      'compare',
      'designs/consumer.yaml',
      'designs/business-cloud-api.yaml',
    ]);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('## Why it differs');
    expect(md.stdout).toMatch(/business messaging: none → cloud-api turns cloud-api from skipped to P/);
    const html = join(tmp, 'c.html');
    await runCli([
      'design',
      'compare',
      'designs/consumer.yaml',
      'designs/business-cloud-api.yaml',
      '--html',
      '-o',
      html,
    ]);
    expect(readFileSync(html, 'utf8')).toContain('<svg');
  });

  it('check exits 1 on a violated policy and 0 when it holds', async () => {
    const junit = join(tmp, 'j.xml');
    const bad = await runCli([
      'design',
      'check',
      'designs/business-cloud-api-bsp-crm.yaml',
      '--policy',
      POLICY,
      '--junit',
      junit,
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('gdpr-art-44');
    checkWellFormedXml(readFileSync(junit, 'utf8'));
    expect(readFileSync(junit, 'utf8')).toContain('<failure');
    const good = await runCli(['design', 'check', 'designs/consumer.yaml', '--policy', POLICY]);
    expect(good.code).toBe(0);
  });

  it('an invalid design: located error, exit 2, and every requested report still written', async () => {
    const file = join(tmp, 'bad.yaml');
    writeFileSync(file, 'sightline-design: 1\nid: x\ntitle: X\nregions:\n  crm: mars\n');
    const [j, s, x] = ['r.json', 'r.sarif', 'r.xml'].map((n) => join(tmp, n));
    const out = await runCli([
      'design',
      'check',
      file,
      '--policy',
      POLICY,
      '--json',
      j!,
      '--sarif',
      s!,
      '--junit',
      x!,
    ]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`${file}:5:8 regions.crm:`);
    expect(out.stderr).toMatch(/expected one of: eu/);
    expect(JSON.parse(readFileSync(j!, 'utf8')).errors[0]).toMatchObject({
      line: 5,
      column: 8,
      path: 'regions.crm',
    });
    const sarif = JSON.parse(readFileSync(s!, 'utf8'));
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.region).toEqual({
      startLine: 5,
      startColumn: 8,
    });
    checkWellFormedXml(readFileSync(x!, 'utf8'));
    expect(readFileSync(x!, 'utf8')).toContain('regions.crm');
  });
});
