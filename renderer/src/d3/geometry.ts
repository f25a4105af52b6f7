// Small plane geometry for links: quadratic Bézier curves between nodes, points along them and their
// normals. Pure and allocation-light (called per packet per frame while scrubbing).

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** A quadratic Bézier from p0 through control c to p2. */
export interface Curve {
  readonly p0: Point;
  readonly c: Point;
  readonly p2: Point;
}

/** The point at parameter s ∈ [0, 1]. */
export function pointOn(curve: Curve, s: number): Point {
  const u = 1 - s;
  return {
    x: u * u * curve.p0.x + 2 * u * s * curve.c.x + s * s * curve.p2.x,
    y: u * u * curve.p0.y + 2 * u * s * curve.c.y + s * s * curve.p2.y,
  };
}

/** Unit normal (left of the direction of travel) at parameter s. */
export function normalAt(curve: Curve, s: number): Point {
  const dx = 2 * (1 - s) * (curve.c.x - curve.p0.x) + 2 * s * (curve.p2.x - curve.c.x);
  const dy = 2 * (1 - s) * (curve.c.y - curve.p0.y) + 2 * s * (curve.p2.y - curve.c.y);
  const len = Math.hypot(dx, dy) || 1;
  return { x: -dy / len, y: dx / len };
}

/** The curve the other way round. */
export function reversed(curve: Curve): Curve {
  return { p0: curve.p2, c: curve.c, p2: curve.p0 };
}

/** SVG path data of a curve. */
export function curvePath(curve: Curve): string {
  const f = (n: number) => String(Math.round(n * 10) / 10);
  return `M${f(curve.p0.x)},${f(curve.p0.y)} Q${f(curve.c.x)},${f(curve.c.y)} ${f(curve.p2.x)},${f(curve.p2.y)}`;
}

/** Moves `from` toward `to` by `distance`. */
export function towards(from: Point, to: Point, distance: number): Point {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const len = Math.hypot(dx, dy) || 1;
  return { x: from.x + (dx / len) * distance, y: from.y + (dy / len) * distance };
}

/** Shortest distance from point p to the curve, sampled. */
export function distanceToCurve(curve: Curve, p: Point, samples = 16): number {
  let best = Infinity;
  for (let i = 0; i <= samples; i++) {
    const q = pointOn(curve, i / samples);
    best = Math.min(best, Math.hypot(q.x - p.x, q.y - p.y));
  }
  return best;
}

/** The part of the curve from its start to parameter s (de Casteljau). */
export function subCurve(curve: Curve, s: number): Curve {
  const c = { x: curve.p0.x + (curve.c.x - curve.p0.x) * s, y: curve.p0.y + (curve.c.y - curve.p0.y) * s };
  return { p0: curve.p0, c, p2: pointOn(curve, s) };
}

/** The curve shifted sideways by `d` (left of travel): approximate, good for parallel lanes a few px apart. */
export function offsetCurve(curve: Curve, d: number): Curve {
  const n0 = normalAt(curve, 0);
  const n1 = normalAt(curve, 0.5);
  const n2 = normalAt(curve, 1);
  return {
    p0: { x: curve.p0.x + n0.x * d, y: curve.p0.y + n0.y * d },
    c: { x: curve.c.x + n1.x * d, y: curve.c.y + n1.y * d },
    p2: { x: curve.p2.x + n2.x * d, y: curve.p2.y + n2.y * d },
  };
}
