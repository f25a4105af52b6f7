/**
 * The label a customer's client shows in a chat with a business that does not run its own client
 * ([FAQ-B]): the chat is managed by Meta's Cloud API or by another company. On-premises businesses
 * run their own client and get no label.
 */
import type { ClientDevice } from '../client/client-device.js';
import type { Business, BusinessHosting } from './business.js';

/** The label text per hosting, in the words of [FAQ-B]; undefined = no label. */
export const BUSINESS_CHAT_LABELS: Readonly<Record<BusinessHosting, string | undefined>> = {
  'cloud-api': 'This business uses a secure service from Meta to manage this chat.',
  'bsp-hosted': 'This business works with other companies to manage this chat.',
  'on-premises': undefined,
};

/**
 * Has `customer`'s client show the chat label once the chat with `business` holds a message (sent or
 * received) — the moment the customer sees the chat. Shown once per customer and business.
 */
export function watchBusinessChat(device: ClientDevice, customer: string, business: Business): void {
  const text = BUSINESS_CHAT_LABELS[business.hosting];
  if (text === undefined) return;
  if (business.labelWatch.has(device)) return;
  business.labelWatch.add(device);
  device.taps.push((event) => {
    if (event.kind !== 'plaintext') return;
    const entry = device.history.get(event.item);
    if (!entry || (entry.from !== business.number && entry.to !== business.number)) return;
    if (business.labelShown.has(customer)) return;
    business.labelShown.add(customer);
    device.world.notice(customer, 'business-chat-label', business.id, text);
  });
}
