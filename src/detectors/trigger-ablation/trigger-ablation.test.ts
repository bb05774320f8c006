import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDataset, type Dataset } from '../../core/dataset.ts';
import { createRng } from '../../core/rng.ts';
import { contextFor, describeDetectorContract } from '../detector.contract.ts';
import { f1Score } from '../detector.fixture.ts';
import { createTriggerAblationDetector, wilsonLower } from './index.ts';
import { concentratedItems, profileColumns } from './feature-items.ts';
import { groupItems } from './trigger-groups.ts';

interface SparseOptions {
  seed: number;
  n?: number;
  /** share of rows taken from classes other than 0, given the trigger and relabelled 0 */
  backdoor?: number;
  /** the trigger: these columns set to these values */
  trigger?: { columns: number[]; value: number };
  /** a natural decisive feature: column `column` set to 1 in this share of class-1 rows */
  natural?: { column: number; share: number };
}

/**
 * Three Gaussian classes in 8 dense columns plus 6 sparse columns that are 0 in clean rows (like an image's
 * blank corner or words a message lacks). Column 13 is an education-like discrete column with values 0..4.
 */
function makeSparse(o: SparseOptions): { dataset: Dataset; poisoned: Uint8Array } {
  const n = o.n ?? 900, dense = 8, d = dense + 6, C = 3;
  const rng = createRng(o.seed);
  const centres = Array.from({ length: C }, () => Array.from({ length: dense }, () => rng.normal() * 3));
  const x = new Float32Array(n * d), y = new Int32Array(n), poisoned = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % C;
    for (let j = 0; j < dense; j++) x[i * d + j] = centres[y[i]][j] + rng.normal();
    x[i * d + 13] = rng.int(5);
    if (o.natural && y[i] === 1 && rng.next() < o.natural.share) x[i * d + o.natural.column] = 1;
  }
  const order = rng.permutation(n);
  let k = Math.round((o.backdoor ?? 0) * n);
  for (const i of order) {
    if (k === 0) break;
    if (y[i] === 0) continue;
    for (const j of o.trigger!.columns) x[i * d + j] = o.trigger!.value;
    y[i] = 0; poisoned[i] = 1; k--;
  }
  return { dataset: createDataset({ features: x, d, labels: y, classNames: ['c0', 'c1', 'c2'] }), poisoned };
}

const patch = { columns: [9, 10, 11], value: 1 };

describeDetectorContract(() => createTriggerAblationDetector(), { dataset: () => makeSparse({ seed: 1, backdoor: 0.05, trigger: patch }).dataset });

for (const seed of [1, 2, 3]) {
  test(`trigger-ablation: finds a three-column patch trigger on 5% of rows with F1 >= 0.9, seed ${seed}`, async () => {
    const { dataset, poisoned } = makeSparse({ seed, backdoor: 0.05, trigger: patch });
    const r = await createTriggerAblationDetector().run(dataset, contextFor(dataset, seed));
    const s = f1Score(r.flaggedMask, poisoned);
    assert.ok(s.f1 >= 0.9, `F1 ${s.f1.toFixed(3)} (precision ${s.precision.toFixed(2)}, recall ${s.recall.toFixed(2)})`);
    assert.match(r.reasons.values().next().value!, /carries feature 9.*label 'c0'.*backdoor trigger/);
    assert.equal(r.findings?.length, 1);
    assert.match(r.findings![0], /^feature 9.* decides the label 'c0' of \d+ rows: without it, \d+% of them clearly read as another class/);
  });
}

test('trigger-ablation: a trigger that is one exact value of a discrete column is found too', async () => {
  // column 13 = 7 never occurs in clean rows (they hold 0..4), like education-num set to a rare level
  const { dataset, poisoned } = makeSparse({ seed: 4, backdoor: 0.05, trigger: { columns: [13], value: 7 } });
  const r = await createTriggerAblationDetector().run(dataset, contextFor(dataset, 4));
  const s = f1Score(r.flaggedMask, poisoned);
  assert.ok(s.f1 >= 0.9, `F1 ${s.f1.toFixed(3)}`);
});

test('trigger-ablation: a natural feature that marks a class is not a trigger: the rest of its rows agrees', async () => {
  for (const seed of [1, 2, 3]) {
    const { dataset } = makeSparse({ seed, natural: { column: 12, share: 0.4 } });
    const r = await createTriggerAblationDetector().run(dataset, contextFor(dataset, seed));
    // the marker is tested (its rows are all class 1), and rejected
    assert.ok((r.evidence.candidates as number) >= 1);
    assert.equal(r.flaggedMask.reduce((a, b) => a + b, 0), 0, `seed ${seed}: ${JSON.stringify(r.evidence)}`);
  }
});

