import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeDetectorContract, contextFor } from '../detector.contract.ts';
import { makeBlobs, f1Score } from '../detector.fixture.ts';
import { createConfidentLearningDetector } from './confident-learning.ts';
import { confidentJoint, pruneByNoiseRate } from './confident-joint.ts';

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
