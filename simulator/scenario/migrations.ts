/**
 * The `sightline:` version field and migrations between versions. When the format changes
 * incompatibly: bump SCENARIO_VERSION in schema.ts, add an entry here that rewrites a document
 * of the previous version into the new shape, and add a fixture of the old version to the tests.
 * Migrations must keep the document's structure where they can, so located errors still point
 * at the author's lines.
 */
import { SCENARIO_VERSION } from './schema.js';

/** Rewrites a raw document of version `from` into version `from + 1`. */
export interface Migration {
  from: number;
  /** What changed, for the changelog and `sightline validate --verbose`. */
  summary: string;
  migrate(document: Record<string, unknown>): Record<string, unknown>;
}

/** Migrations in order; empty while version 1 is the only version. */
export const MIGRATIONS: readonly Migration[] = [];

export type VersionCheck =
  | { ok: true; document: Record<string, unknown>; migratedFrom?: number }
  | { ok: false; message: string; at: 'root' | 'version' };

/** Checks the `sightline:` field and upgrades older documents to the current version. */
export function checkVersion(data: unknown): VersionCheck {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return {
      ok: false,
      at: 'root',
      message: 'a scenario is a YAML mapping (key: value lines) starting with `sightline: 1`',
    };
  }
  const document = data as Record<string, unknown>;
  if (!('sightline' in document)) {
    return {
      ok: false,
      at: 'root',
      message: `this is not a Sightline scenario: add \`sightline: ${SCENARIO_VERSION}\` as the first line`,
    };
  }
  const version = document['sightline'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return {
      ok: false,
      at: 'version',
      message: `the format version is a whole number, unquoted: \`sightline: ${SCENARIO_VERSION}\``,
    };
  }
  if (version > SCENARIO_VERSION) {
    return {
      ok: false,
      at: 'version',
      message: `this file uses scenario format ${version}, but this Sightline reads format ${SCENARIO_VERSION} — update Sightline`,
    };
  }
  let current = document;
  for (let from = version; from < SCENARIO_VERSION; from++) {
    const migration = MIGRATIONS.find((m) => m.from === from);
    if (!migration) {
      return { ok: false, at: 'version', message: `scenario format ${version} is no longer supported` };
    }
    current = { ...migration.migrate(current), sightline: from + 1 };
  }
  return version === SCENARIO_VERSION
    ? { ok: true, document: current }
    : { ok: true, document: current, migratedFrom: version };
}
