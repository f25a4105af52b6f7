/**
 * The architect workbench API (issue 13): design documents, presets, axes, evaluation against the
 * attack library, comparison and the compliance lens. Pure (no file system): hosts load the library
 * and the files and pass them in. docs/dev/DESIGN-API.md describes it for the app.
 */
export {
  DESIGN_VERSION,
  REGIONS,
  BACKUP_MODES,
  BUSINESS_HOSTING,
  DISAPPEARING_DEFAULTS,
  designSchema,
} from './schema.js';
export type {
  Design,
  DesignInput,
  Region,
  BackupPolicy,
  BusinessHosting,
  DisappearingDefault,
} from './schema.js';
export { loadDesign, validateDesign, designToYaml } from './load.js';
export type { LocatedError, DesignLoadResult } from './load.js';
export { DESIGN_PRESETS, designPreset } from './presets.js';
export type { DesignPreset } from './presets.js';
export { DESIGN_AXES, axisValue, withAxis, formatAxisValue } from './axes.js';
export type { DesignAxis, AxisType } from './axes.js';
export { applyDesign } from './overlay.js';
export type { OverlayResult } from './overlay.js';
export { evaluateDesign, scorecardToJson } from './evaluate.js';
export type { EvaluateOptions } from './evaluate.js';
export { CATEGORIES, CATEGORY_LETTER, ROLES, cellCode } from './scorecard.js';
export type { Category, Role, Evidence, Holding, ScoreCell, AttackRow, Scorecard } from './scorecard.js';
export { compareDesigns } from './compare.js';
export type { Comparison, ComparisonRow, Difference, AxisChange, CompareOptions } from './compare.js';
export {
  evaluateCompliance,
  checkPolicy,
  loadRules,
  loadPolicy,
  defaultRules,
  rulesSchema,
  policySchema,
} from './compliance.js';
export type { Finding, ComplianceRule, ComplianceRules, Policy, PolicyResult } from './compliance.js';
export { DEFAULT_RULES_YAML } from './rules-text.js';
export {
  renderScorecardText,
  renderComparisonMarkdown,
  renderComparisonHtml,
  renderCheckJson,
  renderCheckJunit,
  renderCheckSarif,
} from './report.js';
export type { CheckReport } from './report.js';
