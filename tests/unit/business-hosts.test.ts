/**
 * Business-side hosts on a hand-built world: whose client decrypts, webhook forwarding down the route,
 * replies up the route, and retention (default, Local Storage, No Storage) on the virtual clock.
 */
import { describe, expect, it } from 'vitest';
import { toHex, utf8 } from '../../simulator/crypto/bytes.js';
import { createNodeCryptoProvider } from '../../simulator/crypto/node-provider.js';
import type { ObservationRecord } from '../../simulator/ledger/types.js';
import { Bsp } from '../../simulator/parties/business/bsp.js';
import { Business, type BusinessHosting } from '../../simulator/parties/business/business.js';
import { CloudApiHost, type CloudApiStorage } from '../../simulator/parties/business/cloud-api.js';
import { Crm } from '../../simulator/parties/business/crm.js';
import { ChatServer } from '../../simulator/parties/chat-server.js';
import { User } from '../../simulator/parties/user.js';
import type { DefenceSpec } from '../../simulator/world/defences.js';
import { World } from '../../simulator/world/world.js';

const crypto = createNodeCryptoProvider();
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const ALICE = '+1 555 0100';
const SHOP = '+1 555 0900';

function build(
  options: { hosting?: BusinessHosting; storage?: CloudApiStorage; defences?: DefenceSpec[] } = {},
) {
  const world = new World({ seed: 'business-hosts', crypto, defences: options.defences ?? [] });
  const wire: Uint8Array[] = [];
  world.network.tap({ on: 'all', see: (frame) => wire.push(frame.bytes) });
  const server = world.add(new ChatServer(world, 'server'));
  const alice = world.add(
    new User(world, 'alice', ALICE, { securityNotifications: false, readReceipts: true, online: true }),
  );
  const phone = alice.installDevice({
    server,
    account: 'alice',
    number: ALICE,
    deviceId: 1,
    label: 'alice-phone',
  });
  server.registerPrimary(ALICE, 'alice', {
    keys: phone.keyUpload(),
    transportKey: phone.transportKey.publicKey,
    holder: 'alice',
    label: 'alice-phone',
  });
  phone.connect();
  const capi = world.add(
    new CloudApiHost(world, 'capi', { storage: options.storage ?? 'default', retentionDays: 30 }),
  );
  const bsp = world.add(new Bsp(world, 'bsp', 7));
  const crm = world.add(new Crm(world, 'crm'));
  const hosting = options.hosting ?? 'cloud-api';
  const shop = world.add(new Business(world, 'shop', SHOP, hosting));
  const holder = hosting === 'cloud-api' ? capi : hosting === 'bsp-hosted' ? bsp : shop;
  shop.wire({ server, holder, ...(hosting === 'cloud-api' ? { bsp } : {}), crm, label: 'shop-client' });
  world.loop.runUntil(5_000);
  const send = (id: string, text: string) => {
    world.registerItem(id, 'message', `alice → shop`, 'alice', text);
    phone.sendText(id, SHOP, text);
    world.loop.runUntil(world.now + 5_000);
  };
  const seen = (party: string, item: string): ObservationRecord[] =>
    world.ledger.toJSON().observations.filter((o) => o.party === party && o.item === item);
  const readsContent = (party: string, item: string) =>
    seen(party, item).some((o) => o.fields.includes('content'));
  return { world, server, alice, phone, capi, bsp, crm, shop, wire, send, seen, readsContent };
}

