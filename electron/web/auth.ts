// Who may talk to the web host: requests must name a loopback host (defeats DNS rebinding), come from our own
// origin if they come from a page at all (defeats cross-site requests), and carry this launch's random token
// (defeats every other local process and page).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_HEADER, TOKEN_QUERY } from '../contract.js';

/** A fresh token per launch: 256 bits, URL-safe. */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison (through digests, so lengths may differ). */
export function tokensMatch(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

/**
 * The Host header values we answer to. A wildcard bind (an explicit opt-in to the LAN) cannot know its own
 * names, so it answers to any Host; the token still guards it.
 */
export function hostAllowList(bindHost: string, port: number): Set<string> | 'any' {
  if (WILDCARDS.has(bindHost)) return 'any';
  const names = new Set(LOOPBACK_NAMES);
  names.add(bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost);
  return new Set([...names].map((name) => `${name}:${port}`));
}

export function hostAllowed(allow: Set<string> | 'any', host: string | undefined): boolean {
  if (!host) return false;
  return allow === 'any' || allow.has(host.toLowerCase());
}

/** No Origin (not from a page, or a same-origin GET) is fine; otherwise it must be one of our own. */
export function originAllowed(allow: Set<string> | 'any', origin: string | undefined): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:') return false;
  return hostAllowed(allow, url.host);
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  const header = headerValue(req, 'cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The cookie that lets the page's own asset requests through; named per port since cookies ignore ports. */
export function tokenCookieName(port: number): string {
  return `sightline_token_${port}`;
}

export interface PresentedToken {
  value: string | undefined;
  via: 'header' | 'query' | 'cookie' | 'none';
}

/** The token a request carries: header, `Authorization: Bearer`, query, or (if allowed) the cookie. */
export function presentedToken(req: IncomingMessage, url: URL, cookieName: string | null): PresentedToken {
  const header = headerValue(req, TOKEN_HEADER);
  if (header) return { value: header, via: 'header' };
  const auth = headerValue(req, 'authorization');
  if (auth?.startsWith('Bearer ')) return { value: auth.slice(7).trim(), via: 'header' };
  const query = url.searchParams.get(TOKEN_QUERY);
  if (query) return { value: query, via: 'query' };
  if (cookieName) {
    const cookie = cookieValue(req, cookieName);
    if (cookie) return { value: cookie, via: 'cookie' };
  }
  return { value: undefined, via: 'none' };
}
