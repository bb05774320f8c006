/**
 * @module detectors/confident-learning/label-pairs
 * Helpers over label pairs (given label, likeliest true class) for confident learning: which pairs are a
 * systematic relabelling, which flags are scattered background beside one, the joint scaled to the random-flip
 * bound, and the weight of the models' view against the neighbours' votes.
 */
import type { Dataset } from '../../core/dataset.ts';

/**
 * Beside a systematic relabelling (pairs holding >= `min` rows), flags in the other pairs that together stay under
 * `min` rows are the background every real dataset has (MNIST's own label errors: about 0.1% of rows), not the
 * attack: returned so they can be reported apart. Widespread noise beside the attack (>= `min` rows) stays flagged.
 */
export function scatteredIssues(flagged: Uint8Array, p: Float32Array, ds: Dataset, systematic: Set<number>, min: number): number[] {
  if (!systematic.size) return [];
  const C = ds.classNames.length, out: number[] = [];
  for (let i = 0; i < ds.n; i++) if (flagged[i] && !systematic.has(ds.labels[i] * C + likeliestOther(p, i, ds.labels[i], C))) out.push(i);
  return out.length < min ? out : [];
}

/**
 * The weight of the models' view against the neighbours' votes: whichever mix predicts the given labels best
 * (lowest Brier score) out of sample. Neighbour votes in the PCA projection are a strong classifier for images
 * and a weak one for one-hot tables, where the models alone rank flips better (Adult: F1 0.66 against 0.64 at
 * the true count). Label noise adds about the same to every mix's score, so it does not move the choice. The
 * choice is coarse (either view alone, or their even average, which wins ties): on MNIST the scores of nearby
 * mixes differ by 0.3% and would pick a mix by chance.
 */
export function viewWeight(model: Float32Array, votes: Float32Array, labels: Int32Array, C: number): number {
  let best = 0.5, bestScore = Infinity;
  for (const w of [0.5, 0, 1]) {
    let score = 0;
    for (let i = 0; i < labels.length; i++) {
      for (let c = 0; c < C; c++) {
        const e = w * model[i * C + c] + (1 - w) * votes[i * C + c] - (c === labels[i] ? 1 : 0);
        score += e * e;
      }
    }
    if (score < bestScore - 1e-9) { best = w; bestScore = score; }
  }
  return best;
}

/** label pairs (given * C + true) of the calibrated joint holding at least `min` rows */
export function systematicPairs(joint: Float64Array, C: number, min: number): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < C; i++) for (let j = 0; j < C; j++) if (i !== j && joint[i * C + j] >= min) out.add(i * C + j);
  return out;
}

export function argmax(p: Float32Array, i: number, C: number): number {
  let best = 0;
  for (let c = 1; c < C; c++) if (p[i * C + c] > p[i * C + best]) best = c;
  return best;
}

/** the likeliest class other than `own` */
export function likeliestOther(p: Float32Array, i: number, own: number, C: number): number {
  let best = own === 0 ? 1 : 0;
  for (let c = 0; c < C; c++) if (c !== own && p[i * C + c] > p[i * C + best]) best = c;
  return best;
}

/** each given class's off-diagonal counts scaled so that together they stay within its random-flip bound */
export function boundedJoint(joint: Float64Array, bound: Float64Array, C: number): Float64Array {
  const out = Float64Array.from(joint);
  for (let i = 0; i < C; i++) {
    let off = 0;
    for (let j = 0; j < C; j++) if (j !== i) off += joint[i * C + j];
    if (off > bound[i]) for (let j = 0; j < C; j++) if (j !== i) out[i * C + j] *= bound[i] / off;
  }
  return out;
}

/** the largest count of the calibrated joint off its diagonal */
export function largestOffDiagonal(joint: Float64Array, C: number): number {
  let best = 0;
  for (let i = 0; i < C; i++) for (let j = 0; j < C; j++) if (i !== j) best = Math.max(best, joint[i * C + j]);
  return best;
}
