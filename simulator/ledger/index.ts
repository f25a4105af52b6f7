/** The observation ledger's public API (see ledger.ts for the rules it enforces). */
export * from './types.js';
export { LedgerError, type LedgerErrorCode } from './errors.js';
export { Ledger, type LedgerListeners } from './ledger.js';
export { contentDigest, isDigest } from './digest.js';
export { describeHow } from './describe.js';
export { observationLevel, bestLevel } from './level.js';
export type { CellSummary } from './accumulate.js';
export { visibilityMatrix, matrixCell, visibilityLevel, summarizeItem } from './matrix.js';
export type { MatrixCell, VisibilityMatrix, MatrixOptions } from './matrix.js';
export { partyView, type PartyView, type PartyViewEntry } from './view.js';
export { timeline, type TimelineEntry, type TimelineFilter } from './timeline.js';
export { diffMatrices, diffLedgers, type CellChange, type MatrixDiff } from './diff.js';
