/**
 * The built-in design presets, as the YAML text of designs/<id>.yaml (tests/design/presets.test.ts
 * checks the files match). Kept as text in the core so the app and the CLI share them without a
 * file system.
 */
import { loadDesign } from './load.js';
import type { Design } from './schema.js';

export interface DesignPreset {
  readonly id: string;
  readonly title: string;
  readonly yaml: string;
  readonly design: Design;
}

const TEXTS: Record<string, string> = {
  consumer: `sightline-design: 1
id: consumer
title: Consumer WhatsApp today
description: >-
  Every axis at its default: personal chats only, chat server in the US (EU-U.S. Data Privacy
  Framework), plain (not end-to-end encrypted) cloud backups, no two-step verification.
`,
  'consumer-hardened': `sightline-design: 1
id: consumer-hardened
title: Consumer WhatsApp, every opt-in protection on
description: >-
  What a careful user can turn on today: end-to-end encrypted backups with a 64-digit key, two-step
  verification, safety-number checks with security notifications, IP protection in calls, 7-day
  disappearing messages and chat lock.
backup: e2ee-key
defences:
  two_step_verification: true
  chat_lock: true
  call_ip_protection: true
  disappearing_default: 7d
  safety_number_verification: true
`,
  'business-on-prem': `sightline-design: 1
id: business-on-prem
title: Business on the On-Premises API
description: >-
  Customers message businesses whose WhatsApp client runs on the business's own servers (the
  On-Premises API, retired in October 2025): plaintext only on infrastructure the business runs.
business:
  hosting: on-premises
`,
  'business-cloud-api': `sightline-design: 1
id: business-cloud-api
title: Business on Meta's Cloud API
description: >-
  Businesses reached through Meta's Cloud API, which decrypts on their behalf and keeps messages up
  to 30 days.
business:
  hosting: cloud-api
  cloud_api_storage: default
regions:
  cloud_api: us-dpf
retention:
  cloud_api_days: 30
`,
  'business-cloud-api-bsp-crm': `sightline-design: 1
id: business-cloud-api-bsp-crm
title: Business on the Cloud API via a BSP into a CRM
description: >-
  The Cloud API hands every message to a Business Solution Provider's webhook, which feeds a CRM
  hosted outside the EU that keeps messages for 90 days.
business:
  hosting: cloud-api-bsp-crm
regions:
  cloud_api: us-dpf
  bsp: eu
  crm: in
retention:
  cloud_api_days: 30
  bsp_days: 30
  crm_days: 90
`,
};

function build(id: string, yaml: string): DesignPreset {
  const loaded = loadDesign(yaml, `designs/${id}.yaml`);
  if (!loaded.ok)
    throw new Error(`preset ${id} is invalid: ${loaded.errors.map((e) => e.message).join('; ')}`);
  return { id, title: loaded.design.title, yaml, design: loaded.design };
}

/** Built-in presets, `consumer` first (the defaults). */
export const DESIGN_PRESETS: readonly DesignPreset[] = Object.entries(TEXTS).map(([id, yaml]) =>
  build(id, yaml),
);

/** A preset by id, or undefined. */
export function designPreset(id: string): DesignPreset | undefined {
  return DESIGN_PRESETS.find((p) => p.id === id);
}
