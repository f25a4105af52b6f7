/** The shape of an action handler: carries out one step's action and says how it went. */
import type { Action, ActionType } from '../../schema.js';
import type { RunContext, StepOutcome } from '../context.js';

export type ActionOf<K extends ActionType> = Extract<Action, { type: K }>;

export type ActionHandler<K extends ActionType> = (action: ActionOf<K>, context: RunContext) => StepOutcome;

/** Handlers by action type; modules contribute the actions they own. */
export type ActionHandlers = { [K in ActionType]?: ActionHandler<K> };

export const done = (reason: string): StepOutcome => ({ ok: true, reason });
export const refused = (reason: string): StepOutcome => ({ ok: false, reason });
