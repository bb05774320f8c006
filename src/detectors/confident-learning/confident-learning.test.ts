import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeDetectorContract, contextFor } from '../detector.contract.ts';
import { makeBlobs, f1Score } from '../detector.fixture.ts';
import { createConfidentLearningDetector } from './confident-learning.ts';
import { confidentJoint, pruneByNoiseRate, randomFlipBound } from './confident-joint.ts';
import { createRng } from '../../core/rng.ts';

describeDetectorContract(() => createConfidentLearningDetector(), { dataset: () => makeBlobs({ n: 300, flip: 0.1 }).dataset });

test('confident joint and pruning on hand-made probabilities flag exactly the contradicted rows', () => {
  // Prepare: 6 rows, 2 classes; rows 2 and 5 are labelled against confident predictions
  const p = Float32Array.from([0.9, 0.1, 0.8, 0.2, 0.1, 0.9, 0.2, 0.8, 0.1, 0.9, 0.95, 0.05]);
  const y = Int32Array.from([0, 0, 0, 1, 1, 1]);
  // Execute
  const cj = confidentJoint(p, y, 2);
  const r = pruneByNoiseRate(p, y, 2, cj);
  // Assert
  assert.deepEqual(Array.from(r.flagged), [0, 0, 1, 0, 0, 1]);
  assert.equal(r.likelyClass[2], 1);
  assert.equal(r.likelyClass[5], 0);
});

for (const seed of [1, 2, 3]) {
  test(`finds flipped labels among separable blobs (seed ${seed})`, async () => {
    const { dataset, poisonedMask } = makeBlobs({ n: 900, d: 8, classes: 3, flip: 0.1, seed });
    const r = await createConfidentLearningDetector().run(dataset, contextFor(dataset, seed));
    const s = f1Score(r.flaggedMask, poisonedMask);
    assert.ok(s.f1 >= 0.85, `F1 ${s.f1.toFixed(3)} (p ${s.precision.toFixed(3)}, r ${s.recall.toFixed(3)})`);
    assert.ok(Math.abs((r.estimatedContamination ?? 0) - 0.1) < 0.05, `estimated ${r.estimatedContamination}`);
  });
}

test('refitting without the suspects recovers more of a class 30% relabelled to another', async () => {
  let gained = 0;
  for (const seed of [1, 2, 3]) {
    const { dataset } = makeBlobs({ n: 900, d: 8, classes: 3, seed, spread: 1.5 });
    // targeted flip: 30% of class 1 relabelled 0
    const labels = dataset.labels, truth = new Uint8Array(dataset.n);
    let k = 0;
    for (let i = 0; i < dataset.n; i++) if (labels[i] === 1 && k++ % 10 < 3) { labels[i] = 0; truth[i] = 1; }
    const once = await createConfidentLearningDetector({ maxRefits: 0 }).run(dataset, contextFor(dataset, seed));
    const refit = await createConfidentLearningDetector().run(dataset, contextFor(dataset, seed));
    assert.equal(once.evidence.refit, false);
    assert.equal(refit.evidence.refit, true);
    const a = f1Score(once.flaggedMask, truth), b = f1Score(refit.flaggedMask, truth);
    assert.ok(b.f1 >= a.f1 - 0.02, `seed ${seed}: refit F1 ${b.f1.toFixed(3)} vs ${a.f1.toFixed(3)}`);
    gained += b.f1 - a.f1;
  }
  assert.ok(gained > 0, `no gain from refitting (${gained.toFixed(3)})`);
});

test('neighbourVotes: excluded neighbours do not vote; with none left the vote is even', async () => {
  const { neighbourVotes } = await import('./confident-joint.ts');
  const indices = Int32Array.from([1, 2, 0, 2, 0, 1]);
  const labels = Int32Array.from([0, 1, 1]);
  const all = neighbourVotes(indices, 2, labels, 2);
  assert.deepEqual(Array.from(all), [0, 1, 0.5, 0.5, 0.5, 0.5]);
  const some = neighbourVotes(indices, 2, labels, 2, Uint8Array.from([0, 1, 1]));
  assert.deepEqual(Array.from(some), [0.5, 0.5, 1, 0, 1, 0]);
});

