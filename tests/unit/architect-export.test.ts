// The Architect's exports (renderer/src/components/architect/report.ts): HTML with the heatmap SVG inline,
// Markdown with the SVG as a data URI, the findings with citations and LINDDUN/STRIDE tags, skipped attacks with
// their reason, the "not legal advice" note, the comparison's why-it-differs list, and the YAML as written.
import { describe, expect, it } from 'vitest';
import { htmlReport, markdownReport } from '../../renderer/src/components/architect/report.js';
import { EXPORT_PALETTE, heatmapLayout, heatmapScene } from '../../renderer/src/d3/heatmap-scene.js';
import { serializeSvg } from '../../renderer/src/d3/svg-tree.js';
import { CARD, EVALUATION } from './fixtures/architect-card.js';

const YAML = 'sightline-design: 1\nid: consumer\n# a comment <kept>\ntitle: Consumer\n';
const svg = serializeSvg(
  heatmapScene(CARD, heatmapLayout(CARD, 800), {
    prefix: 'x',
    title: 'T',
    palette: EXPORT_PALETTE,
    activeCell: null,
  }),
);
const comparison = {
  evaluations: [EVALUATION, EVALUATION],
  differences: [
    {
      attack: 'plain-backup',
      party: 'attacker',
      marks: ['PHKM', 'KM'],
      axis: 'backup',
      text: 'backup: plain → e2ee-key turns attacker from PHKM to KM in plain-backup',
    },
  ],
};

describe('Architect exports', () => {
  it('HTML embeds the SVG, the table, findings with citations and tags, and the YAML escaped', () => {
    const html = htmlReport({ evaluation: EVALUATION, svg, yaml: YAML, comparison });
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(html).toContain('<th scope="col">Cloud backup provider</th>');
    expect(html).toContain('GDPR Art. 32 (Security of processing)');
    expect(html).toContain('information-disclosure');
    expect(html).toContain('BSP leak: needs a BSP; this design has none');
    expect(html).toContain('not legal advice');
    expect(html).toContain('backup: plain → e2ee-key turns attacker from PHKM to KM');
    expect(html).toContain('# a comment &lt;kept&gt;');
    expect(html).toContain(
      'plain-backup#base seed 1 journal 0123456789ab, step 10 (mallory-restores), event #186',
    );
  });

  it('Markdown carries the SVG as a data URI that decodes to the same drawing', () => {
    const md = markdownReport({ evaluation: EVALUATION, svg, yaml: YAML });
    const uri = /data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)/.exec(md);
    expect(uri).not.toBeNull();
    expect(new TextDecoder().decode(Uint8Array.from(atob(uri![1]!), (c) => c.charCodeAt(0)))).toBe(svg);
    expect(md).toContain('| A plain cloud backup | KM | M | PHKM |');
    expect(md).toContain('```yaml\n' + YAML.trimEnd() + '\n```');
    expect(md).not.toContain('Why the compared designs differ');
  });
});
