/**
 * @module detectors/confident-learning/confident-joint
 * Confident learning (Northcutt, Jiang, Chuang, JAIR 2021): per-class thresholds t_j = mean p_j over rows
 * labelled j; the confident joint counts rows whose given label is i and whose confident class is j;
 * calibrated to the label counts it estimates how many rows of class i truly belong to j. Prune by noise
 * rate removes, for every (i, j≠i), that many rows labelled i with the largest margin p_j − p_i.
 * Blind spot: it trusts the probabilities; a model that learned the poison (a backdoor trigger) agrees with it.
 */
import { likeliestOther } from './label-pairs.ts';

export interface ConfidentJoint {
  thresholds: Float64Array;
  /** calibrated joint [C, C], given label i (row) × estimated true class j (column) */
  joint: Float64Array;
  /** each row's confident class (argmax over classes above threshold), -1 when none is confident */
  confidentClass: Int32Array;
}

export function confidentJoint(p: Float32Array, labels: Int32Array, C: number): ConfidentJoint {
  const n = labels.length;
  const sums = new Float64Array(C), counts = new Float64Array(C);
  for (let i = 0; i < n; i++) { sums[labels[i]] += p[i * C + labels[i]]; counts[labels[i]]++; }
  const thresholds = sums.map((s, j) => (counts[j] ? s / counts[j] : 1));
  const raw = new Float64Array(C * C);
  const confidentClass = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    let best = -1, bestP = -1;
    for (let j = 0; j < C; j++) {
      const v = p[i * C + j];
      if (v >= thresholds[j] && v > bestP) { best = j; bestP = v; }
    }
    confidentClass[i] = best;
    if (best >= 0) raw[labels[i] * C + best]++;
  }
  // calibrate each given-label row of the joint to that label's count, then the whole to n
  const joint = new Float64Array(C * C);
  for (let i = 0; i < C; i++) {
    let row = 0;
    for (let j = 0; j < C; j++) row += raw[i * C + j];
    for (let j = 0; j < C; j++) joint[i * C + j] = row ? (raw[i * C + j] / row) * counts[i] : 0;
  }
  return { thresholds, joint, confidentClass };
}

/** prune_by_noise_rate: the rows to flag, and the estimated true class of each */
export function pruneByNoiseRate(p: Float32Array, labels: Int32Array, C: number, cj: ConfidentJoint): { flagged: Uint8Array; likelyClass: Int32Array; estimatedIssues: number } {
  const n = labels.length;
  const flagged = new Uint8Array(n), likelyClass = new Int32Array(n).fill(-1);
  const byLabel: number[][] = Array.from({ length: C }, () => []);
  for (let i = 0; i < n; i++) byLabel[labels[i]].push(i);
  let estimatedIssues = 0;
  for (let gi = 0; gi < C; gi++) {
    const rows = byLabel[gi];
    for (let tj = 0; tj < C; tj++) {
      if (tj === gi) continue;
      const k = Math.round(cj.joint[gi * C + tj]);
      if (k <= 0) continue;
      estimatedIssues += k;
      const margin = (r: number) => p[r * C + tj] - p[r * C + gi];
      const top = rows.slice().sort((a, b) => margin(b) - margin(a)).slice(0, k);
      for (const r of top) {
        // keep only rows whose evidence points away from their label ("both" in cleanlab's terms)
        if (cj.confidentClass[r] === gi || margin(r) <= 0) continue;
        if (!flagged[r] || margin(r) > p[r * C + likelyClass[r]] - p[r * C + gi]) likelyClass[r] = tj;
        flagged[r] = 1;
      }
    }
  }
  return { flagged, likelyClass, estimatedIssues };
}

/**
 * prune_by_class: from each given class i remove the Σ_{j≠i} joint[i][j] rows with the lowest self-confidence
 * p_i. Ranking globally by self-confidence keeps the better ranking of averaged probabilities intact. With
 * `bound` (randomFlipBound), no class gives up more rows than its bound; the rows between the bound and the
 * joint's count are returned as `beyondBound`.
 */
