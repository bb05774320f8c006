/**
 * The few lines `antidote scan` prints when it finishes: what was scanned, what was found, by whom,
 * the ten most suspicious rows and where the full report is. User strings are made terminal-safe.
 */
import type { ScanReport } from '../scan/scan-report.ts';
import { escapeTerminal as t, truncate } from './escape.ts';
import { count, pct, seconds, suspicionValue } from './format.ts';

export interface TextSummaryOptions {
  /** path of report.html, shown on the last line */
  readonly reportPath?: string;
  /** how many of the most suspicious rows to list (default 10) */
  readonly top?: number;
  /** characters per line before a reason is shortened (default 120) */
  readonly width?: number;
}

export function renderTextSummary(report: ScanReport, opts: TextSummaryOptions = {}): string {
  const width = Math.max(60, opts.width ?? 120);
  const rows = report.input.rows;
  const flagged = report.flagged.length;
  const lines: string[] = [];
  lines.push(`Scanned ${count(rows)} rows${report.input.path ? ` of ${t(report.input.path)}` : ''} in ${seconds(report.seconds)}.`);
  lines.push(flagged === 0
    ? 'No rows flagged.'
    : `Flagged ${count(flagged)} rows (${pct(flagged / Math.max(1, rows))}) at suspicion ≥ ${report.threshold.toFixed(2)}.`);
  lines.push(`Estimated contamination: ${pct(report.estimatedContamination)} (${report.contaminationSource}).`);

  const detectors = Object.entries(report.detectors);
  if (detectors.length) {
    lines.push('', 'Detectors:');
    const nameWidth = Math.max(...detectors.map(([n]) => t(n).length));
    for (const [name, d] of detectors) {
      const est = d.estimatedContamination === undefined ? '' : `, est. ${pct(d.estimatedContamination)}`;
      lines.push(`  ${t(name).padEnd(nameWidth)}  ${count(d.flaggedCount).padStart(7)} flagged  ${seconds(d.seconds).padStart(9)}  (${t(d.threat)}${est})`);
    }
  }
  const findings = detectors.flatMap(([name, d]) => (d.findings ?? []).map((f) => `  ${t(name)}: ${t(f)}`));
  if (findings.length) lines.push('', 'Findings:', ...findings);
  for (const tr of report.triggers) {
    lines.push('', `Possible backdoor: ${count(tr.flaggedInClass)} flagged rows labelled '${t(tr.className)}' share a pattern (see the report).`);
  }

  const top = [...report.flagged].sort((a, b) => b.suspicion - a.suspicion || a.row - b.row).slice(0, opts.top ?? 10);
  if (top.length) {
    lines.push('', `Most suspicious rows:`);
    for (const f of top) {
      const head = `  row ${f.row} (id ${t(f.id)}, label ${t(f.label)}) ${suspicionValue(f.suspicion)}: `;
      const why = f.reasons.map((r) => `${t(r.detector)}: ${t(r.text)}`).join('; ') || 'no reason given';
      lines.push(head + truncate(why, Math.max(20, width - head.length)));
    }
  }
  if (opts.reportPath) lines.push('', `Report: ${t(opts.reportPath)}`);
  return lines.join('\n') + '\n';
}
