import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  checkPolicy,
  DEFAULT_RULES_YAML,
  defaultRules,
  designPreset,
  DESIGN_AXES,
  evaluateCompliance,
  evaluateDesign,
  loadPolicy,
  loadRules,
  withAxis,
} from '../../simulator/design/index.js';
import { crypto, library } from './library.js';

const axis = (id: string) => DESIGN_AXES.find((a) => a.id === id)!;
const rules = defaultRules();

describe('compliance lens', () => {
  it('the built-in rules are the data file, cite their sources and carry LINDDUN and STRIDE tags', () => {
    expect(readFileSync('designs/rules/compliance.yaml', 'utf8')).toBe(DEFAULT_RULES_YAML);
    const refs = rules.rules.map((r) => `${r.citation.source} ${r.citation.ref}`);
    for (const ref of [
      'Art. 5(1)(c)',
      'Art. 5(1)(e)',
      'Art. 28',
      'Art. 32',
      'Art. 44',
      'Annex A 8.24',
      'Annex A 5.34',
    ])
      expect(refs.some((r) => r.includes(ref))).toBe(true);
    for (const r of rules.rules) {
      expect(r.linddun.length).toBeGreaterThan(0);
      expect(r.stride.length).toBeGreaterThan(0);
    }
  });

  it('BSP+CRM with the CRM outside the EU keeping 90 days yields Art. 44 and Art. 5(1)(e) findings', () => {
    let design = designPreset('business-cloud-api-bsp-crm')!.design;
    design = withAxis(withAxis(design, axis('regions.crm'), 'in'), axis('retention.crm_days'), 90);
    const findings = evaluateCompliance(evaluateDesign(design, { library, crypto }), rules);
    const art44 = findings.filter((f) => f.rule === 'gdpr-art-44');
    const art5e = findings.filter((f) => f.rule === 'gdpr-art-5-1-e');
    expect(art44.some((f) => f.role === 'crm' && f.region === 'in')).toBe(true);
    expect(art5e.some((f) => f.role === 'crm' && f.retentionDays === 90)).toBe(true);
    expect(art44[0]!.evidence[0]!.observation).toBeGreaterThanOrEqual(0);
    expect(art44[0]!.linddun).toContain('non-compliance');
  });

  it('the same design with the CRM in the EU keeping 30 days yields neither (the facts decide)', () => {
    let design = designPreset('business-cloud-api-bsp-crm')!.design;
    design = withAxis(withAxis(design, axis('regions.crm'), 'eu'), axis('retention.crm_days'), 30);
    const findings = evaluateCompliance(evaluateDesign(design, { library, crypto }), rules);
    expect(
      findings.filter((f) => f.role === 'crm' && (f.rule === 'gdpr-art-44' || f.rule === 'gdpr-art-5-1-e')),
    ).toEqual([]);
  });

  it('the consumer preset with E2EE backups yields neither Art. 44 nor Art. 5(1)(e)', () => {
    const design = withAxis(designPreset('consumer')!.design, axis('backup'), 'e2ee-password');
    const findings = evaluateCompliance(evaluateDesign(design, { library, crypto }), rules);
    expect(findings.filter((f) => f.rule === 'gdpr-art-44' || f.rule === 'gdpr-art-5-1-e')).toEqual([]);
    expect(findings.length).toBeGreaterThan(0); // attackers still succeed (Art. 32): the lens is not empty
  });

  it('a policy is violated exactly when a required rule has a finding, or names an unknown rule', () => {
    const policy = loadPolicy(readFileSync('designs/policies/eu-customer-data.yaml', 'utf8'), 'p.yaml');
    expect(policy.ok).toBe(true);
    if (!policy.ok) return;
    const bsp = evaluateCompliance(
      evaluateDesign(designPreset('business-cloud-api-bsp-crm')!.design, { library, crypto }),
      rules,
    );
    expect(checkPolicy(bsp, policy.value, rules).violated).toBe(true);
    expect(checkPolicy([], policy.value, rules).violated).toBe(false);
    expect(checkPolicy([], { ...policy.value, require: ['gdpr-art-99'] }, rules).unknownRules).toEqual([
      'gdpr-art-99',
    ]);
  });

  it('a bad rules file gets a located error', () => {
    const bad = loadRules(DEFAULT_RULES_YAML.replace('severity: error', 'severity: fatal'), 'r.yaml');
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.errors[0]).toMatchObject({ file: 'r.yaml', path: expect.stringMatching(/severity$/) });
  });
});
