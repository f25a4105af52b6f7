/**
 * The built-in compliance rules: the text of designs/rules/compliance.yaml (the data file is the
 * source; tests/design/compliance.test.ts checks this copy matches it), so the app and the CLI use
 * the same rules without a file system.
 */
export const DEFAULT_RULES_YAML = `# Sightline compliance lens: rules evaluated over the ledger facts of a design's scorecard (who held
# which plaintext, metadata or keys, in which region, for how long). An aid for architects, not legal
# advice. Each rule cites its source and tags its findings with LINDDUN and STRIDE categories.
sightline-rules: 1
disclaimer: >-
  These findings are an aid for architects and reviewers, not legal advice. They are derived from
  simulated runs of the attack library and the regions and retention of the design; whether a
  processing operation is lawful depends on facts the simulation does not model (legal basis,
  contracts, safeguards, purpose).
region_sets:
  eea: [eu, eea]
  adequate: [eu, eea, uk, ch, us-dpf]
rules:
  - id: gdpr-art-5-1-c
    title: Data minimisation — a party holds plaintext its job does not need
    citation:
      source: GDPR
      ref: Art. 5(1)(c)
      title: "Principles: data minimisation"
      url: https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_5
    severity: warning
    linddun: [data-disclosure, linking]
    stride: [information-disclosure]
    when:
      roles: [chat-server, registration, backup-provider, key-vault, carrier]
      holds_any: [content, history]
    message: "{party} ({role}) ends with {holds} in {attack}; relaying or storing needs no plaintext"
  - id: gdpr-art-5-1-e
    title: Storage limitation — plaintext kept longer than the policy allows
    citation:
      source: GDPR
      ref: Art. 5(1)(e)
      title: "Principles: storage limitation"
      url: https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_5
    severity: error
    linddun: [non-compliance, data-disclosure]
    stride: [information-disclosure]
    when:
      roles: [cloud-api, bsp, crm, backup-provider, business]
      holds_any: [content, history]
      retention_over_days: 30
    message: "{party} ({role}) keeps {holds} from {attack} for {retention} (over {limit} days)"
  - id: gdpr-art-28
    title: Processors — a third party processes the users' data on someone's behalf
    citation:
      source: GDPR
      ref: Art. 28
      title: Processor
      url: https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_28
    severity: note
    linddun: [unawareness, non-compliance]
    stride: [information-disclosure]
    when:
      roles: [cloud-api, bsp, crm, backup-provider, key-vault]
      holds_any: [content, history, metadata]
    message: "{party} ({role}) processes {holds} in {attack}: a processor contract (Art. 28(3)) is needed"
  - id: gdpr-art-32
    title: Security of processing — an attacker ends with content or keys
    citation:
      source: GDPR
      ref: Art. 32
      title: Security of processing
      url: https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_32
    severity: error
    linddun: [data-disclosure, identifying]
    stride: [information-disclosure, spoofing, elevation-of-privilege]
    when:
      roles: [attacker, mod-vendor, network-observer]
      holds_any: [content, history, keys]
    message: "{party} ({role}) ends with {holds} in {attack}"
  - id: gdpr-art-44
    title: Transfers — personal data held in a third country without an adequacy decision
    citation:
      source: GDPR
      ref: Art. 44
      title: General principle for transfers
      url: https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_44
    severity: error
    linddun: [non-compliance, data-disclosure]
    stride: [information-disclosure]
    when:
      users_region_in: eea
      roles: [chat-server, registration, cloud-api, bsp, crm, backup-provider, key-vault]
      holds_any: [content, history, metadata]
      region_not_in: adequate
    message: "{party} ({role}) in region {region} holds {holds} of users in {users_region} in {attack}"
  - id: iso-27001-a-8-24
    title: Use of cryptography — plaintext reaches a party outside end-to-end encryption
    citation:
      source: ISO/IEC 27001:2022
      ref: Annex A 8.24
      title: Use of cryptography
      url: https://www.iso.org/standard/27001
    severity: warning
    linddun: [data-disclosure]
    stride: [information-disclosure, tampering]
    when:
      roles: [chat-server, registration, carrier, network-observer, backup-provider, key-vault, cloud-api, bsp, crm]
      holds_any: [content, history]
      how_any: [clear, backup]
    message: "{party} ({role}) received {holds} unencrypted ({hows}) in {attack}"
  - id: iso-27001-a-5-34
    title: Privacy and protection of PII — PII processed by a party other than the users
    citation:
      source: ISO/IEC 27001:2022
      ref: Annex A 5.34
      title: Privacy and protection of PII
      url: https://www.iso.org/standard/27001
    severity: note
    linddun: [identifying, data-disclosure, unawareness]
    stride: [information-disclosure]
    when:
      roles: [chat-server, cloud-api, bsp, crm, backup-provider, business]
      holds_any: [content, history]
    message: "{party} ({role}) processes message plaintext (PII) in {attack}; identify it in the PII inventory"
`;
