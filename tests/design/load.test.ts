import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DESIGN_AXES,
  DESIGN_PRESETS,
  designToYaml,
  loadDesign,
  withAxis,
  type Design,
} from '../../simulator/design/index.js';

function load(text: string): Design {
  const result = loadDesign(text, 'd.yaml');
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.design;
}

describe('design documents', () => {
  it('a minimal design is consumer WhatsApp (every default)', () => {
    const d = load('sightline-design: 1\nid: x\ntitle: X\n');
    expect(d.backup).toBe('plain');
    expect(d.business.hosting).toBe('none');
    expect(d.defences.two_step_verification).toBe(false);
    expect(d.defences.linked_device_limit).toBe(4);
    expect(d.retention.cloud_api_days).toBe(30);
    expect(d.retention.crm_days).toBeUndefined();
  });

  it('a bad value is located (line, column, path) and says what was expected', () => {
    const result = loadDesign('sightline-design: 1\nid: x\ntitle: X\nregions:\n  crm: mars\n', 'bad.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const [error] = result.errors;
    expect(error).toMatchObject({ file: 'bad.yaml', line: 5, column: 8, path: 'regions.crm' });
    expect(error!.message).toMatch(/eu/);
  });

  it('an unknown key and broken YAML are located too', () => {
    const unknown = loadDesign('sightline-design: 1\nid: x\ntitle: X\nbackupp: plain\n', 'u.yaml');
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.errors[0]).toMatchObject({ line: 4, code: 'unknown-key' });
    const broken = loadDesign('sightline-design: 1\nid: [x\n', 'y.yaml');
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.errors[0]!.line).toBeGreaterThan(0);
  });

  it('designToYaml round-trips every preset and every changed axis without loss', () => {
    for (const preset of DESIGN_PRESETS) {
      expect(load(designToYaml(preset.design))).toEqual(preset.design);
      for (const axis of DESIGN_AXES) {
        const value =
          axis.type === 'boolean'
            ? !(axis.default as boolean)
            : axis.type === 'enum'
              ? axis.values![axis.values!.length - 1]
              : (axis.max ?? 5);
        const changed = withAxis(preset.design, axis, value);
        expect(load(designToYaml(changed))).toEqual(changed);
      }
    }
  });

  it('the presets are the files in designs/', () => {
    expect(DESIGN_PRESETS.map((p) => p.id)).toEqual(
      expect.arrayContaining([
        'consumer',
        'business-on-prem',
        'business-cloud-api',
        'business-cloud-api-bsp-crm',
      ]),
    );
    for (const preset of DESIGN_PRESETS)
      expect(readFileSync(`designs/${preset.id}.yaml`, 'utf8')).toBe(preset.yaml);
  });

  it('the axes carry values and defaults a form can use', () => {
    const backup = DESIGN_AXES.find((a) => a.id === 'backup');
    expect(backup).toMatchObject({ type: 'enum', default: 'plain' });
    expect(backup!.values).toContain('e2ee-password');
    const crmDays = DESIGN_AXES.find((a) => a.id === 'retention.crm_days');
    expect(crmDays).toMatchObject({ type: 'integer', optional: true, default: undefined, min: 0 });
    expect(DESIGN_AXES.find((a) => a.id === 'defences.chat_lock')).toMatchObject({
      type: 'boolean',
      default: false,
    });
  });
});
