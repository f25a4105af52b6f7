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
  business: 'Business',
  'law-enforcement': 'Law enforcement',
  phone: 'Phone',
  unknown: 'Other observer',
};

const DEFENCE_KINDS: Record<string, string> = {
  'two-step-verification': 'Two-step verification',
  'security-notifications': 'Security notifications',
  'verify-security-code': 'Verified security code',
  'carrier-port-pin': 'Carrier port-out PIN',
  'voicemail-pin': 'Voicemail PIN',
  'e2ee-backup': 'End-to-end encrypted backup',
  passkeys: 'Passkeys',
  'chat-lock': 'Chat lock',
  'ip-protection-calls': 'IP protection in calls',
  'unusual-activity-alert': 'Unusual-activity alert',
  'disappearing-messages': 'Disappearing messages',
  'key-transparency': 'Key transparency',
  'review-linked-devices': 'Reviewing linked devices',
  'blocking-resend': 'Blocking re-send',
  'prekey-rate-limit': 'Prekey rate limit',
  'receipt-hardening': 'Receipt hardening',
  'enumeration-rate-limit': 'Enumeration rate limit',
  'signed-group-membership': 'Signed group membership',
  pqxdh: 'PQXDH (post-quantum)',
  'official-client-only': 'Official client only',
  'silence-unknown-callers': 'Silence unknown callers',
  'local-storage': 'Cloud API local storage',
  'no-storage': 'Cloud API no storage',
};

/** `two-step-verification` → `Two step verification` (known kinds have hand-written labels). */
export function humanize(id: string): string {
  const words = id.replace(/[-_]+/g, ' ').trim();
  return words.length === 0 ? id : words[0]!.toUpperCase() + words.slice(1);
}

export function partyKindLabel(kind: string): string {
  return PARTY_KINDS[kind] ?? humanize(kind);
}

export function defenceKindLabel(kind: string): string {
  return DEFENCE_KINDS[kind] ?? humanize(kind);
}

export function actionLabel(action: string): string {
  return humanize(action);
}
