// Exports of an evaluated design (issue 13: "export HTML/Markdown with the SVG embedded"): the heatmap as a
// standalone SVG (concrete colours, EXPORT_PALETTE), the scorecard as a table, the findings with their
// citations and tags, skipped attacks with the reason, and the design's YAML exactly as written, so the file
// can be read, archived or attached to a review on its own. Pure; tests/unit/architect-report.test.ts.
import type {
  DesignComparison,
  DesignEvaluation,
  Evidence,
  Finding,
  Scorecard,
} from '../../../../electron/contract-design.js';

export interface ReportInput {
  evaluation: DesignEvaluation;
  /** The heatmap as standalone SVG markup. */
  svg: string;
  /** The design's YAML text as the user wrote it. */
  yaml: string;
  /** Added when the export comes from a comparison. */
  comparison?: DesignComparison;
}

const NOT_LEGAL_ADVICE =
  'The compliance lens is an aid for design reviews, not legal advice: it reports what the simulated ledger ' +
  'shows (who held which plaintext, metadata or keys, where and for how long), not whether a deployment complies.';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Markdown table cells: pipes and newlines would break the row. */
function md(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function evidenceText(e: Evidence): string {
  const step = e.step === null ? 'from the start' : `step ${e.step}${e.stepLabel ? ` (${e.stepLabel})` : ''}`;
  const event = e.event === null ? '' : `, event #${e.event}`;
  return `${e.run}, ${step}${event}: ${e.detail}`;
}

function citationText(f: Finding): string {
  return f.citations.map((c) => `${c.framework} ${c.ref} (${c.title})`).join('; ');
}

function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function partyLabel(card: Scorecard, id: string): string {
  return card.parties.find((p) => p.id === id)?.label ?? id;
}

function attackTitle(card: Scorecard, id: string): string {
  return card.attacks.find((a) => a.id === id)?.title ?? id;
}

export function markdownReport(input: ReportInput): string {
  const { scorecard: card, findings } = input.evaluation;
  const applies = card.attacks.filter((a) => a.applies);
  const cells = new Map(card.cells.map((c) => [`${c.attack}|${c.party}`, c]));
  const lines: string[] = [
    `# ${card.title} — design scorecard`,
    '',
    `Design \`${card.designId}\`, seed ${card.seed}, scorecard digest \`${card.digest}\`.`,
    '',
    `![Heatmap: attacks × parties](data:image/svg+xml;base64,${base64Utf8(input.svg)})`,
    '',
    '## Scorecard',
    '',
    `| Attack | ${card.parties.map((p) => md(p.label)).join(' | ')} |`,
    `| --- | ${card.parties.map(() => '---').join(' | ')} |`,
    ...applies.map(
      (a) =>
        `| ${md(a.title)} | ${card.parties.map((p) => md(cells.get(`${a.id}|${p.id}`)?.mark ?? '?')).join(' | ')} |`,
    ),
    '',
  ];
  const skipped = card.attacks.filter((a) => !a.applies);
  if (skipped.length > 0) {
    lines.push('Skipped attacks:', '', ...skipped.map((a) => `- ${a.title}: ${a.reason}`), '');
  }
  lines.push('## Findings', '');
  if (findings.length === 0) lines.push('No compliance-lens finding for this design.', '');
  for (const f of findings) {
    lines.push(
      `### ${f.title} (${f.severity})`,
      '',
      f.detail,
      '',
      `- Cites: ${citationText(f)}`,
      `- LINDDUN: ${f.linddun.join(', ') || '—'} · STRIDE: ${f.stride.join(', ') || '—'}`,
      ...(f.party ? [`- Party: ${partyLabel(card, f.party)}`] : []),
      ...f.evidence.map((e) => `- Evidence: ${evidenceText(e)}`),
      '',
    );
  }
  lines.push(`> ${NOT_LEGAL_ADVICE}`, '');
  if (input.comparison) {
    lines.push('## Why the compared designs differ', '');
    const titles = input.comparison.evaluations.map((e) => e.scorecard.title);
    lines.push(`Designs: ${titles.map((t, i) => `${i + 1}. ${t}`).join(', ')}`, '');
    if (input.comparison.differences.length === 0) lines.push('No cell differs.', '');
    for (const d of input.comparison.differences) {
      lines.push(
        `- ${attackTitle(card, d.attack)} / ${partyLabel(card, d.party)}: ${d.marks.join(' → ')} — ${d.text}`,
      );
    }
    lines.push('');
  }
  lines.push('## Design (YAML)', '', '```yaml', input.yaml.replace(/\n$/, ''), '```', '');
  return lines.join('\n');
}

export function htmlReport(input: ReportInput): string {
  const { scorecard: card, findings } = input.evaluation;
  const skipped = card.attacks.filter((a) => !a.applies);
  const applies = card.attacks.filter((a) => a.applies);
  const cells = new Map(card.cells.map((c) => [`${c.attack}|${c.party}`, c]));
  const table = [
    '<table><thead><tr><th scope="col">Attack</th>',
    ...card.parties.map((p) => `<th scope="col">${esc(p.label)}</th>`),
    '</tr></thead><tbody>',
    ...applies.map(
      (a) =>
        `<tr><th scope="row">${esc(a.title)}</th>${card.parties
          .map((p) => {
            const c = cells.get(`${a.id}|${p.id}`);
            return `<td title="${esc(c?.label ?? '')}">${esc(c?.mark ?? '?')} <span class="l">${esc(c?.label ?? '')}</span></td>`;
          })
          .join('')}</tr>`,
    ),
    '</tbody></table>',
  ].join('');
  const findingHtml =
    findings.length === 0
      ? '<p>No compliance-lens finding for this design.</p>'
      : findings
          .map(
            (f) =>
              `<section class="finding"><h3>${esc(f.title)} <small>${esc(f.severity)}</small></h3><p>${esc(f.detail)}</p>` +
              `<p><strong>Cites:</strong> ${esc(citationText(f))}</p>` +
              `<p><strong>LINDDUN:</strong> ${esc(f.linddun.join(', ') || '—')} · <strong>STRIDE:</strong> ${esc(f.stride.join(', ') || '—')}</p>` +
              (f.evidence.length
                ? `<ul>${f.evidence.map((e) => `<li>${esc(evidenceText(e))}</li>`).join('')}</ul>`
                : '') +
              '</section>',
          )
          .join('');
  const comparison = input.comparison
    ? `<h2>Why the compared designs differ</h2><p>${input.comparison.evaluations
        .map((e, i) => `${i + 1}. ${esc(e.scorecard.title)}`)
        .join(', ')}</p><ul>${
        input.comparison.differences
          .map(
            (d) =>
              `<li>${esc(attackTitle(card, d.attack))} / ${esc(partyLabel(card, d.party))}: ${esc(d.marks.join(' → '))} — ${esc(d.text)}</li>`,
          )
          .join('') || '<li>No cell differs.</li>'
      }</ul>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(card.title)} — design scorecard</title>
<style>body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#141a22}
table{border-collapse:collapse}th,td{border:1px solid #d5dae1;padding:.3rem .5rem;text-align:left}
td .l{color:#4d5866;font-size:.85em}.finding{border-left:4px solid #d55e00;padding-left:1rem}
pre{background:#f3f5f8;padding:1rem;overflow:auto}.note{color:#4d5866}</style></head><body>
<h1>${esc(card.title)} — design scorecard</h1>
<p>Design <code>${esc(card.designId)}</code>, seed ${card.seed}, scorecard digest <code>${esc(card.digest)}</code>.</p>
<figure>${input.svg}<figcaption>Attacks × parties: what each party ends each attack with.</figcaption></figure>
<h2>Scorecard</h2>${table}
${skipped.length ? `<p>Skipped attacks:</p><ul>${skipped.map((a) => `<li>${esc(a.title)}: ${esc(a.reason)}</li>`).join('')}</ul>` : ''}
<h2>Findings</h2>${findingHtml}
<p class="note">${esc(NOT_LEGAL_ADVICE)}</p>
${comparison}
<h2>Design (YAML)</h2><pre><code>${esc(input.yaml)}</code></pre>
</body></html>
`;
}
