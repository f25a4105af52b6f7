/** Switching defences on and off mid-run; settings-like defences take effect on the parties at once. */
import { RunError } from '../context.js';
import { type ActionHandlers, done } from './types.js';

export const defenceActions: ActionHandlers = {
  'enable-defence': (action, context) => {
    const spec = context.world.defences.get(action.defence);
    if (!spec) throw new RunError(`no defence '${action.defence}'`);
    context.world.defences.set(action.defence, true);
    if (spec.kind === 'two-step-verification' && typeof spec.pin === 'string' && spec.party) {
      context.server().setTwoStepPin(context.user(spec.party).number, spec.pin);
    }
    context.world.log('defence.enabled', { defence: action.defence, kind: spec.kind });
    return done(`${action.defence} on`);
  },
  'disable-defence': (action, context) => {
    const spec = context.world.defences.get(action.defence);
    if (!spec) throw new RunError(`no defence '${action.defence}'`);
    context.world.defences.set(action.defence, false);
    context.world.log('defence.disabled', { defence: action.defence, kind: spec.kind });
    return done(`${action.defence} off`);
  },
};
