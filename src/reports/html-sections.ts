/**
 * The report page's tables and image sections as HTML strings. Every string that can come from the
 * user's files (ids, class names, reasons, raw text) goes through escapeHtml; numbers are formatted here.
 */
import type { Dataset } from '../core/dataset.ts';
import type { ScanReport } from '../scan/scan-report.ts';
import type { ReportCharts } from './charts.ts';
import { escapeHtml as h, truncate } from './escape.ts';
import { count, pct, seconds, suspicionValue } from './format.ts';
import { divergingCssGradient } from './image-tiles.ts';

export const MAX_TABLE_ROWS = 200;

export function detectorTable(report: ScanReport): string {
  const rows = Object.entries(report.detectors)
    .sort(([, a], [, b]) => b.flaggedCount - a.flaggedCount)
    .map(([name, d]) => `<tr>
  <td><b>${h(name)}</b><div class="desc">${h(d.description)}</div></td>
  <td><span class="tag">${h(d.threat)}</span></td>
  <td class="num">${count(d.flaggedCount)}</td>
  <td class="num">${d.estimatedContamination === undefined ? '–' : pct(d.estimatedContamination)}</td>
  <td class="num">${seconds(d.seconds)}</td>
</tr>`);
  if (rows.length === 0) return '<p class="section-intro">No detector applied to this data.</p>';
  return `<table><thead><tr><th>Detector</th><th>Looks for</th><th class="num">Flagged</th><th class="num">Est. contamination</th><th class="num">Time</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`;
}

/** each detector's dataset-level conclusions, or nothing when there are none */
export function findingsList(report: ScanReport): string {
  const items = Object.entries(report.detectors).flatMap(([name, d]) => (d.findings ?? []).map((f) => `<li><b>${h(name)}</b>: ${h(f)}</li>`));
  return items.length ? `<h2>Findings</h2>\n<div class="panel"><ul class="findings">${items.join('\n')}</ul></div>` : '';
}

/** the text of each row, when the dataset is a text dataset read from a table (SMS, reviews, …) */
function rowText(ds: Dataset): ((row: number) => string) | undefined {
  const col = ds.raw && ds.textColumn ? ds.raw.columns.indexOf(ds.textColumn) : -1;
  if (!ds.raw || col < 0) return undefined;
  const raw = ds.raw;
  return (row) => raw.rows[row]?.[col] ?? '';
}

export function flaggedTable(report: ScanReport, ds: Dataset, limit = MAX_TABLE_ROWS): string {
  const text = rowText(ds);
  const top = [...report.flagged].sort((a, b) => b.suspicion - a.suspicion || a.row - b.row).slice(0, limit);
  const body = top.map((f) => {
    const width = Math.round(Math.max(0, Math.min(1, f.suspicion)) * 100);
    const reasons = f.reasons.map((r) => `<li><b>${h(r.detector)}</b>: ${h(r.text)}</li>`).join('');
    return `<tr>
  <td class="num">${f.row}</td>
  <td class="id">${h(f.id)}</td>
  <td>${h(f.label)}</td>
  <td class="num">${suspicionValue(f.suspicion)}<span class="bar"><span style="width:${width}%"></span></span></td>
  ${text ? `<td class="text">${h(truncate(text(f.row), 200))}</td>` : ''}
  <td><ul class="reasons">${reasons}</ul></td>
</tr>`;
  });
  if (body.length === 0) return '<p class="section-intro">No rows were flagged.</p>';
  return `<table><thead><tr><th class="num">Row</th><th>ID</th><th>Label</th><th class="num">Suspicion</th>${text ? '<th>Text</th>' : ''}<th>Why it was flagged</th></tr></thead>
<tbody>${body.join('\n')}</tbody></table>`;
}

export function triggerSection(charts: ReportCharts): string {
  return charts.triggers.map(({ trigger, image }) => `<figure class="trigger">
  <img src="${image.uri}" width="${image.width}" height="${image.height}" alt="${h(`recovered trigger for class ${trigger.className}`)}">
  <div class="legend"><div class="ramp" style="background:${divergingCssGradient()}"></div>
    <div class="ends"><span>−${image.maxAbs.toFixed(2)}</span><span>0</span><span>+${image.maxAbs.toFixed(2)}</span></div></div>
  <figcaption><b>Class “${h(trigger.className)}”</b> · ${count(trigger.flaggedInClass)} flagged rows<br>
  Red pixels are brighter in the flagged rows than in clean rows of the other classes; blue are darker.</figcaption>
</figure>`).join('\n');
}

export function exampleGrid(charts: ReportCharts): string {
  return charts.examples.map((e) => `<figure class="example" title="${h(`row ${e.row}, id ${e.id}`)}">
  <img src="${e.uri}" alt="${h(`row ${e.row}, labelled ${e.label}`)}">
  <b>${h(truncate(e.label, 24))}</b><br>row ${e.row} · ${suspicionValue(e.suspicion)}
</figure>`).join('\n');
}