/** blobs with 30% of class 1 relabelled 0 (the attack) and `scattered` rows of classes 2 and 3 swapped (background noise) */
function targetedWithBackground(seed: number, scattered: number) {
  const { dataset } = makeBlobs({ n: 1600, d: 8, classes: 4, seed, spread: 1.2 });
  const labels = dataset.labels, attack = new Uint8Array(dataset.n), background = new Uint8Array(dataset.n);
  let k = 0, s = 0;
  for (let i = 0; i < dataset.n; i++) {
    if (labels[i] === 1 && k++ % 10 < 3) { labels[i] = 0; attack[i] = 1; }
    else if (labels[i] >= 2 && s < scattered && i % 7 === 0) { labels[i] = labels[i] === 2 ? 3 : 2; background[i] = 1; s++; }
  }
  return { dataset, attack, background };
}

test('beside a systematic relabelling, scattered label errors under 1% of rows are reported, not flagged', async () => {
  for (const seed of [1, 2]) {
    const { dataset, attack, background } = targetedWithBackground(seed, 10);
    const r = await createConfidentLearningDetector().run(dataset, contextFor(dataset, seed));
    const natural = new Set(r.evidence.naturalLabelIssues as number[]);
    const reported = [...background.keys()].filter((i) => background[i] && natural.has(i)).length;
    assert.ok(reported >= 8, `seed ${seed}: ${reported} of 10 background errors reported as natural`);
    for (const i of natural) assert.equal(r.flaggedMask[i], 0);
    const s = f1Score(r.flaggedMask, attack);
    // the attack itself stays flagged (its recall on blobs is the refit test's subject)
    assert.ok(s.precision >= 0.95 && s.recall >= 0.5, `seed ${seed}: attack P ${s.precision.toFixed(3)} R ${s.recall.toFixed(3)}`);
  }
});

test('widespread noise beside a systematic relabelling (1% of rows or more) stays flagged', async () => {
  const { dataset, background } = targetedWithBackground(1, 60);
  const r = await createConfidentLearningDetector().run(dataset, contextFor(dataset, 1));
  assert.deepEqual(r.evidence.naturalLabelIssues, []);
  assert.ok(f1Score(r.flaggedMask, background).recall >= 0.9);
});

/** two overlapping classes whose labels follow the true posterior (natural doubt); `flip` of them then relabelled at random */
function overlapping(seed: number, n: number, flip: number) {
  const rng = createRng(seed);
  const p = new Float32Array(2 * n), labels = new Int32Array(n), flipped = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const x = (rng.next() < 0.5 ? -1 : 1) * 1.5 + rng.normal();
    const p1 = 1 / (1 + Math.exp(-3 * x));
    p[2 * i] = 1 - p1; p[2 * i + 1] = p1;
    labels[i] = rng.next() < p1 ? 1 : 0;
    if (rng.next() < flip) { labels[i] = 1 - labels[i]; flipped[i] = 1; }
  }
  // a model trained on the noisy labels learns the noisy posterior
  const rate = flip;
  for (let i = 0; i < n; i++) { const p1 = p[2 * i + 1]; p[2 * i + 1] = (1 - rate) * p1 + rate * (1 - p1); p[2 * i] = 1 - p[2 * i + 1]; }
  return { p, labels, flipped };
}

test('randomFlipBound: natural class overlap is not counted as flips; random flips are, with two standard errors of slack', async () => {
  for (const seed of [1, 2, 3]) {
    const clean = overlapping(seed, 20000, 0);
    const cj = confidentJoint(clean.p, clean.labels, 2);
    const counted = cj.joint[1] + cj.joint[2];
    const bound = randomFlipBound(clean.p, clean.labels, 2);
    // the confident joint counts doubt as error; the bound stays a small share of that
    assert.ok(bound[0] + bound[1] < 0.25 * counted, `seed ${seed}: bound ${bound[0] + bound[1]} vs joint ${counted}`);
    const noisy = overlapping(seed, 20000, 0.1);
    const b = randomFlipBound(noisy.p, noisy.labels, 2);
    const truth = noisy.flipped.reduce((a, v) => a + v, 0);
    // an upper bound (estimate + 2 SE, and natural rows in the tail only add): not below the flips, not far above
    assert.ok(b[0] + b[1] >= 0.9 * truth && b[0] + b[1] <= 1.5 * truth, `seed ${seed}: bound ${(b[0] + b[1]).toFixed(0)} vs ${truth} flips`);
  }
});
