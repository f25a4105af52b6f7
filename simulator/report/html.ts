/**
 * The HTML report: one self-contained file (inline CSS, the matrix as inline SVG, no scripts, no
 * external assets, a CSP that forbids loading anything), so it can be mailed or attached to CI.
 * Every piece of author or run text is escaped.
 */
import type { RunBatch, RunEntry } from '../scenario/result.js';
import { runKey } from '../scenario/result.js';
import { formatDuration } from '../scenario/duration.js';
import { escapeHtml as h } from './escape.js';
import { renderMatrixSvg } from './svg-matrix.js';

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2.5rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
.ok{color:#1e7b34}.fail{color:#b42318}.error{color:#8a2be2}.meta{color:#555}.because{color:#555;font-style:italic}
code{background:#f4f4f4;padding:0 .2rem}.matrix-wrap{overflow-x:auto}`;

function status(entry: RunEntry): string {
  if (entry.error !== undefined) return '<span class="error">error</span>';
  return entry.result.valid ? '<span class="ok">✔ holds</span>' : '<span class="fail">✘ fails</span>';
}

function runSection(entry: RunEntry, index: number): string {
  const { result } = entry;
  const rows = result.expectations
    .map(
      (e) =>
        `<tr><td class="${e.ok ? 'ok' : 'fail'}">${e.ok ? '✔' : '✘'}</td><td><code>${h(e.id)}</code></td><td>${h(e.text)}` +
        (e.because === undefined ? '' : `<div class="because">because: ${h(e.because)}</div>`) +
        `</td><td>${h(e.detail)}</td><td>${e.location.line}:${e.location.column}</td></tr>`,
    )
    .join('\n');
  return `<section id="run-${index}">
<h2>${h(entry.title)} — ${h(result.variant)} <span class="meta">(${h(entry.variantTitle)})</span></h2>
<p class="meta"><code>${h(entry.file)}</code> · seed ${result.seed} · ${status(entry)} · ${result.summary.events} events · ends at ${h(formatDuration(result.summary.endTimeMs))}${result.journalHash ? ` · journal <code>${h(result.journalHash.slice(0, 16))}</code>` : ''}</p>
${entry.error === undefined ? '' : `<p class="error">The run failed: ${h(entry.error)}</p>`}
<h3>Expectations</h3>
${rows === '' ? '<p>None.</p>' : `<table><thead><tr><th></th><th>id</th><th>expectation</th><th>detail</th><th>line</th></tr></thead><tbody>\n${rows}\n</tbody></table>`}
<h3>Visibility matrix</h3>
<div class="matrix-wrap">${renderMatrixSvg(result.matrix, { title: `Visibility matrix of ${runKey(result)}` })}</div>
</section>`;
}

function invalidList(batch: RunBatch): string {
  const invalid = batch.invalid ?? [];
  if (invalid.length === 0) return '';
  const items = invalid
    .flatMap((file) =>
      file.problems.map(
        (p) =>
          `<li><code>${h(file.file)}:${p.line}:${p.column}</code>${p.path === '' ? '' : ` ${h(p.path)}`}: ${h(p.message)}</li>`,
      ),
    )
    .join('\n');
  return `<h2>Invalid scenario files (not run)</h2>\n<ul>\n${items}\n</ul>`;
}

/** Renders the batch as one self-contained HTML document. */
export function renderHtml(batch: RunBatch, options: { title?: string } = {}): string {
  const title = options.title ?? 'Sightline run report';
  const summary = batch.runs
    .map((entry, i) => {
      const { passed, total } = entry.result.summary.expectations;
      return `<tr><td><a href="#run-${i}">${h(runKey(entry.result))}</a></td><td>${h(entry.title)}</td><td>${entry.result.seed}</td><td>${passed}/${total}</td><td>${status(entry)}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${h(title)}</h1>
<p class="meta">sightline ${h(batch.tool)} · ${batch.runs.length} runs</p>
${invalidList(batch)}
<table><thead><tr><th>run</th><th>scenario</th><th>seed</th><th>expectations</th><th>result</th></tr></thead><tbody>
${summary}
</tbody></table>
${batch.runs.map(runSection).join('\n')}
</body>
</html>
`;
}
