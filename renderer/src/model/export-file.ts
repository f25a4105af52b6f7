// Saving what the user exports: report files from the service, and any drawn view as SVG or PNG. Files are handed
// to the browser as blob downloads (browser mode) or to Electron's save dialog (the same <a download> triggers
// it), so the renderer never needs file-system access. SVG export inlines computed styles (the page's CSS
// variables and theme do not travel with a standalone file) and copies referenced <defs> such as the level
// patterns.

/** Properties copied from computed style onto each exported SVG element. */
const SVG_STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'letter-spacing',
  'visibility',
  'display',
] as const;

/** Hand a blob to the browser as a download named `fileName`. */
export function saveBlob(blob: Blob, fileName: string, doc: Document = document): void {
  const url = URL.createObjectURL(blob);
  const a = doc.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  doc.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Save text content (a report) with its media type. */
export function saveText(content: string, fileName: string, mediaType: string): void {
  saveBlob(new Blob([content], { type: mediaType }), fileName);
}

/** A file-name-safe version of a title: `SIM swap / base` → `sim-swap-base`. */
export function fileSlug(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.length > 0 ? slug.slice(0, 80) : 'sightline';
}

function referencedIds(root: Element): Set<string> {
  const ids = new Set<string>();
  const re = /url\(\s*['"]?#([^'")\s]+)['"]?\s*\)/g;
  const scan = (value: string | null) => {
    if (!value) return;
    for (const match of value.matchAll(re)) ids.add(match[1]!);
  };
  for (const el of [root, ...root.querySelectorAll('*')]) {
    for (const attr of Array.from(el.attributes)) {
      scan(attr.value);
      if ((attr.name === 'href' || attr.name === 'xlink:href') && attr.value.startsWith('#'))
        ids.add(attr.value.slice(1));
    }
  }
  return ids;
}

/**
 * A standalone copy of a drawn view: computed styles inlined, referenced defs (patterns, markers) copied in,
 * explicit size and a background so the file looks as it does on screen.
 */
export function standaloneSvg(svg: SVGSVGElement, options: { background?: string } = {}): string {
  const doc = svg.ownerDocument;
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const view = doc.defaultView;
  if (view) {
    const sources = [svg, ...svg.querySelectorAll('*')];
    const targets = [clone, ...clone.querySelectorAll('*')];
    sources.forEach((source, i) => {
      const target = targets[i] as SVGElement | undefined;
      if (!target) return;
      const computed = view.getComputedStyle(source);
      const declarations = SVG_STYLE_PROPS.map((p) => [p, computed.getPropertyValue(p)] as const)
        .filter(([, v]) => v !== '')
        .map(([p, v]) => `${p}:${v}`)
        .join(';');
      if (declarations) target.setAttribute('style', `${declarations};${target.getAttribute('style') ?? ''}`);
    });
  }
  // Copy defs the drawing points at but does not contain (shared patterns live in one hidden <svg>).
  const missing = [...referencedIds(clone)].filter((id) => !clone.querySelector(`[id="${CSS.escape(id)}"]`));
  if (missing.length > 0) {
    const defs = doc.createElementNS('http://www.w3.org/2000/svg', 'defs');
    for (const id of missing) {
      const found = doc.getElementById(id);
      if (found) defs.appendChild(found.cloneNode(true));
    }
    clone.insertBefore(defs, clone.firstChild);
  }
  const box = svg.getBoundingClientRect();
  const width = Math.max(1, Math.round(box.width || Number(svg.getAttribute('width')) || 800));
  const height = Math.max(1, Math.round(box.height || Number(svg.getAttribute('height')) || 600));
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('xmlns:xlink', 'http://www.w3.org/1999/xlink');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  if (!clone.getAttribute('viewBox')) clone.setAttribute('viewBox', `0 0 ${width} ${height}`);
  if (options.background) {
    const rect = doc.createElementNS('http://www.w3.org/2000/svg', 'rect');
    rect.setAttribute('x', '0');
    rect.setAttribute('y', '0');
    rect.setAttribute('width', '100%');
    rect.setAttribute('height', '100%');
    rect.setAttribute('fill', options.background);
    clone.insertBefore(rect, clone.firstChild);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`;
}

export function exportSvg(svg: SVGSVGElement, fileName: string, background?: string): void {
  saveText(standaloneSvg(svg, background ? { background } : {}), fileName, 'image/svg+xml');
}

/** Rasterise a drawn view at `scale`× (2 by default, crisp on a projector) and save it as PNG. */
export async function exportPng(
  svg: SVGSVGElement,
  fileName: string,
  background: string,
  scale = 2,
): Promise<void> {
  const text = standaloneSvg(svg, { background });
  const box = svg.getBoundingClientRect();
  const width = Math.max(1, Math.round(box.width || 800));
  const height = Math.max(1, Math.round(box.height || 600));
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.decoding = 'async';
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('The drawing could not be rasterised.'));
      image.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = width * scale;
    canvas.height = height * scale;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('This browser cannot draw to a canvas.');
    context.scale(scale, scale);
    context.drawImage(image, 0, 0, width, height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('The PNG could not be encoded.');
    saveBlob(blob, fileName);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** The drawing to export from a view panel: `svg[data-export]` first, else its largest <svg> (icons excluded). */
export function findDrawing(panel: ParentNode | null): SVGSVGElement | null {
  if (!panel) return null;
  const marked = panel.querySelector<SVGSVGElement>('svg[data-export]');
  if (marked) return marked;
  let best: SVGSVGElement | null = null;
  let area = 0;
  for (const svg of panel.querySelectorAll<SVGSVGElement>('svg')) {
    const box = svg.getBoundingClientRect();
    if (box.width * box.height > area) {
      best = svg;
      area = box.width * box.height;
    }
  }
  return area > 2500 ? best : null;
}
