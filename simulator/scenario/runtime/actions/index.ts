/** Every action handler, by action type. */
import { accountActions } from './accounts.js';
import { attackActions } from './attacks.js';
import { backupActions } from './backups.js';
import { businessActions } from './business.js';
import { callActions } from './calls.js';
import { defenceActions } from './defences.js';
import { endpointActions } from './endpoints.js';
import { groupActions } from './groups.js';
import { lawfulActions } from './lawful.js';
import { messagingActions } from './messaging.js';
import { quantumActions } from './quantum.js';
import { serverAbuseActions } from './server-abuse.js';
import type { ActionHandlers } from './types.js';

export const actionHandlers: ActionHandlers = {
  ...messagingActions,
  ...accountActions,
  ...backupActions,
  ...groupActions,
  ...serverAbuseActions,
  ...defenceActions,
  ...businessActions,
  ...attackActions,
  ...callActions,
  ...endpointActions,
  ...lawfulActions,
  ...quantumActions,
};
