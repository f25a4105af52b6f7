/** Every action and party kind the scenario format accepts is carried out by this build. */
import { describe, expect, it } from 'vitest';
import { ACTION_TYPES } from '../../simulator/scenario/schema-actions.js';
import { PARTY_KINDS } from '../../simulator/scenario/schema-parties.js';
import { actionHandlers } from '../../simulator/scenario/runtime/actions/index.js';
import { loadText, run } from '../helpers/scenarios.js';

describe('runtime coverage', () => {
  it('has a handler for every action type of the format', () => {
    expect(ACTION_TYPES.filter((type) => !(type in actionHandlers))).toEqual([]);
  });

  it('builds every party kind of the format', () => {
    const parties: Record<string, string> = {
      user: '{ id: alice, kind: user }',
      'chat-server': '{ id: server, kind: chat-server }',
      registration: '{ id: registration, kind: registration }',
      carrier: '{ id: carrier, kind: carrier }',
      'network-observer': '{ id: isp, kind: network-observer }',
      'backup-provider': '{ id: drive, kind: backup-provider }',
      'key-vault': '{ id: vault, kind: key-vault }',
      'cloud-api': '{ id: capi, kind: cloud-api }',
      bsp: '{ id: bsp, kind: bsp }',
      crm: '{ id: crm, kind: crm }',
      business: '{ id: shop, kind: business, hosting: cloud-api, host: capi, bsp: bsp, crm: crm }',
      'mod-vendor': '{ id: vendor, kind: mod-vendor }',
      attacker: '{ id: mallory, kind: attacker }',
      'law-enforcement': '{ id: agency, kind: law-enforcement }',
    };
    expect(Object.keys(parties).sort()).toEqual([...PARTY_KINDS].sort());
    const loaded = loadText(`
sightline: 1
id: every-party
title: every party kind
summary: one of each
parties:
${Object.values(parties)
  .map((p) => `  - ${p}`)
  .join('\n')}
  - { id: bob, kind: user }
steps:
  - send: { id: m1, from: alice, to: bob, text: "hello" }
expectations:
  - sees-content: { party: bob, messages: [m1] }
`);
    const result = run(loaded);
    expect(result.valid, JSON.stringify(result.expectations)).toBe(true);
    for (const id of [
      'server',
      'capi',
      'bsp',
      'crm',
      'shop',
      'vendor',
      'mallory',
      'agency',
      'drive',
      'vault',
      'isp',
    ]) {
      expect(result.matrix.parties).toContain(id);
    }
  });
});
