/**
 * Loads the attack library a design is evaluated against: every `*.yaml` scenario in a directory
 * (default the built-in `scenarios/`), in file-name order. Host side (reads files), so it lives with
 * the CLI; the design core takes the loaded scenarios.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario, type LoadedScenario } from '../../scenario/loader.js';

/** The built-in library directory, relative to the repository root. */
export const LIBRARY_DIR = 'scenarios';

/**
 * Every scenario in `dir`. @throws ScenarioError (located problems) for an invalid file: a design is
 * never scored against a library that does not load.
 */
export function loadDesignLibrary(dir: string = LIBRARY_DIR): LoadedScenario[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort()
    .map((name) => {
      const file = join(dir, name);
      return loadScenario(readFileSync(file, 'utf8'), file);
    });
}
