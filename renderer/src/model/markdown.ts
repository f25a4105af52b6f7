// The small Markdown subset scenario authors use in summaries and notes (paragraphs, "- " lists, **bold**,
// *italic* / _italic_, `code`, [links](url)), parsed to a tree that components render as elements — never as
// HTML strings, so scenario text cannot inject markup. Anything else stays literal text. Pure.

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'strong'; children: Inline[] }
  | { type: 'em'; children: Inline[] }
  | { type: 'code'; text: string }
  | { type: 'link'; children: Inline[]; href: string };

export type Block = { type: 'paragraph'; children: Inline[] } | { type: 'list'; items: Inline[][] };

const LIST_ITEM = /^\s*[-*]\s+(.*)$/;

/** Inline spans of one line of text. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let plain = '';
  const flush = () => {
    if (plain) out.push({ type: 'text', text: plain });
    plain = '';
  };
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    let match: RegExpExecArray | null;
    if ((match = /^`([^`]+)`/.exec(rest))) {
      flush();
      out.push({ type: 'code', text: match[1]! });
    } else if ((match = /^\*\*(.+?)\*\*/.exec(rest)) || (match = /^__(.+?)__/.exec(rest))) {
      flush();
      out.push({ type: 'strong', children: parseInline(match[1]!) });
    } else if (
      (match = /^\*(?!\s)(.+?)\*(?!\*)/.exec(rest)) ||
      (match = /^_(?!\s)(.+?)_(?![A-Za-z0-9])/.exec(rest))
    ) {
      flush();
      out.push({ type: 'em', children: parseInline(match[1]!) });
    } else if ((match = /^\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/.exec(rest))) {
      flush();
      out.push({ type: 'link', children: parseInline(match[1]!), href: match[2]! });
    } else {
      plain += text[i];
      i++;
      continue;
    }
    i += match[0].length;
  }
  flush();
  return out;
}

/** Blocks of a Markdown text: paragraphs split on blank lines, consecutive "- " lines as one list. */
export function parseMarkdown(text: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let list: string[] | null = null;
  const endParagraph = () => {
    if (paragraph.length) blocks.push({ type: 'paragraph', children: parseInline(paragraph.join(' ')) });
    paragraph = [];
  };
  const endList = () => {
    if (list) blocks.push({ type: 'list', items: list.map(parseInline) });
    list = null;
  };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trimEnd();
    const item = LIST_ITEM.exec(line);
    if (line.trim() === '') {
      endParagraph();
      endList();
    } else if (item) {
      endParagraph();
      (list ??= []).push(item[1]!);
    } else if (list && /^\s{2,}\S/.test(raw)) {
      // A continuation line of the current list item.
      list[list.length - 1] += ` ${line.trim()}`;
    } else {
      endList();
      paragraph.push(line.trim());
    }
  }
  endParagraph();
  endList();
  return blocks;
}

/** Plain text of Markdown (for titles, tooltips and search). */
export function markdownToText(text: string): string {
  const flat = (nodes: Inline[]): string =>
    nodes.map((n) => (n.type === 'text' || n.type === 'code' ? n.text : flat(n.children))).join('');
  return parseMarkdown(text)
    .map((b) => (b.type === 'paragraph' ? flat(b.children) : b.items.map((i) => `• ${flat(i)}`).join('\n')))
    .join('\n');
}
