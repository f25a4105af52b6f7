/** The ledger's refusal: a claim that is not backed by what the party really holds, or a bad reference. */

/** Why the ledger refused a call; stable words for tests and reports. */
export type LedgerErrorCode =
  | 'unknown-item' // observation of an item that was never registered
  | 'duplicate-item' // an item id registered twice
  | 'invalid-item' // a malformed item (empty id, unknown kind, bad digest)
  | 'invalid-observation' // unknown field, bad time, empty party, how without a field
  | 'content-without-evidence' // `content` claimed without plaintext bytes
  | 'evidence-mismatch' // the bytes given do not hash to the item's registered digest
  | 'no-content-digest' // content claimed for an item registered without a digest
  | 'content-not-possible'; // content claimed under a how that cannot yield it (timing, ciphertext, routing)

export class LedgerError extends Error {
  override readonly name = 'LedgerError';
  constructor(
    readonly code: LedgerErrorCode,
    message: string,
  ) {
    super(message);
  }
}
