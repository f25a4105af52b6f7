// What "ciphertext it cannot read" looks like on screen. A run records who held encrypted bytes and how many
// (frame sizes), not the bytes themselves, so the hex shown is a stand-in derived from the item and the holder:
// stable from run to run, different per holder, and labelled as a stand-in wherever it appears. It is not a
// hash of anything secret and no crypto code is involved (FNV-1a and xorshift, display only). Pure.

/** How the stand-in is described next to it. */
export const STAND_IN_NOTE =
  'Stand-in bytes for display: the run records who held ciphertext and its size, not the bytes.';

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h >>> 0;
}

/** `byteCount` stand-in bytes as hex, grouped by two bytes: `3f9a 1c07 …`. Same inputs, same output. */
export function standInHex(itemId: string, holder: string, byteCount = 16): string {
  let x = fnv1a(`${itemId}\u0000${holder}`) || 0x9e3779b9;
  const groups: string[] = [];
  let group = '';
  for (let i = 0; i < byteCount; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    group += (x & 0xff).toString(16).padStart(2, '0');
    if (group.length === 4) {
      groups.push(group);
      group = '';
    }
  }
  if (group) groups.push(group);
  return groups.join(' ');
}

/** `1234` → `1,234` (toLocaleString builds a formatter per call: too slow for every frame of a scrub). */
function thousands(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const previews = new Map<string, string>();
const PREVIEW_CACHE_MAX = 20_000;

/** The stand-in, truncated for a card: `3f9a 1c07 5be2 90d4 …` plus the real size when known. */
export function cipherPreview(
  itemId: string,
  holder: string,
  size: number | null,
): { hex: string; size: string | null } {
  const key = `${itemId}\u0000${holder}`;
  let hex = previews.get(key);
  if (hex === undefined) {
    // Memoized: the party view asks again every time the party learns something while the timeline plays.
    if (previews.size >= PREVIEW_CACHE_MAX) previews.clear();
    hex = `${standInHex(itemId, holder, 12)} …`;
    previews.set(key, hex);
  }
  return { hex, size: size === null ? null : `${thousands(size)} bytes on the wire` };
}
