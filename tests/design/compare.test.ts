import { describe, expect, it } from 'vitest';
import { compareDesigns, designPreset, DESIGN_AXES, withAxis } from '../../simulator/design/index.js';
import { crypto, library } from './library.js';

describe('comparing designs', () => {
  it('names the axis behind each changed cell, found by flipping single axes', () => {
    const consumer = designPreset('consumer')!.design;
    const e2ee = withAxis(
      withAxis(
        consumer,
        DESIGN_AXES.find((a) => a.id === 'backup')!,
        'e2ee-key',
      ),
      DESIGN_AXES.find((a) => a.id === 'defences.chat_lock')!,
      true,
    );
    const comparison = compareDesigns([consumer, { ...e2ee, id: 'e2ee', title: 'E2EE' }], {
      library,
      crypto,
    });
    expect(comparison.axisChanges[0]!.map((c) => c.axis).sort()).toEqual(
      ['backup', 'defences.chat_lock', 'id', 'title']
        .filter((a) => DESIGN_AXES.some((x) => x.id === a))
        .sort(),
    );
    const d = comparison.differences.find((x) => x.attack === 'plain-backup' && x.role === 'attacker');
    expect(d).toBeDefined();
    expect(d!.axes.map((a) => a.axis)).toEqual(['backup']);
    expect(d!.text).toMatch(/^backup: plain → e2ee-key turns attacker from PHKM to /);
    expect(comparison.differences.every((x) => x.from !== x.to)).toBe(true);
  });

  it('a skipped attack differs by the business axis', () => {
    const comparison = compareDesigns(
      [designPreset('consumer')!.design, designPreset('business-cloud-api-bsp-crm')!.design],
      { library, crypto },
    );
    const crm = comparison.differences.find((x) => x.attack === 'business-messaging' && x.role === 'crm');
    expect(crm?.from).toBe('skipped');
    expect(crm!.axes.map((a) => a.axis)).toContain('business.hosting');
  });

  it('refuses fewer than two or more than four designs', () => {
    const c = designPreset('consumer')!.design;
    expect(() => compareDesigns([c], { library })).toThrow(/2 to 4/);
    expect(() => compareDesigns([c, c, c, c, c], { library })).toThrow(/2 to 4/);
  });
});
