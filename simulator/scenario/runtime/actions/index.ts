/** Every action handler, by action type. */
import { accountActions } from './accounts.js';
import { backupActions } from './backups.js';
import { businessActions } from './business.js';
import { defenceActions } from './defences.js';
import { groupActions } from './groups.js';
import { messagingActions } from './messaging.js';
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
};
