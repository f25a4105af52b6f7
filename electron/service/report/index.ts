// Report export: the engine's renderer when it has one, the fallback otherwise, packaged as a file to save.
import type { ReportFile, ReportFormat, RunRecord } from '../../contract.js';
import type { LabEngine } from '../engine.js';
import { renderFallbackReport } from './fallback.js';

const FILE_TYPES: Record<ReportFormat, { extension: string; mediaType: string }> = {
  markdown: { extension: 'md', mediaType: 'text/markdown; charset=utf-8' },
  html: { extension: 'html', mediaType: 'text/html; charset=utf-8' },
  json: { extension: 'json', mediaType: 'application/json' },
  junit: { extension: 'junit.xml', mediaType: 'application/xml' },
};

/** A file name that is safe on every platform: the scenario id and variant are kebab-case already. */
export function reportFileName(run: RunRecord, format: ReportFormat): string {
  const safe = (s: string) => s.replace(/[^a-zA-Z0-9-]+/g, '-').slice(0, 80) || 'run';
  return `${safe(run.scenarioId)}-${safe(run.variant)}-seed${run.seed}-${run.id.slice(0, 8)}.${FILE_TYPES[format].extension}`;
}

export function exportReport(engine: LabEngine, run: RunRecord, format: ReportFormat): ReportFile {
  const content = engine.renderReport ? engine.renderReport(run, format) : renderFallbackReport(run, format);
  return { fileName: reportFileName(run, format), mediaType: FILE_TYPES[format].mediaType, content };
}
