/**
 * report.html: one self-contained page (inline CSS, inline SVG charts, PNG data URIs, no script) that a
 * data steward can open from disk, mail or attach to a ticket. A strict CSP forbids anything else, so a
 * hostile string that slipped past escaping still could not run or phone home.
 */
import type { Dataset } from '../core/dataset.ts';
import type { ScanReport } from '../scan/scan-report.ts';
import { MAX_CLASSES, renderReportCharts, type ReportCharts } from './charts.ts';
import { escapeHtml as h } from './escape.ts';
import { count, pct, seconds, shape } from './format.ts';
import { detectorTable, exampleGrid, findingsList, flaggedTable, MAX_TABLE_ROWS, triggerSection } from './html-sections.ts';
import { reportCss } from './html-style.ts';

const CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

/** Async because Vega renders SVG asynchronously; everything else is pure string building. */
export async function renderHtmlReport(report: ScanReport, ds: Dataset): Promise<string> {
  return renderHtmlPage(report, ds, await renderReportCharts(report, ds));
}

export function renderHtmlPage(report: ScanReport, ds: Dataset, charts: ReportCharts): string {
  const { input } = report;
  const flagged = report.flagged.length;
  const title = `Antidote scan: ${count(flagged)} of ${count(input.rows)} rows flagged`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="generator" content="antidote scan report v${report.version}">
<title>${h(title)}${input.path ? ` · ${h(input.path)}` : ''}</title>
<style>${reportCss}</style>
</head>
<body><main>
${header(report)}
${summaryCards(report)}
${triggerCallout(report)}
${findingsList(report)}
<h2>Detectors</h2>
<p class="section-intro">Each detector looks for one kind of poisoning. A row is flagged when the combined suspicion of all detectors reaches the threshold.</p>
<div class="panel">${detectorTable(report)}</div>
<h2>How suspicious is each row?</h2>
<p class="section-intro">Clean data piles up near zero; poisoned rows tend to form a separate group on the right. Bars to the right of the dashed line are flagged.</p>
<div class="panel"><figure>${charts.suspicion}<figcaption>Combined suspicion of all ${count(input.rows)} rows. Counts use a square-root scale so a small flagged group stays visible.</figcaption></figure></div>
${charts.detectors ? `<div class="panel"><figure>${charts.detectors}<figcaption>The same rows as seen by each detector, coloured by the final verdict.</figcaption></figure></div>` : ''}
${whereSection(report, charts)}
${charts.triggers.length ? `<h2>Recovered triggers</h2>
<p class="section-intro">A backdoor teaches a model to output a chosen class whenever a small pattern (the trigger) is present. This is the mean of the flagged images of a class minus the mean of the unflagged images of the other classes (where relabelled poisons usually come from): what remains is what the flagged rows share, and a tight bright spot usually is the trigger.</p>
<div class="panel triggers">${triggerSection(charts)}</div>` : ''}
${charts.examples.length ? `<h2>Most suspicious examples</h2>
<p class="section-intro">The ${charts.examples.length} flagged rows with the highest suspicion, with the label they carry in the data.</p>
<div class="panel examples">${exampleGrid(charts)}</div>` : ''}
<h2>Flagged rows</h2>
<p class="section-intro">${flagged > MAX_TABLE_ROWS ? `The ${MAX_TABLE_ROWS} most suspicious of ${count(flagged)} flagged rows. ` : ''}Every flagged row, with its reasons, is listed in <code>flagged.csv</code>; all scores are in <code>report.json</code>.</p>
<div class="panel">${flaggedTable(report, ds)}</div>
<footer>Antidote scan report (format version ${report.version}). Row numbers count from 0 in the order the rows were read.</footer>
</main></body>
</html>
`;
}

function header(report: ScanReport): string {
  const { input } = report;
  const flagged = report.flagged.length;
  const headline = flagged === 0
    ? 'No rows look poisoned'
    : `${count(flagged)} of ${count(input.rows)} rows look poisoned`;
  const lede = flagged === 0
    ? 'None of the detectors found rows suspicious enough to flag. That lowers the risk but does not rule out poisoning the detectors were not built to see.'
    : `Antidote flagged ${pct(flagged / Math.max(1, input.rows))} of the rows as likely injected or relabelled. Review them below before training; removing them is usually cheaper than retraining a poisoned model.`;
  const meta: [string, string][] = [];
  if (input.path) meta.push(['Input', input.path]);
  if (input.format) meta.push(['Format', input.format]);
  meta.push(['Size', `${count(input.rows)} rows × ${count(input.features)} features`]);
  meta.push(['Classes', String(input.classNames.length)]);
  if (input.imageShape) meta.push(['Images', shape(input.imageShape)]);
  meta.push(['Scan time', seconds(report.seconds)]);
  return `<header>
<div class="eyebrow">Antidote · training data poisoning scan</div>
<h1>${headline}</h1>
<p class="lede">${lede}</p>
<dl class="meta">${meta.map(([k, v]) => `<div><dt>${h(k)}</dt><dd>${h(v)}</dd></div>`).join('')}</dl>
</header>`;
}

function summaryCards(report: ScanReport): string {
  const flagged = report.flagged.length;
  const cards = [
    { cls: flagged ? 'card alert' : 'card', label: 'Rows flagged', value: count(flagged), note: `${pct(flagged / Math.max(1, report.input.rows))} of ${count(report.input.rows)} rows` },
    { cls: 'card', label: 'Estimated contamination', value: pct(report.estimatedContamination), note: report.contaminationSource === 'given' ? 'as given when the scan was started' : 'estimated by the detectors' },
    { cls: 'card', label: 'Suspicion threshold', value: report.threshold.toFixed(2), note: 'rows at or above it are flagged' },
    { cls: 'card', label: 'Detectors run', value: String(Object.keys(report.detectors).length), note: `in ${seconds(report.seconds)}` },
  ];
  return `<section class="cards">${cards.map((c) => `<div class="${c.cls}"><div class="label">${c.label}</div><div class="value">${c.value}</div><div class="note">${c.note}</div></div>`).join('')}</section>`;
}

function triggerCallout(report: ScanReport): string {
  if (report.triggers.length === 0) {
    return report.flagged.length === 0 ? '<div class="callout ok">No action needed on this data, based on the detectors that ran.</div>' : '';
  }
  const items = report.triggers.map((t) => `<b>“${h(t.className)}”</b> (${count(t.flaggedInClass)} flagged rows)`).join(', ');
  return `<div class="callout"><b>Possible backdoor.</b> Flagged rows labelled ${items} share a common pattern; see <i>Recovered triggers</i> below. A model trained on this data may switch to that class whenever the pattern appears.</div>`;
}

function whereSection(report: ScanReport, charts: ReportCharts): string {
  if (!charts.perClass && !charts.projection) return '';
  const classes = report.perClass.length;
  const shown = classes > MAX_CLASSES ? ` Showing the ${MAX_CLASSES} of ${count(classes)} classes with the most flagged rows.` : '';
  const perClass = charts.perClass ? `<div class="panel"><figure><h3>Flagged rows per class</h3>${charts.perClass}<figcaption>A class with an unusually high flagged share is a likely target of relabelling or a backdoor.${shown}</figcaption></figure></div>` : '';
  const projection = charts.projection ? `<div class="panel"><figure><h3>Map of the data</h3>${charts.projection}<figcaption>Rows projected onto their two main directions of variation. Flagged rows that sit together away from their class often share a trigger.</figcaption></figure></div>` : '';
  return `<h2>Where are the flagged rows?</h2>\n<div class="grid-2">${perClass}${projection}</div>`;
}
