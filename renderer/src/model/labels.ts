// Human wording for the scenario vocabulary's kebab-case ids (party kinds, defence kinds, actions). Unknown ids
// fall back to a readable form of themselves, so new kinds in the engine still read sensibly.

const PARTY_KINDS: Record<string, string> = {
  user: 'User',
  attacker: 'Attacker',
  'chat-server': 'Chat server',
  registration: 'Registration service',
  carrier: 'Mobile carrier',
  'network-observer': 'Network observer',
  'cloud-api': 'Cloud API host',
  bsp: 'Business solution provider',
  crm: 'CRM dashboard',
  'backup-provider': 'Cloud backup',
  'key-vault': 'Backup key vault',
  'mod-vendor': 'Modded-client vendor',
  'linked-device': 'Linked device',
  phone: 'Phone',
  unknown: 'Other observer',
};

/** `two-step-verification` → `Two-step verification`. */
export function humanize(id: string): string {
  const words = id.replace(/[-_]+/g, ' ').trim();
  return words.length === 0 ? id : words[0]!.toUpperCase() + words.slice(1);
}

export function partyKindLabel(kind: string): string {
  return PARTY_KINDS[kind] ?? humanize(kind);
}

export function defenceKindLabel(kind: string): string {
  return humanize(kind);
}

export function actionLabel(action: string): string {
  return humanize(action);
}
