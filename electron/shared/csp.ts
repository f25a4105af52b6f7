// The Content-Security-Policy of the renderer, shared by both hosts so they cannot drift apart. Scripts come only
// from the app itself (no inline script, no eval); nothing is fetched from anywhere else.
// style-src allows inline styles because Vue style bindings, D3 and CodeMirror set them; that permits no code.

export interface CspOptions {
  /** Extra connect-src sources, e.g. the web host's own ws:// origin (for browsers that do not map 'self'). */
  connect?: string[];
}

export function buildCsp(options: CspOptions = {}): string {
  const directives: [string, string[]][] = [
    ['default-src', ["'none'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'"]],
    ['connect-src', ["'self'", ...(options.connect ?? [])]],
    ['worker-src', ["'self'"]],
    ['manifest-src', ["'self'"]],
    ['media-src', ["'none'"]],
    ['object-src', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['child-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/**
 * Directives a browser ignores in a <meta> policy (CSP3 §3.3: frame-ancestors, report-uri, sandbox only work as
 * a response header) — Chromium logs a console error for each. Both hosts send the whole policy as the
 * Content-Security-Policy header; the meta copy leaves these out.
 */
const HEADER_ONLY_DIRECTIVES = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

/** The policy without the header-only directives, for a <meta> element. */
export function metaPolicy(csp: string): string {
  return csp
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d.length > 0 && !HEADER_ONLY_DIRECTIVES.has(d.split(/\s+/)[0]!))
    .join('; ');
}

/** The same policy as a meta tag, for the served index page (defence in depth beside the header). */
export function cspMetaTag(csp: string): string {
  return `<meta http-equiv="Content-Security-Policy" content="${metaPolicy(csp).replace(/"/g, '&quot;')}">`;
}

/** Headers every loopback host (browser-mode lab, workshop server) sends with each response. */
export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};