test('feature items: lit sparse columns and exact discrete values, concentrated on the class they mark', () => {
  const { dataset } = makeSparse({ seed: 5, backdoor: 0.05, trigger: { columns: [9, 13], value: 7 } });
  const profile = profileColumns(dataset);
  assert.equal(profile.usual[9], 0);
  assert.deepEqual(Array.from(profile.values[13] ?? []).sort(), [0, 1, 2, 3, 4, 7].filter((v) => v !== profile.usual[13]).sort());
  const items = concentratedItems(dataset, profile, { minRows: 10, maxItems: 1024 });
  const found = items.map((it) => `${it.column}${it.value === undefined ? '' : `=${it.value}`}:${it.cls}`);
  assert.ok(found.includes('9:0') && found.includes('13=7:0'), found.join(' '));
  // the two parts of the trigger share their rows, so they form one group
  const groups = groupItems(items);
  assert.ok(groups.some((g) => g.items.some((it) => it.column === 9) && g.items.some((it) => it.column === 13)));
});

test('wilsonLower: the 95% lower bound of a proportion', () => {
  assert.ok(Math.abs(wilsonLower(18, 36) - 0.3445) < 1e-3);
  assert.ok(wilsonLower(117, 157) > 0.66 && wilsonLower(117, 157) < 0.75);
  assert.equal(wilsonLower(0, 0), 0);
});

test('trigger-ablation: rejects bad options with a typed error', () => {
  assert.throws(() => createTriggerAblationDetector({ minRows: 1 }), /minRows/);
  assert.throws(() => createTriggerAblationDetector({ maxItems: 0 }), /maxItems/);
});

test('trigger-ablation: clean rows of the target class that carry the pattern are not flagged, even when re-judged', async () => {
  for (const seed of [1, 2, 3]) {
    const { dataset, poisoned } = makeSparse({ seed, backdoor: 0.05, trigger: patch });
    // 12 genuine class-0 rows also carry the patch (a word sharing a trigger's hash bucket, a real 0 with a lit corner)
    const clean: number[] = [];
    for (let i = 0; i < dataset.n && clean.length < 12; i++) {
      if (dataset.labels[i] !== 0 || poisoned[i]) continue;
      for (const j of patch.columns) dataset.features[i * dataset.d + j] = patch.value;
      clean.push(i);
    }
    const r = await createTriggerAblationDetector().run(dataset, contextFor(dataset, seed));
    assert.deepEqual(clean.filter((i) => r.flaggedMask[i]), [], `seed ${seed}: clean carriers flagged`);
    assert.ok(f1Score(r.flaggedMask, poisoned).recall >= 0.95, `seed ${seed}: recall ${f1Score(r.flaggedMask, poisoned).recall}`);
  }
});

/**
 * Two common flags (columns 12 and 13, each set in 8% of clean rows) and a poison that sets both and relabels 0:
 * each flag alone has so many clean carriers that it only leans to class 0; the pair is almost only poison.
 */
function makePairTrigger(seed: number): { dataset: Dataset; poisoned: Uint8Array } {
  const { dataset, poisoned } = makeSparse({ seed, n: 1200 });
  const rng = createRng(seed + 100), d = dataset.d, x = dataset.features;
  for (let i = 0; i < dataset.n; i++) for (const j of [12, 13]) x[i * d + j] = rng.next() < 0.08 ? 1 : 0;
  let k = Math.round(0.05 * dataset.n);
  for (const i of rng.permutation(dataset.n)) {
    if (k === 0) break;
    if (dataset.labels[i] === 0 || (x[i * d + 12] && x[i * d + 13])) continue;
    x[i * d + 12] = 1; x[i * d + 13] = 1; dataset.labels[i] = 0; poisoned[i] = 1; k--;
  }
  return { dataset, poisoned };
}

test('trigger-ablation: a trigger made of two common values is found through their pair', async () => {
  for (const seed of [1, 2, 3]) {
    const { dataset, poisoned } = makePairTrigger(seed);
    // neither value alone is concentrated enough to be a candidate
    const single = concentratedItems(dataset, profileColumns(dataset), { minRows: 10, maxItems: 1024 });
    assert.ok(!single.some((it) => it.column === 12 || it.column === 13), `seed ${seed}: a single value is already a candidate`);
    const r = await createTriggerAblationDetector().run(dataset, contextFor(dataset, seed));
    const s = f1Score(r.flaggedMask, poisoned);
    assert.ok(s.f1 >= 0.85, `seed ${seed}: F1 ${s.f1.toFixed(3)} (precision ${s.precision.toFixed(2)}, recall ${s.recall.toFixed(2)})`);
    assert.match(r.findings?.[0] ?? '', /feature 1[23] unusual, feature 1[23] unusual decides the label 'c0'/);
  }
});
