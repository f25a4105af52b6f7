// The scenario library: the built-in scenarios the engine ships plus the user's own from storage. Built-ins are
// validated once; user scenarios are re-validated only when their text changes.
import type { LibraryEntry, ScenarioInfo } from '../contract.js';
import type { ScenarioStore, StoredScenario } from '../storage/scenario-store.js';
import type { LabEngine } from './engine.js';
import type { ErrorLog } from './dispatch.js';

interface BuiltIn {
  entry: LibraryEntry;
  text: string;
}

function entryOf(info: ScenarioInfo, source: LibraryEntry['source'], updatedAt: number | null): LibraryEntry {
  return { ...info, source, updatedAt };
}

export class Library {
  private builtIns: Map<string, BuiltIn> | null = null;
  private readonly userCache = new Map<string, { updatedAt: number; entry: LibraryEntry }>();

  constructor(
    private readonly engine: LabEngine,
    private readonly store: ScenarioStore,
    private readonly log: ErrorLog,
  ) {}

  /** Built-in scenarios by id; one that fails to validate is left out and logged (a packaging bug). */
  builtInMap(): Map<string, BuiltIn> {
    if (this.builtIns) return this.builtIns;
    const map = new Map<string, BuiltIn>();
    for (const source of this.engine.builtIns()) {
      const outcome = this.engine.validate(source.text, source.fileName);
      if (!outcome.valid) {
        this.log(`built-in scenario ${source.fileName} does not validate`, outcome.problems);
        continue;
      }
      if (map.has(outcome.info.id)) {
        this.log(`built-in scenario id ${outcome.info.id} is used twice; keeping the first`, source.fileName);
        continue;
      }
      map.set(outcome.info.id, { entry: entryOf(outcome.info, 'builtin', null), text: source.text });
    }
    this.builtIns = map;
    return map;
  }

  /** A user scenario's entry; one that no longer validates stays listed, with the problem as its summary. */
  userEntry(stored: StoredScenario): LibraryEntry {
    const cached = this.userCache.get(stored.id);
    if (cached && cached.updatedAt === stored.updatedAt) return cached.entry;
    const outcome = this.engine.validate(stored.text, `${stored.id}.yaml`);
    const entry: LibraryEntry = outcome.valid
      ? entryOf(outcome.info, 'user', stored.updatedAt)
      : {
          id: stored.id,
          title: stored.title,
          summary: `This scenario no longer validates: ${outcome.problems[0]?.message ?? 'unknown problem'}`,
          tags: [],
          variants: [],
          defaultSeed: null,
          source: 'user',
          updatedAt: stored.updatedAt,
        };
    this.userCache.set(stored.id, { updatedAt: stored.updatedAt, entry });
    return entry;
  }

  list(): LibraryEntry[] {
    const entries = [...this.builtInMap().values()].map((b) => b.entry);
    for (const stored of this.store.list()) entries.push(this.userEntry(stored));
    return entries.sort((a, b) => a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
  }

  /** The scenario with this id and its text, built-in or user; null if there is none. */
  get(id: string): { entry: LibraryEntry; text: string } | null {
    const builtIn = this.builtInMap().get(id);
    if (builtIn) return builtIn;
    const stored = this.store.get(id);
    return stored ? { entry: this.userEntry(stored), text: stored.text } : null;
  }

  forget(id: string): void {
    this.userCache.delete(id);
  }
}