export function pruneByClass(p: Float32Array, labels: Int32Array, C: number, cj: ConfidentJoint, bound?: Float64Array): { flagged: Uint8Array; estimatedIssues: number; beyondBound: number[] } {
  const n = labels.length;
  const flagged = new Uint8Array(n), beyondBound: number[] = [];
  const byLabel: number[][] = Array.from({ length: C }, () => []);
  for (let i = 0; i < n; i++) byLabel[labels[i]].push(i);
  let estimatedIssues = 0;
  for (let gi = 0; gi < C; gi++) {
    let k = 0;
    for (let tj = 0; tj < C; tj++) if (tj !== gi) k += cj.joint[gi * C + tj];
    k = Math.min(Math.round(k), byLabel[gi].length);
    const kept = bound ? Math.min(k, Math.round(bound[gi])) : k;
    estimatedIssues += kept;
    const rows = byLabel[gi].sort((a, b) => p[a * C + gi] - p[b * C + gi]);
    for (let r = 0; r < k; r++) if (r < kept) flagged[rows[r]] = 1; else beyondBound.push(rows[r]);
  }
  return { flagged, estimatedIssues, beyondBound };
}

/**
 * How many rows of each given class random relabelling can explain, by mixture proportion estimation (Scott,
 * Blanchard & Handy 2013). Rows moved from class i to label j at random are a random sample of class i, so their
 * p_j is distributed like the p_j of rows labelled i that read as i. Take the `tail` quantile τ of that
 * distribution: of the rows labelled j that read as i, those with p_j <= τ are flips (clean rows of j seldom score
 * their own class that low), and they are the `tail` share of all the flips from i. Summed over i, plus two
 * Poisson standard errors, that bounds class j's flips. Disagreement beyond it is the natural overlap of classes
 * (Adult's incomes: a model is unsure of most rows, and confident learning's mean-confidence thresholds count
 * that doubt as errors): it stays a label issue but is not a flip.
 * Blind spot: flips chosen near the boundary (their p_j is not in the tail) are undercounted.
 */
export function randomFlipBound(p: Float32Array, labels: Int32Array, C: number, tail = 0.1): Float64Array {
  const n = labels.length, bound = new Float64Array(C);
  for (let j = 0; j < C; j++) {
    // one pass: by each row's likeliest class i other than j, the p_j of rows labelled i (the source
    // distribution) and of rows labelled j (the candidates)
    const source: number[][] = Array.from({ length: C }, () => []), candidates: number[][] = Array.from({ length: C }, () => []);
    for (let r = 0; r < n; r++) {
      const i = likeliestOther(p, r, j, C);
      if (labels[r] === i) source[i].push(p[r * C + j]); else if (labels[r] === j) candidates[i].push(p[r * C + j]);
    }
    let estimate = 0, variance = 0;
    for (let i = 0; i < C; i++) {
      if (i === j) continue;
      // too few rows of i to know its tail: every labelled-j row reading as i may be a flip
      if (source[i].length < 10) { estimate += candidates[i].length; continue; }
      const sorted = source[i].sort((a, b) => a - b);
      const tau = sorted[Math.floor(tail * (sorted.length - 1))];
      let below = 0;
      while (below < sorted.length && sorted[below] <= tau) below++;
      const share = below / sorted.length;
      const flips = candidates[i].filter((v) => v <= tau).length;
      estimate += flips / share;
      variance += (flips + 1) / (share * share);
    }
    bound[j] = estimate + 2 * Math.sqrt(variance);
  }
  return bound;
}

/** class votes of each row's k nearest neighbours (self excluded), as probabilities [n, C] */
export function neighbourVotes(indices: Int32Array, k: number, labels: Int32Array, C: number, excluded?: Uint8Array): Float32Array {
  const n = labels.length, out = new Float32Array(n * C);
  for (let i = 0; i < n; i++) {
    let voters = 0;
    for (let j = 0; j < k; j++) { const r = indices[i * k + j]; if (!excluded?.[r]) { out[i * C + labels[r]]++; voters++; } }
    // with every neighbour excluded the vote is uninformative: spread evenly
    for (let c = 0; c < C; c++) out[i * C + c] = voters ? out[i * C + c] / voters : 1 / C;
  }
  return out;
}
