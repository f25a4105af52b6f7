import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultRules } from '../../simulator/design/index.js';
import { renderDesignSchemaJson, updateDesignDoc } from '../../simulator/design/format-doc.js';

describe('generated design docs', () => {
  it('docs/designs.md and designs/schema.json are fresh (npm run gen:design-docs)', () => {
    const doc = readFileSync('docs/designs.md', 'utf8');
    expect(updateDesignDoc(doc, defaultRules())).toBe(doc);
    expect(readFileSync('designs/schema.json', 'utf8')).toBe(renderDesignSchemaJson());
  });

  it('the reference lists every axis, preset and rule, and keeps the hand-written sections', () => {
    const doc = readFileSync('docs/designs.md', 'utf8');
    for (const id of [
      '`backup`',
      '`regions.crm`',
      '`defences.linked_device_limit`',
      '`business-cloud-api-bsp-crm`',
      '`gdpr-art-44`',
    ])
      expect(doc).toContain(id);
    expect(doc).toContain('## Walkthrough in the app');
    expect(doc).toContain('not legal advice');
  });
});
