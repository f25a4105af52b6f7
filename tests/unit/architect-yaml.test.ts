// The Architect form's YAML round trip (renderer/src/components/architect/design-yaml.ts): a form change touches one
// value and keeps comments, key order and unknown fields; an invalid value is written as typed; problems land on
// the axis whose path they name.
import { describe, expect, it } from 'vitest';
import {
  axisApplies,
  coerce,
  groupAxes,
  problemsByAxis,
  readAxes,
  readField,
  writeAxis,
  writeField,
} from '../../renderer/src/components/architect/design-yaml.js';
import { AXES } from './fixtures/architect-card.js';

const TEXT = `sightline-design: 1
# who we are
id: mine
title: My design   # shown in reports
backup: plain # for now
business:
  hosting: cloud-api-bsp-crm
  # the CRM is new
retention:
  crm_days: 90
x-notes: keep me
`;
const axis = (id: string) => AXES.find((a) => a.id === id)!;

describe('design YAML round trip', () => {
  it('reads every axis, with the default where the text leaves it out', () => {
    const read = readAxes(TEXT, AXES);
    expect(read).toEqual({
      ok: true,
      values: {
        'business.hosting': 'cloud-api-bsp-crm',
        'regions.crm': 'eu',
        'retention.crm_days': 90,
        backup: 'plain',
        'defences.chat_lock': false,
      },
    });
  });

  it('changes one value and keeps every comment, key order and unknown field', () => {
    const next = writeAxis(TEXT, axis('backup'), 'e2ee-password');
    expect(next).toBe(TEXT.replace('backup: plain # for now', 'backup: e2ee-password # for now'));
    const nested = writeAxis(next, axis('regions.crm'), 'us');
    expect(nested).toContain('# who we are');
    expect(nested).toContain('# the CRM is new');
    expect(nested).toContain('x-notes: keep me');
    expect(nested).toContain('regions:\n  crm: us');
    expect(readAxes(nested, AXES)).toMatchObject({ ok: true, values: { 'regions.crm': 'us' } });
  });

  it('writes an invalid number as typed, and removes an emptied optional axis', () => {
    const typo = writeAxis(TEXT, axis('retention.crm_days'), coerce(axis('retention.crm_days'), '9o'));
    expect(readAxes(typo, AXES)).toMatchObject({ ok: true, values: { 'retention.crm_days': '9o' } });
    expect(coerce(axis('retention.crm_days'), ' 30 ')).toBe(30);
    const cleared = writeAxis(TEXT, axis('retention.crm_days'), coerce(axis('retention.crm_days'), ''));
    expect(cleared).not.toContain('crm_days');
    expect(readAxes(cleared, AXES)).toMatchObject({ ok: true, values: { 'retention.crm_days': null } });
  });

  it('reports a syntax error with its position and refuses to write over it', () => {
    const broken = 'id: x\nbackup: [plain\n';
    const read = readAxes(broken, AXES);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.problem.line).toBeGreaterThan(0);
    expect(() => writeAxis(broken, axis('backup'), 'plain')).toThrow(/syntax error/);
    expect(writeField(broken, 'id', 'y')).toBe(broken);
  });

  it('reads and writes the id and title fields in place', () => {
    expect(readField(TEXT, 'title')).toBe('My design');
    const renamed = writeField(TEXT, 'title', 'Ours');
    expect(renamed).toBe(TEXT.replace('title: My design   #', 'title: Ours   #'));
    expect(readField(renamed, 'title')).toBe('Ours');
  });

  it('puts each problem on the axis it names; the rest stay with the document', () => {
    const { byAxis, other } = problemsByAxis(
      [
        { message: 'expected a number', path: 'retention.crm_days', line: 10, column: 13 },
        { message: 'must be kebab-case', path: 'id', line: 3, column: 5 },
      ],
      AXES,
    );
    expect([...byAxis.keys()]).toEqual(['retention.crm_days']);
    expect(other.map((p) => p.path)).toEqual(['id']);
  });

  it('groups axes in form order and knows when an axis matters', () => {
    expect(groupAxes(AXES).map((g) => g.group)).toEqual([
      'Business messaging',
      'Regions',
      'Retention',
      'Backup',
      'Defences',
    ]);
    expect(axisApplies(axis('regions.crm'), { 'business.hosting': 'none' })).toBe(false);
    expect(axisApplies(axis('regions.crm'), { 'business.hosting': 'cloud-api-bsp-crm' })).toBe(true);
  });
});
