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

/** The same policy as a meta tag, for the served index page (defence in depth beside the header). */
export function cspMetaTag(csp: string): string {
  return `<meta http-equiv="Content-Security-Policy" content="${csp.replace(/"/g, '&quot;')}">`;
}
