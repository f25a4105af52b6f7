/**
 * A Business Solution Provider (SCENARIOS.md S20): it receives the business's messages by webhook
 * (from the Cloud API, or from its own copy of the business's client when it hosts it, the old
 * On-Premises API hosted by a BSP [ONP]), keeps them under its own retention policy, and passes them
 * on to the CRM. Replies from the CRM go back up through it.
 */
import { ExternalHost } from './external-host.js';

export class Bsp extends ExternalHost {
  readonly kind = 'bsp';
  protected readonly storeName = 'servers';
}
