/**
 * Escaping for every output format. Scenario text (titles, notes, message labels, party names) is
 * author-controlled and ends up in XML, HTML, SVG and Markdown; nothing is written unescaped.
 */

/**
 * Characters XML 1.0 forbids (C0 controls except tab/newline/CR, lone surrogates, U+FFFE/U+FFFF):
 * removed, because no escape makes them legal and a JUnit file with one is unreadable.
 */
const XML_INVALID =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for XML/HTML/SVG element content and double- or single-quoted attributes. */
export function escapeXml(text: string): string {
  return text
    .replace(XML_INVALID, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** HTML uses the same rules (`&apos;` is valid HTML5). */
export const escapeHtml = escapeXml;

/**
 * Escapes inline Markdown text: HTML-significant characters become entities (Markdown renderers
 * pass raw HTML through), Markdown punctuation is backslash-escaped, and line breaks become spaces
 * so a value cannot break out of a table cell or a list item.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(XML_INVALID, '\uFFFD')
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~])/g, '\\$1');
}

/**
 * Escapes a multi-line Markdown block written by an author (trainer notes): HTML is neutralised,
 * Markdown formatting is kept, as notes are meant to be Markdown.
 */
export function escapeMarkdownBlock(text: string): string {
  return text
    .replace(XML_INVALID, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** `file.yaml` or `/abs/file.yaml` → a URI reference for SARIF (forward slashes, percent-encoded). */
export function fileUri(file: string): string {
  const slashed = file.replace(/\\/g, '/');
  const encoded = slashed
    .split('/')
    .map((segment) => (/^[A-Za-z]:$/.test(segment) ? segment : encodeURIComponent(segment)))
    .join('/');
  if (slashed.startsWith('/')) return `file://${encoded}`;
  if (/^[A-Za-z]:\//.test(slashed)) return `file:///${encoded}`;
  return encoded.replace(/^\.\//, '');
}
