// Escaping for the fallback report renderers: every string from a run or a scenario is untrusted text.

/** Escape for HTML text and double-quoted attributes, and XML (JUnit) alike. */
export function escapeMarkup(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    // C0 controls other than tab, newline and carriage return are not allowed in XML 1.0: drop them.
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) continue;
    out += ESCAPES[ch] ?? ch;
  }
  return out;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escape for a Markdown table cell: pipes split cells and newlines end rows. */
export function escapeMarkdownCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
