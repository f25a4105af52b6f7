/**
 * A CRM or customer-service dashboard (SCENARIOS.md S20): the end of a business's route, where its
 * agents read customers' messages and write replies. It keeps what it receives under its own
 * retention policy.
 */
import { ExternalHost } from './external-host.js';

export class Crm extends ExternalHost {
  readonly kind = 'crm';
  protected readonly storeName = 'database';
}
