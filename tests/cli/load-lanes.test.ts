/**
 * `--jobs N` loads the inputs on every lane (pool.ts `loadOnLanes`): the main thread and each
 * worker, once it is up, take the next file. What comes back must be what loading the file in the
 * main thread gives (a structured clone of plain data), in file order, for good and bad files alike.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { collectRunInputs, loadScenarioFile } from '../../simulator/cli/files.js';
import { loadOnLanes, startWorkers } from '../../simulator/cli/pool.js';
import { workerBundleUrl } from '../../simulator/cli/worker-bundle.js';
import { REPO_ROOT } from '../fixtures/scenarios/cli-harness.js';

const pool = startWorkers(await workerBundleUrl(), 2);
afterAll(() => pool.destroy());

describe('loadOnLanes', () => {
  it('gives every file’s outcome in file order, the same as loading it here, with the worker taking a share', async () => {
    const { files } = await collectRunInputs(
      ['scenarios/', 'tests/fixtures/scenarios/bad', 'tests/fixtures/scenarios/good'],
      REPO_ROOT,
    );
    expect(files.length).toBeGreaterThan(40);
    await pool.run(undefined, { name: 'ready' });
    const before = pool.completed;
    const outcomes = await loadOnLanes(files, REPO_ROOT, Promise.resolve(pool));
    const here = await Promise.all(files.map((file) => loadScenarioFile(file, REPO_ROOT)));
    expect(outcomes.map((o) => o.file)).toEqual(files);
    expect(outcomes).toEqual(here);
    expect(outcomes.some((o) => !o.ok)).toBe(true);
    // The worker loaded some of the files (the rest were loaded on this thread).
    expect(pool.completed - before).toBeGreaterThan(0);
    expect(pool.completed - before).toBeLessThan(files.length);
  });

  it('loads everything on this thread when there are no workers', async () => {
    const { files } = await collectRunInputs(['tests/fixtures/scenarios/good'], REPO_ROOT);
    const outcomes = await loadOnLanes(files, REPO_ROOT, Promise.resolve(undefined));
    expect(outcomes).toEqual(await Promise.all(files.map((file) => loadScenarioFile(file, REPO_ROOT))));
  });
});
