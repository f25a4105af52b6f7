// Serving the built renderer from a directory, for both hosts: safe path resolution (nothing outside the root),
// content types, head injection for the index page, and a placeholder page when the renderer is not built.
import { readFileSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Map a URL path to a file under `root`, or null. Encoded separators, `..` segments and NUL bytes are refused;
 * a path without an extension that names no file falls back to index.html (client-side routes).
 */
export function resolveStatic(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '..' || s === '.')) return null;
  const base = resolve(root);
  const candidate = resolve(base, ...segments);
  if (candidate !== base && !candidate.startsWith(base + sep)) return null;
  if (segments.length === 0) return isFile(join(base, 'index.html')) ? join(base, 'index.html') : null;
  if (isFile(candidate)) return candidate;
  if (extname(candidate) === '' && isFile(join(base, 'index.html'))) return join(base, 'index.html');
  return null;
}

export function rendererIsBuilt(root: string): boolean {
  return isFile(join(resolve(root), 'index.html'));
}

/** Insert tags right after `<head>` (or at the top if the page has no head). */
export function injectHead(html: string, tags: string): string {
  const match = /<head[^>]*>/i.exec(html);
  if (!match) return `${tags}\n${html}`;
  const at = match.index + match[0].length;
  return `${html.slice(0, at)}\n${tags}${html.slice(at)}`;
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

/** Shown when dist/renderer has no index.html: says what is missing and how to build it. No script. */
export function placeholderPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Sightline</title>
</head>
<body>
<main>
<h1>Sightline lab service is running</h1>
<p>The user interface has not been built yet, so there is nothing to show here.
Build the renderer into <code>dist/renderer</code> and reload this page.</p>
<p>The lab service itself is up: its calls answer at <code>POST /api/&lt;call&gt;</code>
and its events stream over a WebSocket at <code>/api/events</code>, with this launch's token.</p>
</main>
</body>
</html>
`;
}
