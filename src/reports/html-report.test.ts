import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDataset } from '../core/dataset.ts';
import { renderHtmlReport } from './html-report.ts';
import { scanFixture } from './scan-report.fixture.ts';

const XSS = '<script>alert(1)</script>';

test('the page summarises the scan: counts, contamination, threshold, detectors and flagged rows', async () => {
  const { report, ds } = scanFixture();
  const html = await renderHtmlReport(report, ds);
  assert.match(html, /<h1>20 of 200 rows look poisoned<\/h1>/);
  assert.match(html, /Estimated contamination<\/div><div class="value">10\.0%/);
  assert.match(html, /Suspicion threshold<\/div><div class="value">0\.60/);
  for (const name of Object.keys(report.detectors)) assert.ok(html.includes(`<b>${name}</b>`), name);
  const tableRows = html.split('<tbody>').at(-1)!.split('</tbody>')[0].match(/<tr>/g) ?? [];
  assert.equal(tableRows.length, 20);
  assert.equal((html.match(/<svg /g) ?? []).length, 4);
  assert.equal((html.match(/class="example"/g) ?? []).length, 20);
  assert.match(html, /Possible backdoor/);
  // dataset-level findings are listed, escaped
  assert.match(html, /<h2>Findings<\/h2>[\s\S]*<li><b>spectral-signature<\/b>: class &#39;seven&#39; holds 15 rows far along its top singular direction &lt;script&gt;<\/li>/);
});

test('the page is self-contained: no script, no external reference, a CSP that forbids both', async () => {
  const { report, ds } = scanFixture();
  const html = await renderHtmlReport(report, ds);
  assert.doesNotMatch(html, /<script|<link|@import|<iframe|<object/i);
  // the SVG namespace URIs are identifiers, not fetches; every src and href must stay inside the page
  for (const m of html.matchAll(/\s(?:src|href|xlink:href)="([^"]*)"/g)) assert.match(m[1], /^(data:image\/png;base64,|#)/, m[1]);
  assert.doesNotMatch(html, /url\((?!#)/);
  assert.match(html, /Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'"/);
});

test('class names, ids and reasons from the data are escaped everywhere', async () => {
  const classNames = ['plane', XSS, 'cat"><img src=x onerror=alert(2)>', 'deer'];
  const { report, ds } = scanFixture({ classNames, hostileId: { row: 0, id: `"><svg onload=alert(3)>` } });
  // make sure the hostile id is among the flagged rows, whatever the fixture picked
  const flagged = [{ ...report.flagged[0], row: 0, id: ds.rowIds[0], label: XSS, reasons: [{ detector: 'x', text: `near '${XSS}'` }] }, ...report.flagged.slice(1)];
  const html = await renderHtmlReport({ ...report, input: { ...report.input, path: `/data/${XSS}` }, flagged }, ds);
  assert.ok(!html.includes(XSS), 'raw <script> tag');
  assert.ok(!html.includes('<img src=x'), 'raw img injection');
  assert.ok(!html.includes('<svg onload'), 'raw svg injection');
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'escaped class name is shown');
  assert.ok(html.includes('&quot;&gt;&lt;svg onload=alert(3)&gt;'), 'escaped id is shown');
});

test('a clean tabular scan without projection or triggers still renders, with a reassuring headline', async () => {
  const n = 50;
  const ds = createDataset({ features: new Float32Array(n * 3), d: 3, labels: new Int32Array(n), classNames: ['only'] });
  const { report } = scanFixture();
  const clean = {
    ...report, input: { rows: n, features: 3, classNames: ['only'] }, suspicion: new Float32Array(n), flaggedMask: new Uint8Array(n), flagged: [],
    detectors: {}, perClass: [{ className: 'only', rows: n, flagged: 0 }], projection: undefined, triggers: [], estimatedContamination: 0,
  };
  const html = await renderHtmlReport(clean, ds);
  assert.match(html, /<h1>No rows look poisoned<\/h1>/);
  assert.match(html, /No rows were flagged\./);
  assert.doesNotMatch(html, /Recovered triggers|Most suspicious examples/);
  assert.equal((html.match(/<svg /g) ?? []).length, 2, 'suspicion histogram and per-class bars');
});

test('text datasets show the flagged text, escaped and shortened', async () => {
  const { report } = scanFixture({ n: 40 });
  const raw = { columns: ['label', 'text'], rows: Array.from({ length: 40 }, (_, i) => ['a', i === report.flagged[0].row ? `${XSS} ${'x'.repeat(300)}` : 'hello']) };
  const ds = createDataset({ features: new Float32Array(40), d: 1, labels: new Int32Array(40), classNames: report.input.classNames, raw, textColumn: 'text' });
  const html = await renderHtmlReport({ ...report, input: { ...report.input, imageShape: undefined } }, ds);
  assert.match(html, /<th>Text<\/th>/);
  assert.match(html, /<td class="text">&lt;script&gt;alert\(1\)&lt;\/script&gt; x+…<\/td>/);
});
