/**
 * The defences of a run as the engine consults them: named, flippable, scoped to a party (or global).
 * Parties ask "is `kind` on for me?" at the moment they act, so a defence switched on mid-run takes
 * effect from then on. A defence never declares an outcome; the run shows whether it helps.
 */

/** A defence as the scenario declares it: id, kind, on/off, an optional scope and parameters. */
export interface DefenceSpec {
  readonly id: string;
  readonly kind: string;
  enabled: boolean;
  /** The party (user, server, cloud-api) it applies to; absent = everyone. */
  readonly party?: string;
  readonly group?: string;
  readonly [param: string]: unknown;
}

export class Defences {
  private readonly byId = new Map<string, DefenceSpec>();

  constructor(specs: readonly DefenceSpec[] = []) {
    for (const spec of specs) this.byId.set(spec.id, { ...spec });
  }

  /**
   * The enabled defence of `kind` that applies to `party` (and `group`): one scoped to them first,
   * else an unscoped one. A defence scoped to a party or group applies to nobody else.
   */
  active(kind: string, party?: string, group?: string): DefenceSpec | undefined {
    let global: DefenceSpec | undefined;
    for (const spec of this.byId.values()) {
      if (spec.kind !== kind || !spec.enabled) continue;
      const partyMatches = spec.party === undefined || spec.party === party;
      const groupMatches = spec.group === undefined || spec.group === group;
      if (!partyMatches || !groupMatches) continue;
      if (spec.party === undefined && spec.group === undefined) global ??= spec;
      else return spec;
    }
    return global;
  }

  isOn(kind: string, party?: string, group?: string): boolean {
    return this.active(kind, party, group) !== undefined;
  }

  /** Switches a defence on or off; returns false for an unknown id. */
  set(id: string, enabled: boolean): boolean {
    const spec = this.byId.get(id);
    if (!spec) return false;
    spec.enabled = enabled;
    return true;
  }

  get(id: string): DefenceSpec | undefined {
    return this.byId.get(id);
  }

  all(): DefenceSpec[] {
    return [...this.byId.values()];
  }
}
