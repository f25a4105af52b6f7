/**
 * Compares 2–4 designs: their scorecards side by side, and for every cell that differs from the
 * first (baseline) design, the axis responsible. The axis is found by re-evaluating the baseline
 * with that single axis set to the other design's value (incrementally: only attacks the axis
 * touches re-run) and seeing which flips reproduce the change — not by a hand-written table.
 */
import { DESIGN_AXES, axisValue, formatAxisValue, withAxis, type DesignAxis } from './axes.js';
import { evaluateDesign, type EvaluateOptions } from './evaluate.js';
import type { Design } from './schema.js';
import type { Role, Scorecard } from './scorecard.js';

export interface AxisChange {
  readonly axis: string;
  readonly label: string;
  readonly from: string;
  readonly to: string;
}

/** One changed cell between the baseline and another design, with the axes that explain it. */
export interface Difference {
  readonly attack: string;
  readonly role: Role;
  /** Index of the other design in the comparison (1…3). */
  readonly design: number;
  readonly from: string;
  readonly to: string;
  /** Axes whose single change turns the baseline cell into this one (or at least changes it). */
  readonly axes: readonly AxisChange[];
  /** `exact` — one axis alone gives the new cell; `partial` — it changes the cell but not to the same value; `combined` — no single axis changes it. */
  readonly explanation: 'exact' | 'partial' | 'combined';
  /** E.g. `backup: plain → e2ee-key turns attacker from PHKM to PKM in plain-backup`. */
  readonly text: string;
}

export interface ComparisonRow {
  readonly attack: string;
  readonly title: string;
  /** Per design, `skipped` or the row's cells (codes by role). */
  readonly status: readonly ('ran' | 'skipped')[];
  readonly codes: readonly (readonly string[])[];
}

export interface Comparison {
  readonly format: 'sightline-comparison';
  readonly version: 1;
  readonly designs: readonly { readonly id: string; readonly title: string }[];
  readonly roles: readonly Role[];
  readonly scorecards: readonly Scorecard[];
  readonly rows: readonly ComparisonRow[];
  /** Axes that differ from the baseline, per other design. */
  readonly axisChanges: readonly (readonly AxisChange[])[];
  readonly differences: readonly Difference[];
}

export type CompareOptions = Omit<EvaluateOptions, 'previous' | 'onRun'> & {
  /** Scorecards already computed for the designs (same order), to avoid re-running them. */
  readonly scorecards?: readonly Scorecard[];
};

function codeAt(card: Scorecard, attack: string, role: Role): string {
  const row = card.rows.find((r) => r.attack === attack);
  if (row === undefined || row.status === 'skipped') return 'skipped';
  return row.cells.find((c) => c.role === role)?.code ?? '–';
}

function changedAxes(a: Design, b: Design): { axis: DesignAxis; change: AxisChange }[] {
  return DESIGN_AXES.filter((axis) => axisValue(a, axis) !== axisValue(b, axis)).map((axis) => ({
    axis,
    change: {
      axis: axis.id,
      label: axis.label,
      from: formatAxisValue(axisValue(a, axis)),
      to: formatAxisValue(axisValue(b, axis)),
    },
  }));
}

function roleLabel(role: Role): string {
  return role === 'backup-provider' ? 'cloud backup provider' : role;
}

/** Compares 2–4 designs (the first is the baseline). @throws Error for fewer than 2 or more than 4. */
export function compareDesigns(designs: readonly Design[], options: CompareOptions): Comparison {
  if (designs.length < 2 || designs.length > 4) throw new Error('compare 2 to 4 designs');
  const evaluate = (design: Design, previous?: Scorecard): Scorecard =>
    evaluateDesign(design, {
      library: options.library,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.crypto === undefined ? {} : { crypto: options.crypto }),
      ...(previous === undefined ? {} : { previous }),
    });
  const cards = designs.map((d, i) => options.scorecards?.[i] ?? evaluate(d));
  const baseline = cards[0]!;
  const roles = baseline.roles;
  const differences: Difference[] = [];
  const axisChanges: AxisChange[][] = [];

  designs.slice(1).forEach((design, offset) => {
    const index = offset + 1;
    const other = cards[index]!;
    const axes = changedAxes(designs[0]!, design);
    axisChanges.push(axes.map((a) => a.change));
    const flips = axes.map(({ axis, change }) => ({
      change,
      card: evaluate(withAxis(designs[0]!, axis, axisValue(design, axis)), baseline),
    }));
    for (const row of baseline.rows) {
      for (const role of roles) {
        const from = codeAt(baseline, row.attack, role);
        const to = codeAt(other, row.attack, role);
        if (from === to) continue;
        const exact = flips.filter((f) => codeAt(f.card, row.attack, role) === to).map((f) => f.change);
        const partial = flips.filter((f) => codeAt(f.card, row.attack, role) !== from).map((f) => f.change);
        const explanation = exact.length > 0 ? 'exact' : partial.length > 0 ? 'partial' : 'combined';
        const used = exact.length > 0 ? exact : partial.length > 0 ? partial : axes.map((a) => a.change);
        const because = used.map((c) => `${c.label}: ${c.from} → ${c.to}`).join(' + ');
        const combined = explanation === 'combined' ? ' (only together)' : '';
        differences.push({
          attack: row.attack,
          role,
          design: index,
          from,
          to,
          axes: used,
          explanation,
          text: `${because}${combined} turns ${roleLabel(role)} from ${from} to ${to} in ${row.attack}`,
        });
      }
    }
  });

  const rows: ComparisonRow[] = baseline.rows.map((row) => ({
    attack: row.attack,
    title: row.title,
    status: cards.map((c) => c.rows.find((r) => r.attack === row.attack)?.status ?? 'skipped'),
    codes: cards.map((c) => roles.map((role) => codeAt(c, row.attack, role))),
  }));
  return {
    format: 'sightline-comparison',
    version: 1,
    designs: designs.map((d) => ({ id: d.id, title: d.title })),
    roles,
    scorecards: cards,
    rows,
    axisChanges,
    differences,
  };
}
