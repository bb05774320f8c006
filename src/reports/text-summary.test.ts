import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanFixture } from './scan-report.fixture.ts';
import { renderTextSummary } from './text-summary.ts';

test('the summary states rows, flagged share, contamination, each detector and the report path', () => {
  const { report } = scanFixture();
  const text = renderTextSummary(report, { reportPath: '/out/report.html' });
  assert.match(text, /^Scanned 200 rows of data\/tiny-images in 1\.70 s\.$/m);
  assert.match(text, /^Flagged 20 rows \(10\.0%\) at suspicion ≥ 0\.60\.$/m);
  assert.match(text, /^Estimated contamination: 10\.0% \(estimated\)\.$/m);
  assert.match(text, /^ {2}spectral-signature +15 flagged +0\.42 s {2}\(backdoor, est\. 7\.5%\)$/m);
  assert.match(text, /^ {2}label-neighbours +5 flagged/m);
  assert.match(text, /Possible backdoor: 15 flagged rows labelled 'bird'/);
  assert.match(text, /\nFindings:\n {2}spectral-signature: class 'seven' holds 15 rows far along its top singular direction <script>\n/);
  assert.match(text, /\nReport: \/out\/report\.html\n$/);
});

test('the ten most suspicious rows are listed with their reasons, highest first', () => {
  const { report } = scanFixture();
  const lines = renderTextSummary(report).split('\n').filter((l) => l.startsWith('  row '));
  assert.equal(lines.length, 10);
  const s = lines.map((l) => Number(/ (\d\.\d{3}): /.exec(l)?.[1]));
  assert.deepEqual(s, [...s].sort((a, b) => b - a));
  assert.match(lines[0], /\(id img-\d{4}\.png, label \w+\) \d\.\d{3}: (spectral-signature|label-neighbours): /);
  assert.ok(lines.every((l) => l.length <= 120), 'lines fit the width');
});

test('escape sequences hidden in ids cannot reach the terminal', () => {
  const { report } = scanFixture();
  const flagged = [{ ...report.flagged[0], id: 'evil\u001b]0;owned\u0007', suspicion: 2 }, ...report.flagged.slice(1)];
  const text = renderTextSummary({ ...report, flagged });
  assert.ok(!text.includes('\u001b') && !text.includes('\u0007'));
  assert.match(text, /id evil\\x1b\]0;owned\\x07/);
});

test('a clean scan says so', () => {
  const { report } = scanFixture();
  const text = renderTextSummary({ ...report, flagged: [], triggers: [] });
  assert.match(text, /^No rows flagged\.$/m);
  assert.doesNotMatch(text, /Most suspicious rows/);
});
