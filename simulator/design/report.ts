/**
 * Design reports: scorecard and comparison as text, Markdown and HTML, and a design check as
 * JUnit and SARIF, reusing the report writers' escaping and SARIF schema (simulator/report).
 */
import { escapeMarkdown, escapeXml, fileUri, SARIF_SCHEMA } from '../report/index.js';
import type { ScenarioProblem } from '../scenario/errors.js';
import type { Comparison } from './compare.js';
import type { Finding, PolicyResult } from './compliance.js';
import type { Scorecard } from './scorecard.js';

/** The scorecard as a fixed-width grid for a terminal. */
export function renderScorecardText(card: Scorecard): string {
  const width = Math.max(6, ...card.rows.map((r) => r.attack.length));
  const head = `${'attack'.padEnd(width)}  ${card.roles.map((r) => r.slice(0, 6).padEnd(6)).join(' ')}`;
  const lines = card.rows.map((row) =>
    row.status === 'skipped'
      ? `${row.attack.padEnd(width)}  skipped: ${row.reason ?? ''}`
      : `${row.attack.padEnd(width)}  ${row.cells.map((c) => c.code.padEnd(6)).join(' ')}`,
  );
  return [`${card.design.title} (${card.design.id})`, head, ...lines, legend()].join('\n');
}

function legend(): string {
  return 'P plaintext · H history (readable backup) · K secret keys/codes · M metadata · – nothing';
}

/** The comparison as Markdown: one table per design pair of codes, then "why it differs". */
export function renderComparisonMarkdown(c: Comparison): string {
  const out: string[] = [`# Design comparison`, ''];
  out.push(
    c.designs
      .map(
        (d, i) => `${i === 0 ? 'Baseline' : `Design ${i + 1}`}: **${escapeMarkdown(d.title)}** (\`${d.id}\`)`,
      )
      .join('  \n'),
    '',
  );
  out.push(`| attack | ${c.roles.join(' | ')} |`, `|---|${c.roles.map(() => '---').join('|')}|`);
  for (const row of c.rows)
    out.push(
      `| ${row.attack} | ${c.roles.map((_, j) => row.codes.map((codes) => codes[j]).join(' / ')).join(' | ')} |`,
    );
  out.push('', legend(), '', '## Why it differs', '');
  if (c.differences.length === 0) out.push('No cell differs.');
  for (const d of c.differences)
    out.push(`- ${escapeMarkdown(d.text)}${c.designs.length > 2 ? ` (design ${d.design + 1})` : ''}`);
  return `${out.join('\n')}\n`;
}

/** The comparison as a self-contained HTML page with an SVG heatmap per design. */
export function renderComparisonHtml(c: Comparison): string {
  const level = (code: string): string =>
    code === 'skipped'
      ? '#ddd'
      : code.includes('P') || code.includes('H')
        ? '#d73027'
        : code.includes('K')
          ? '#fc8d59'
          : code.includes('M')
            ? '#fee08b'
            : '#e8f5e9';
  const svg = (i: number): string => {
    const cw = 56;
    const ch = 18;
    const left = 200;
    const top = 90;
    const cells = c.rows.flatMap((row, r) =>
      c.roles.map((role, j) => {
        const code = row.codes[i]![j]!;
        return `<rect x="${left + j * cw}" y="${top + r * ch}" width="${cw - 2}" height="${ch - 2}" fill="${level(code)}"><title>${escapeXml(`${row.attack} × ${role}: ${code}`)}</title></rect><text x="${left + j * cw + 4}" y="${top + r * ch + 13}" font-size="11">${escapeXml(code === 'skipped' ? 'skip' : code)}</text>`;
      }),
    );
    const rowLabels = c.rows.map(
      (row, r) => `<text x="4" y="${top + r * ch + 13}" font-size="11">${escapeXml(row.attack)}</text>`,
    );
    const colLabels = c.roles.map(
      (role, j) =>
        `<text transform="translate(${left + j * cw + 10},${top - 6}) rotate(-45)" font-size="11">${escapeXml(role)}</text>`,
    );
    const width = left + c.roles.length * cw + 10;
    const height = top + c.rows.length * ch + 10;
    return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeXml(c.designs[i]!.title)} heatmap" width="${width}" height="${height}">${colLabels.join('')}${rowLabels.join('')}${cells.join('')}</svg>`;
  };
  const diffs = c.differences.map((d) => `<li>${escapeXml(d.text)}</li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sightline design comparison</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}section{margin-bottom:2rem}</style></head>
<body><h1>Design comparison</h1>
${c.designs.map((d, i) => `<section><h2>${escapeXml(d.title)} <small>(${escapeXml(d.id)})</small></h2>${svg(i)}</section>`).join('\n')}
<p>${escapeXml(legend())}</p>
<h2>Why it differs</h2><ul>${diffs || '<li>No cell differs.</li>'}</ul>
</body></html>
`;
}

