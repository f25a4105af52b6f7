/** Report renderers of a batch of runs: JSON, JUnit XML, SARIF 2.1.0, Markdown and HTML (+ SVG). */
export { renderJson, journalJsonl } from './json.js';
export { renderJunit } from './junit.js';
export { renderSarif, SARIF_SCHEMA } from './sarif.js';
export { renderMarkdown } from './markdown.js';
export { renderHtml } from './html.js';
export { renderMatrixSvg } from './svg-matrix.js';
export { renderMatrixText, renderDiffText } from './text.js';
export { escapeXml, escapeHtml, escapeMarkdown, fileUri } from './escape.js';