describe('a business on the Cloud API', () => {
  it('is decrypted by the Cloud API host with its own client, then posted by webhook to the BSP and the CRM', () => {
    const { shop, capi, send, seen, readsContent, wire } = build();
    send('m1', 'order 4411 never arrived');
    expect(shop.client.holder).toBe('capi');
    const decrypted = seen('capi', 'm1').find((o) => o.fields.includes('content'))!;
    expect(decrypted.how).toEqual({ kind: 'decrypted', with: `session ${ALICE}.1→${SHOP}.1` });
    expect(seen('bsp', 'm1').find((o) => o.fields.includes('content'))!.how).toEqual({
      kind: 'clear',
      via: 'webhook from capi',
    });
    expect(seen('crm', 'm1').find((o) => o.fields.includes('content'))!.how).toEqual({
      kind: 'clear',
      via: 'webhook from bsp',
    });
    expect(seen('shop', 'm1').find((o) => o.fields.includes('content'))!.how).toEqual({
      kind: 'clear',
      via: 'crm dashboard',
    });
    expect(readsContent('server', 'm1')).toBe(false);
    expect(seen('server', 'm1').some((o) => o.how.kind === 'ciphertext')).toBe(true);
    for (const host of [capi, shop.route.hops[1]!, shop.route.hops[2]!]) {
      expect(host.storedMessages().map((m) => [m.messageId, m.text])).toEqual([
        ['m1', 'order 4411 never arrived'],
      ]);
    }
    // TLS on every hop: the plaintext never crosses the wire.
    const needle = toHex(utf8('order 4411'));
    expect(wire.length).toBeGreaterThan(10);
    for (const frame of wire) expect(toHex(frame)).not.toContain(needle);
  });

  it('sends replies up the route: CRM → BSP → Cloud API, which encrypts them to the customer', () => {
    const { world, shop, alice, phone, send, seen, readsContent } = build();
    send('m1', 'hello?');
    shop.write('r1', alice, 'hi alice, how can we help?');
    world.loop.runUntil(world.now + 10_000);
    expect(seen('shop', 'r1')[0]!.how).toEqual({ kind: 'authored' });
    expect(seen('crm', 'r1').find((o) => o.fields.includes('content'))!.how).toEqual({
      kind: 'clear',
      via: "written in crm by shop's agent",
    });
    expect(seen('bsp', 'r1').find((o) => o.fields.includes('content'))!.how).toEqual({
      kind: 'clear',
      via: 'API call from crm',
    });
    expect(seen('capi', 'r1').find((o) => o.fields.includes('content'))!.how).toEqual({
      kind: 'clear',
      via: 'API call from bsp',
    });
    expect(seen('alice', 'r1').find((o) => o.fields.includes('content'))!.how).toEqual({
      kind: 'decrypted',
      with: `session ${SHOP}.1→${ALICE}.1`,
    });
    expect(phone.history.get('r1')?.text).toBe('hi alice, how can we help?');
    expect(readsContent('server', 'r1')).toBe(false);
    // The delivery status comes back down as a webhook: metadata only.
    const status = seen('crm', 'r1').find((o) => o.how.kind === 'routing');
    expect(status?.fields).toEqual(['recipient', 'timestamp']);
  });

  it('deletes after its retention: the BSP after 7 days, the Cloud API after 30, the CRM never', () => {
    const { world, shop, capi, bsp, crm, send } = build();
    send('m1', 'keep me?');
    world.loop.runUntil(world.now + 7 * DAY);
    expect(bsp.storedMessages()).toEqual([]);
    expect(capi.storedMessages()).toHaveLength(1);
    expect(shop.client.history.has('m1')).toBe(true);
    world.loop.runUntil(world.now + 23 * DAY);
    expect(capi.storedMessages()).toEqual([]);
    expect(shop.client.history.has('m1')).toBe(false);
    expect(crm.storedMessages()).toHaveLength(1);
    const deletions = world.journal
      .events()
      .filter((e) => e.type === 'business.delete')
      .map((e) => e.host);
    expect(deletions).toEqual(['bsp', 'capi']);
  });

  it('with No Storage holds nothing after an hour (and still decrypts)', () => {
    const { world, shop, capi, bsp, send, readsContent } = build({
      defences: [{ id: 'ns', kind: 'no-storage', party: 'capi', enabled: true }],
    });
    send('m1', 'gone within the hour');
    expect(readsContent('capi', 'm1')).toBe(true);
    expect(capi.storageMode()).toBe('none');
    expect(capi.storedMessages()[0]!.where).toEqual(['in use in Meta data centres (No Storage)']);
    world.loop.runUntil(world.now + HOUR);
    expect(capi.storedMessages()).toEqual([]);
    expect(shop.client.history.has('m1')).toBe(false);
    expect(bsp.storedMessages()).toHaveLength(1);
  });

  it('with Local Storage keeps the at-rest copy in the region and drops the in-use copy after 60 minutes', () => {
    const { world, capi, send } = build({ storage: 'local' });
    send('m1', 'regional');
    expect(capi.storedMessages()[0]!.where).toHaveLength(2);
    world.loop.runUntil(world.now + 60 * MINUTE);
    expect(capi.storedMessages()[0]!.where).toEqual(['at rest in the chosen region (Local Storage)']);
    world.loop.runUntil(world.now + 30 * DAY);
    expect(capi.storedMessages()).toEqual([]);
  });

  it('picks the storage option up from a defence switched on mid-run', () => {
    const { world, capi, send } = build({
      defences: [{ id: 'ns', kind: 'no-storage', party: 'capi', enabled: false }],
    });
    send('m1', 'before');
    world.defences.set('ns', true);
    send('m2', 'after');
    world.loop.runUntil(world.now + 2 * HOUR);
    expect(capi.storedMessages().map((m) => m.messageId)).toEqual(['m1']);
  });
});

describe('other hostings', () => {
  it('on-premises: the business decrypts itself and the Cloud API sees nothing', () => {
    const { shop, capi, send, seen, readsContent } = build({ hosting: 'on-premises' });
    send('m1', 'on our own servers');
    expect(shop.client.holder).toBe('shop');
    expect(seen('shop', 'm1').find((o) => o.fields.includes('content'))!.how.kind).toBe('decrypted');
    expect(readsContent('crm', 'm1')).toBe(true);
    expect(seen('capi', 'm1')).toEqual([]);
    expect(capi.storedMessages()).toEqual([]);
  });

  it('bsp-hosted: the BSP decrypts and posts to the CRM', () => {
    const { bsp, send, seen, readsContent } = build({ hosting: 'bsp-hosted' });
    send('m1', 'via the bsp');
    expect(seen('bsp', 'm1').find((o) => o.fields.includes('content'))!.how.kind).toBe('decrypted');
    expect(readsContent('crm', 'm1')).toBe(true);
    expect(seen('capi', 'm1')).toEqual([]);
    expect(bsp.storedMessages()).toHaveLength(1);
  });
});
