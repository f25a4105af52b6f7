/**
 * Everything a scenario defines, indexed by id, built leniently from the raw document so that
 * references can be checked even when some other part of the file has type errors. Duplicate
 * definitions are reported here.
 */
import type { ScenarioProblem } from './errors.js';
import { formatPath, type Path } from './paths.js';
import { locate, type LocationIndex } from './yaml-source.js';

/** A party, or a device (`kind: 'device'`, with the user that owns it). */
export interface ActorEntry {
  kind: string;
  owner?: string;
  path: Path;
}

export interface Definition {
  path: Path;
  /** For messages: the index of the step that sends it. */
  step?: number;
}

export interface ScenarioIndex {
  actors: Map<string, ActorEntry>;
  groups: Map<string, Definition>;
  defences: Map<string, Definition>;
  messages: Map<string, Definition>;
  steps: Map<string, Definition>;
  variants: Map<string, Definition>;
  /** Number of parties of each kind. */
  kindCounts: Map<string, number>;
}

export interface IndexContext {
  file: string;
  locations: LocationIndex;
}

/** The variant every scenario has: the file as written. */
export const BASE_VARIANT = 'base';

function records(value: unknown): Array<Record<string, unknown> | undefined> {
  if (!Array.isArray(value)) return [];
  return value.map((item) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? (item as Record<string, unknown>)
      : undefined,
  );
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Builds the index of `document` and reports ids defined twice. */
export function buildIndex(
  document: Record<string, unknown>,
  context: IndexContext,
): { index: ScenarioIndex; problems: ScenarioProblem[] } {
  const problems: ScenarioProblem[] = [];
  const index: ScenarioIndex = {
    actors: new Map(),
    groups: new Map(),
    defences: new Map(),
    messages: new Map(),
    steps: new Map(),
    variants: new Map(),
    kindCounts: new Map(),
  };

  const duplicate = (id: string, path: Path, firstPath: Path, what: string) => {
    const first = locate(context.locations, firstPath);
    problems.push({
      file: context.file,
      ...locate(context.locations, path),
      path: formatPath(path),
      code: 'duplicate',
      message: `${what} '${id}' is already defined at line ${first.line} (${formatPath(firstPath)}) — ids must be unique`,
    });
  };

  const defineActor = (id: string, entry: ActorEntry) => {
    const existing = index.actors.get(id);
    if (existing) {
      // The same user may link (or re-register) the same device id more than once.
      if (entry.kind === 'device' && existing.kind === 'device' && existing.owner === entry.owner) return;
      duplicate(id, entry.path, existing.path, existing.kind === 'device' ? 'device' : 'id');
      return;
    }
    index.actors.set(id, entry);
  };

  const define = (map: Map<string, Definition>, id: string, definition: Definition, what: string) => {
    const existing = map.get(id);
    if (existing) duplicate(id, definition.path, existing.path, what);
    else map.set(id, definition);
  };

  records(document['parties']).forEach((party, i) => {
    const id = str(party?.['id']);
    const kind = str(party?.['kind']) ?? 'unknown';
    if (!party || !id) return;
    index.kindCounts.set(kind, (index.kindCounts.get(kind) ?? 0) + 1);
    defineActor(id, { kind, path: ['parties', i, 'id'] });
    if (kind !== 'user') return;
    const phone = str(party['phone']);
    defineActor(phone ?? `${id}-phone`, {
      kind: 'device',
      owner: id,
      path: ['parties', i, phone ? 'phone' : 'id'],
    });
    const linked = party['linked_devices'];
    if (Array.isArray(linked)) {
      linked.forEach((device, j) => {
        const deviceId = str(device);
        if (deviceId)
          defineActor(deviceId, { kind: 'device', owner: id, path: ['parties', i, 'linked_devices', j] });
      });
    }
  });

  records(document['groups']).forEach((group, i) => {
    const id = str(group?.['id']);
    if (id) define(index.groups, id, { path: ['groups', i, 'id'] }, 'group');
  });
  records(document['defences']).forEach((defence, i) => {
    const id = str(defence?.['id']);
    if (id) define(index.defences, id, { path: ['defences', i, 'id'] }, 'defence');
  });

  records(document['steps']).forEach((step, i) => {
    if (!step) return;
    const stepId = str(step['id']);
    if (stepId) define(index.steps, stepId, { path: ['steps', i, 'id'] }, 'step');
    for (const action of ['send', 'business-message'] as const) {
      const payload = records([step[action]])[0];
      const messageId = str(payload?.['id']);
      if (messageId)
        define(index.messages, messageId, { path: ['steps', i, action, 'id'], step: i }, 'message');
    }
    for (const action of ['link-device', 'register'] as const) {
      const payload = records([step[action]])[0];
      const device = str(payload?.['device']);
      const owner = str(payload?.['user']);
      if (device && owner)
        defineActor(device, { kind: 'device', owner, path: ['steps', i, action, 'device'] });
    }
  });

  records(document['variants']).forEach((variant, i) => {
    const id = str(variant?.['id']);
    if (!id) return;
    if (id === BASE_VARIANT) {
      problems.push({
        file: context.file,
        ...locate(context.locations, ['variants', i, 'id']),
        path: formatPath(['variants', i, 'id']),
        code: 'duplicate',
        message: `'${BASE_VARIANT}' is the name of the scenario as written — choose another variant id`,
      });
      return;
    }
    define(index.variants, id, { path: ['variants', i, 'id'] }, 'variant');
  });

  const expectationIds = (list: unknown, base: Path) => {
    const seen = new Map<string, Definition>();
    records(list).forEach((expectation, i) => {
      const id = str(expectation?.['id']);
      if (id) define(seen, id, { path: [...base, i, 'id'] }, 'expectation');
    });
  };
  expectationIds(document['expectations'], ['expectations']);
  records(document['variants']).forEach((variant, i) =>
    expectationIds(variant?.['expectations'], ['variants', i, 'expectations']),
  );

  return { index, problems };
}
