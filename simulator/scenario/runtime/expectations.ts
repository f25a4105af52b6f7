/**
 * Checks a run's expectations against what actually happened: the visibility matrix (derived from
 * the ledger), the notices users were shown, step outcomes, and message deliveries. Each result says
 * why it held or failed in terms a trainer can read aloud.
 */
import type { MatrixCell, VisibilityMatrix } from '../../ledger/matrix.js';
import type { ExpectationResult } from '../result.js';
import type { PlannedExpectation } from '../variants.js';
import { formatTime, viewer } from './check-helpers.js';
import type { RunContext } from './context.js';
import { checkHolding, HoldingIndex } from './holdings.js';

interface Facts {
  readonly context: RunContext;
  readonly matrix: VisibilityMatrix;
  readonly cells: Map<string, MatrixCell>;
  /** Message ids of the scenario's send / business-message steps, in order. */
  readonly messageIds: string[];
  /** The ledger indexed for holds / lacks / never (built on first use). */
  readonly holdings: () => HoldingIndex;
}

/** Every message id the scenario's steps create. */
export function scenarioMessageIds(context: RunContext): string[] {
  const ids: string[] = [];
  for (const step of context.scenario.steps) {
    if (step.action.type === 'send' || step.action.type === 'business-message') ids.push(step.action.id);
  }
  return ids;
}

function cellOf(facts: Facts, party: string, item: string): MatrixCell | undefined {
  return facts.cells.get(`${party}\u0000${item}`);
}

function describeCell(cell: MatrixCell | undefined): string {
  if (!cell) return 'nothing';
  const how = cell.hows.length > 0 ? ` (${cell.hows.slice(0, 2).join('; ')})` : '';
  return `${cell.level}${how}`;
}

function messagesOf(facts: Facts, list: readonly string[] | 'all' | undefined): string[] {
  return list === undefined || list === 'all' ? facts.messageIds : [...list];
}

type Verdict = { ok: boolean; detail: string };

