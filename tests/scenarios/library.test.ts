/**
 * The built-in scenario library (scenarios/*.yaml) as a regression suite: every scenario and variant
 * runs, every expectation holds, and the run's golden summary (scenarios/golden/) is unchanged — so a
 * change to who sees what is a reviewed diff (regenerate with `npx tsx scripts/update-golden.ts`).
 * It also checks what a trainer relies on: each scenario has a summary, references with URLs and at
 * least one variant, and the catalog's S1–S22 are all there.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../simulator/scenario/loader.js';
import { variantIds } from '../../simulator/scenario/variants.js';
import { classifyItem } from '../../simulator/scenario/runtime/item-catalog.js';
import {
  GOLDEN_DIR,
  goldenPath,
  libraryFiles,
  loadLibraryFile,
  renderGoldenSummary,
  runLibraryVariant,
} from '../../scripts/golden-summary.js';

const files = libraryFiles();
const loaded = files.map((file) => ({ file, loaded: loadLibraryFile(file) }));
const UPDATE = 'review the change, then run `npx tsx scripts/update-golden.ts`';
const NO_LOOKUP = { ownerOf: () => undefined, participants: () => undefined };

describe('the scenario library', () => {
  it('holds at least the 22 catalog scenarios, one per file, named <nn>-<kebab-id>.yaml', () => {
    expect(files.length).toBeGreaterThanOrEqual(22);
    for (const { file } of loaded) expect(basename(file)).toMatch(/^\d{2}-[a-z0-9]+(-[a-z0-9]+)*\.yaml$/);
    const tags = new Set(loaded.flatMap(({ loaded: l }) => l.scenario.tags));
    const missing = Array.from({ length: 22 }, (_, i) => `s${i + 1}`).filter((tag) => !tags.has(tag));
    expect(missing, 'catalog scenarios without a scenario tagged with their number').toEqual([]);
    const ids = loaded.map(({ loaded: l }) => l.scenario.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives every scenario a trainer summary, notes, cited references and variants', () => {
    for (const { file, loaded: l } of loaded) {
      const { scenario } = l;
      expect(scenario.summary.length, `${file}: summary`).toBeGreaterThan(80);
      expect(scenario.notes?.trim().length ?? 0, `${file}: notes`).toBeGreaterThan(0);
      expect(scenario.references.length, `${file}: references`).toBeGreaterThan(0);
      for (const reference of scenario.references) {
        expect(reference.url, `${file}: reference "${reference.title}" has no URL`).toMatch(/^https:\/\//);
      }
      expect(scenario.variants.length, `${file}: variants`).toBeGreaterThan(0);
      expect(scenario.steps.length, `${file}: steps`).toBeGreaterThan(0);
      expect(scenario.expectations.length, `${file}: expectations`).toBeGreaterThan(0);
    }
  });

  it('has a golden summary for every run and no stale ones', () => {
    const wanted = new Set(
      loaded.flatMap(({ file, loaded: l }) => variantIds(l.scenario).map((v) => goldenPath(file, v))),
    );
    const present = readdirSync(GOLDEN_DIR)
      .filter((name) => name.endsWith('.txt'))
      .map((name) => join(GOLDEN_DIR, name));
    expect(
      present.filter((path) => !wanted.has(path)),
      `stale golden files — ${UPDATE}`,
    ).toEqual([]);
    expect(
      [...wanted].filter((path) => !existsSync(path)),
      `missing golden files — ${UPDATE}`,
    ).toEqual([]);
  });

  for (const { file, loaded: l } of loaded) {
    it(`${basename(file)}: every variant holds and matches its golden summary`, () => {
      for (const variant of variantIds(l.scenario)) {
        const result = runLibraryVariant(l, variant);
        const failed = result.expectations.filter((e) => !e.ok).map((e) => `${e.id}: ${e.detail}`);
        expect(failed, `${l.scenario.id}#${variant}: failing expectations`).toEqual([]);
        const unselectable = result.ledger.items.filter(
          (item) => classifyItem(item, NO_LOOKUP).kind === undefined,
        );
        expect(
          unselectable.map((item) => item.id),
          `${l.scenario.id}#${variant}: ledger items no \`item: {kind}\` selects — add them to runtime/item-catalog.ts`,
        ).toEqual([]);
        const path = goldenPath(file, variant);
        const golden = existsSync(path) ? readFileSync(path, 'utf8') : '';
        expect(renderGoldenSummary(file, l, result), `${path} differs — ${UPDATE}`).toBe(golden);
      }
    });
  }

  it('runs the worked example of docs/scenarios.md as printed, every variant holding', () => {
    const guide = readFileSync('docs/scenarios.md', 'utf8');
    const block = /<!-- worked-example -->\s*```yaml\n([\s\S]*?)```/.exec(guide)?.[1];
    expect(block, 'docs/scenarios.md has a yaml block after <!-- worked-example -->').toBeDefined();
    const example = loadScenario(block!, 'docs/scenarios.md');
    expect(variantIds(example.scenario)).toEqual(['base', 'notified', 'blocking']);
    for (const variant of variantIds(example.scenario)) {
      const result = runLibraryVariant(example, variant);
      const failed = result.expectations.filter((e) => !e.ok).map((e) => `${e.id}: ${e.detail}`);
      expect(failed, `worked example #${variant}`).toEqual([]);
    }
  });
});