export interface CheckReport {
  readonly file: string;
  readonly design?: string;
  readonly errors: readonly ScenarioProblem[];
  readonly findings: readonly Finding[];
  readonly policy?: PolicyResult;
}

/** `design check` as JSON. */
export function renderCheckJson(report: CheckReport): string {
  return `${JSON.stringify({ format: 'sightline-design-check', version: 1, ...report }, null, 2)}\n`;
}

/** `design check` as JUnit: a test case per required rule (failed when it has findings), or one per error. */
export function renderCheckJunit(report: CheckReport): string {
  const cases: string[] = [];
  for (const e of report.errors)
    cases.push(
      `    <testcase classname="${escapeXml(report.file)}" name="${escapeXml(`valid design: ${e.path || 'file'}`)}"><error message="${escapeXml(`${e.file}:${e.line}:${e.column} ${e.path}: ${e.message}`)}"/></testcase>`,
    );
  const required = report.policy?.policy.require ?? [];
  for (const rule of required) {
    const hits = report.findings.filter((f) => f.rule === rule);
    const unknown = report.policy?.unknownRules.includes(rule) ?? false;
    const body = unknown
      ? `<failure message="unknown rule ${escapeXml(rule)}"/>`
      : hits.length > 0
        ? `<failure message="${escapeXml(`${hits.length} finding(s)`)}">${escapeXml(hits.map((h) => h.message).join('\n'))}</failure>`
        : '';
    cases.push(
      `    <testcase classname="${escapeXml(report.design ?? report.file)}" name="${escapeXml(rule)}">${body}</testcase>`,
    );
  }
  const failures = cases.filter((c) => c.includes('<failure')).length;
  const errors = report.errors.length;
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="sightline design check" tests="${cases.length}" failures="${failures}" errors="${errors}">
  <testsuite name="${escapeXml(report.file)}" tests="${cases.length}" failures="${failures}" errors="${errors}">
${cases.join('\n')}
  </testsuite>
</testsuites>
`;
}

/** `design check` as SARIF 2.1.0: located design errors and every finding (policy violations as errors). */
export function renderCheckSarif(report: CheckReport, version: string): string {
  const required = new Set(report.policy?.policy.require ?? []);
  const ruleIds = [...new Set(report.findings.map((f) => f.rule))];
  const results = [
    ...report.errors.map((e) => ({
      ruleId: 'design-invalid',
      level: 'error',
      message: { text: `${e.path ? `${e.path}: ` : ''}${e.message}` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: fileUri(e.file) },
            region: { startLine: e.line, startColumn: e.column },
          },
        },
      ],
    })),
    ...report.findings.map((f) => ({
      ruleId: f.rule,
      level: required.has(f.rule) ? 'error' : f.severity,
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: fileUri(report.file) },
            region: { startLine: 1, startColumn: 1 },
          },
        },
      ],
      properties: {
        attack: f.attack,
        role: f.role,
        party: f.party,
        linddun: f.linddun,
        stride: f.stride,
        evidence: f.evidence,
      },
    })),
  ];
  const rules = [
    { id: 'design-invalid', shortDescription: { text: 'The design file is invalid' } },
    ...ruleIds.map((id) => {
      const f = report.findings.find((x) => x.rule === id)!;
      return {
        id,
        shortDescription: { text: f.title },
        helpUri: f.citation.url,
        properties: { citation: `${f.citation.source} ${f.citation.ref}`, tags: [...f.linddun, ...f.stride] },
      };
    }),
  ];
  return `${JSON.stringify(
    {
      $schema: SARIF_SCHEMA,
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'sightline design check', version, rules } }, results }],
    },
    null,
    2,
  )}\n`;
}