function checkOne(planned: PlannedExpectation, facts: Facts): Verdict {
  const { context } = facts;
  const check = planned.check;
  switch (check.type) {
    case 'holds':
    case 'lacks':
    case 'never':
      return checkHolding(check, facts.holdings());
    case 'sees-content': {
      const party = viewer(context, check.party);
      const missing = messagesOf(facts, check.messages).filter(
        (m) => cellOf(facts, party, m)?.level !== 'content',
      );
      return missing.length === 0
        ? { ok: true, detail: `${party} read every listed message` }
        : {
            ok: false,
            detail: missing.map((m) => `${m}: ${describeCell(cellOf(facts, party, m))}`).join('; '),
          };
    }
    case 'never-sees-content': {
      const party = viewer(context, check.party);
      const seen = messagesOf(facts, check.messages).filter(
        (m) => cellOf(facts, party, m)?.level === 'content',
      );
      return seen.length === 0
        ? { ok: true, detail: `${party} read none of them` }
        : { ok: false, detail: seen.map((m) => `${m}: ${describeCell(cellOf(facts, party, m))}`).join('; ') };
    }
    case 'sees-metadata': {
      const party = viewer(context, check.party);
      const items =
        check.messages === undefined
          ? facts.matrix.items.map((i) => i.id)
          : messagesOf(facts, check.messages);
      const withField = items.filter((m) => cellOf(facts, party, m)?.fields.includes(check.field));
      if (check.messages === undefined) {
        return withField.length > 0
          ? { ok: true, detail: `${party} learned ${check.field} of ${withField.slice(0, 3).join(', ')}` }
          : { ok: false, detail: `${party} learned no ${check.field} at all` };
      }
      const missing = items.filter((m) => !withField.includes(m));
      return missing.length === 0
        ? { ok: true, detail: `${party} learned ${check.field} of every listed message` }
        : {
            ok: false,
            detail: missing.map((m) => `${m}: ${describeCell(cellOf(facts, party, m))}`).join('; '),
          };
    }
    case 'sees-nothing': {
      const party = viewer(context, check.party);
      const held = messagesOf(facts, check.messages).filter((m) => cellOf(facts, party, m) !== undefined);
      return held.length === 0
        ? { ok: true, detail: `${party} holds nothing of them` }
        : { ok: false, detail: held.map((m) => `${m}: ${describeCell(cellOf(facts, party, m))}`).join('; ') };
    }
    case 'notice':
    case 'no-notice': {
      const shown = context.world.notices.filter(
        (n) =>
          n.user === check.user &&
          n.kind === check.kind &&
          (check.about === undefined || n.about === check.about),
      );
      const want = check.type === 'notice';
      if (shown.length > 0 === want) {
        return { ok: true, detail: want ? `shown at ${formatTime(context, shown[0]!.t)}` : 'never shown' };
      }
      const others = context.world.notices
        .filter((n) => n.user === check.user)
        .map((n) => n.kind + (n.about ? `(${n.about})` : ''));
      return {
        ok: false,
        detail: want
          ? `not shown; ${check.user} was shown: ${others.length > 0 ? [...new Set(others)].join(', ') : 'nothing'}`
          : `shown at ${formatTime(context, shown[0]!.t)}`,
      };
    }
    case 'action': {
      const outcome = context.outcomes.get(check.step);
      if (!outcome) return { ok: false, detail: `step '${check.step}' did not run` };
      const ok = outcome.ok === (check.outcome === 'succeeds');
      return { ok, detail: `${outcome.ok ? 'succeeded' : 'failed'}: ${outcome.reason}` };
    }
    case 'delivered': {
      const intent = context.intents.get(check.message);
      const targets = check.to !== undefined ? [check.to] : (intent?.recipients ?? []);
      if (targets.length === 0) return { ok: false, detail: `${check.message} was never sent` };
      const missing = targets.filter((to) => !deliveredTo(context, check.message, to));
      return missing.length === 0
        ? { ok: true, detail: `reached ${targets.join(', ')}` }
        : {
            ok: false,
            detail: `not delivered to ${missing.join(', ')}${lostReason(context, check.message)}`,
          };
    }
    case 'lost': {
      const intent = context.intents.get(check.message);
      if (!intent) return { ok: false, detail: `${check.message} was never sent` };
      const reached = intent.recipients.filter((to) => deliveredTo(context, check.message, to));
      return reached.length === 0
        ? { ok: true, detail: `never delivered${lostReason(context, check.message)}` }
        : { ok: false, detail: `delivered to ${reached.join(', ')}` };
    }
  }
}

/** Whether a device of account/holder/device `to` decrypted the message. */
function deliveredTo(context: RunContext, message: string, to: string): boolean {
  for (const state of context.world.deliveries.get(message)?.values() ?? []) {
    if (state.deliveredAt === undefined) continue;
    if (state.account === to || state.device === to || state.holder === to) return true;
  }
  return false;
}

function lostReason(context: RunContext, message: string): string {
  for (const state of context.world.deliveries.get(message)?.values() ?? []) {
    if (state.lostReason) return ` (${state.lostReason})`;
  }
  return '';
}

/** Checks every planned expectation. */
export function checkExpectations(
  context: RunContext,
  matrix: VisibilityMatrix,
  planned: readonly PlannedExpectation[],
): ExpectationResult[] {
  const cells = new Map(matrix.cells.map((c) => [`${c.party}\u0000${c.item}`, c]));
  let holdings: HoldingIndex | undefined;
  const facts: Facts = {
    context,
    matrix,
    cells,
    messageIds: scenarioMessageIds(context),
    holdings: () => (holdings ??= new HoldingIndex(context)),
  };
  return planned.map((expectation) => {
    const verdict = checkOne(expectation, facts);
    const result: ExpectationResult = {
      id: expectation.id,
      kind: expectation.kind,
      text: expectation.text,
      ok: verdict.ok,
      detail: verdict.detail,
      location: expectation.location,
    };
    if (expectation.because !== undefined) result.because = expectation.because;
    return result;
  });
}
