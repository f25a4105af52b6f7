// Report renderers used when the engine brings none of its own (simulator/report/ is preferred when present):
// the run's identity, its verdict and each expectation's outcome, in Markdown, HTML, JSON and JUnit XML.
import type { ReportFormat, RunRecord } from '../../contract.js';
import { escapeMarkdownCell, escapeMarkup } from './escape.js';

function verdict(run: RunRecord): string {
  return run.valid
    ? 'valid: every expectation held'
    : `invalid: ${run.expectationsFailed} expectation(s) failed`;
}

function markdown(run: RunRecord): string {
  const lines = [
    `# ${run.scenarioTitle}`,
    '',
    `- Scenario: \`${run.scenarioId}\`, variant \`${run.variant}\`, seed ${run.seed}`,
    `- Journal: ${run.journalLength} events, SHA-256 \`${run.journalHash}\``,
    `- Verdict: **${verdict(run)}**`,
    '',
    '| | Expectation | Detail |',
    '|---|---|---|',
    ...run.expectations.map(
      (e) =>
        `| ${e.ok ? 'pass' : 'FAIL'} | ${escapeMarkdownCell(e.text)} | ${escapeMarkdownCell(e.detail)} |`,
    ),
    '',
  ];
  return lines.join('\n');
}

function html(run: RunRecord): string {
  const rows = run.expectations
    .map(
      (e) =>
        `<tr class="${e.ok ? 'pass' : 'fail'}"><td>${e.ok ? 'pass' : 'FAIL'}</td><td>${escapeMarkup(e.text)}</td>` +
        `<td>${escapeMarkup(e.detail)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeMarkup(run.scenarioTitle)} — Sightline report</title>
<style>body{font:14px/1.5 system-ui,sans-serif;margin:2rem;max-width:60rem}table{border-collapse:collapse;width:100%}
td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left}.fail td:first-child{color:#b00020;font-weight:bold}
.pass td:first-child{color:#1b5e20}code{font-size:90%}</style>
</head>
<body>
<h1>${escapeMarkup(run.scenarioTitle)}</h1>
<p>Scenario <code>${escapeMarkup(run.scenarioId)}</code>, variant <code>${escapeMarkup(run.variant)}</code>,
seed ${run.seed}. Journal: ${run.journalLength} events, SHA-256 <code>${escapeMarkup(run.journalHash)}</code>.</p>
<p><strong>${escapeMarkup(verdict(run))}</strong></p>
<table>
<thead><tr><th></th><th>Expectation</th><th>Detail</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body>
</html>
`;
}

function json(run: RunRecord): string {
  const { scenarioText: _text, ...rest } = run;
  return `${JSON.stringify(rest, null, 2)}\n`;
}

function junit(run: RunRecord): string {
  const name = escapeMarkup(`${run.scenarioId} [${run.variant}] seed=${run.seed}`);
  const cases = run.expectations
    .map((e) => {
      const open = `  <testcase classname="${escapeMarkup(run.scenarioId)}.${escapeMarkup(run.variant)}" name="${escapeMarkup(`${e.id}: ${e.text}`)}">`;
      if (e.ok) return `${open}</testcase>`;
      return `${open}\n    <failure message="${escapeMarkup(e.detail)}" type="${escapeMarkup(e.kind)}">${escapeMarkup(e.detail)}</failure>\n  </testcase>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="sightline" tests="${run.expectations.length}" failures="${run.expectationsFailed}">
<testsuite name="${name}" tests="${run.expectations.length}" failures="${run.expectationsFailed}" errors="0" skipped="0">
${cases}
</testsuite>
</testsuites>
`;
}

export function renderFallbackReport(run: RunRecord, format: ReportFormat): string {
  switch (format) {
    case 'markdown':
      return markdown(run);
    case 'html':
      return html(run);
    case 'json':
      return json(run);
    case 'junit':
      return junit(run);
  }
}
