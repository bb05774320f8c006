/**
 * @module detectors/activation-clustering
 * Activation clustering (Chen et al. 2018) with a trigger-blind reclassification. Per class, the surrogate's
 * activations are split in two. Retraining without a cluster (the paper's exclusionary reclassification) fails
 * in practice: a patch trigger lives in pixels clean rows never use, so a few poisons left outside the cluster
 * re-teach it. Instead, for class c we project every row on a basis learned from the other classes' rows: a
 * pattern only class-c rows carry (a dirty-label trigger) has no variance there and drops out, at any poison
 * rate. Each row's nearest neighbours in that projection vote; a cluster whose members mostly read as other
 * classes marks the class poisoned, and the class's rows are then scored against neighbours outside it.
 * Blind spot: clean-label poisons (content matches label), and triggers that also appear in other classes.
 */
import type { Dataset } from '../../core/dataset.ts';
import { inputError } from '../../core/errors.ts';
import type { Detector, DetectorContext, DetectorResult } from '../detector.ts';
import { gather } from '../../scan/surrogate.ts';
import { pca } from '../../engine/linalg/pca.ts';
import { projectRows } from '../../engine/linalg/project.ts';
import { knn } from '../../engine/linalg/knn.ts';
import { splitClasses, type ClassSplit } from './cluster-classes.ts';

export interface ActivationClusteringOptions {
  /** principal components of the activations to cluster in (default 10, as the paper) */
  dims?: number;
  /** a candidate cluster is poison when more than this share of it reads as other classes (default 0.5: a majority) */
  reassignShare?: number;
  /** neighbours that vote (default 10) */
  neighbours?: number;
  /** dimensions of the trigger-blind basis (default 50) */
  basisDims?: number;
}

interface Verdict { split: ClassSplit; share: number; poisoned: boolean }

/** share of each query row's k nearest rows (itself excluded) that carry its label */
async function ownVotes(z: Float32Array, d: number, rows: Int32Array, labels: Int32Array, k: number): Promise<Float32Array> {
  const n = labels.length;
  const nb = await knn(gather(z, d, rows), rows.length, d, k + 1, { b: z, m: n, excludeSelf: false });
  const out = new Float32Array(rows.length);
  rows.forEach((row, qi) => {
    let same = 0, seen = 0;
    for (let j = 0; j <= k && seen < k; j++) {
      const nbr = nb.indices[qi * (k + 1) + j];
      if (nbr === row) continue;
      seen++;
      if (labels[nbr] === labels[row]) same++;
    }
    out[qi] = same / k;
  });
  return out;
}

/** label counts [rows, C] among each query row's k nearest pool rows (itself excluded) */
async function classVotes(z: Float32Array, d: number, rows: Int32Array, pool: Int32Array, labels: Int32Array, C: number, k: number): Promise<Int32Array> {
  const nb = await knn(gather(z, d, rows), rows.length, d, k + 1, { b: gather(z, d, pool), m: pool.length, excludeSelf: false });
  const out = new Int32Array(rows.length * C);
  rows.forEach((row, qi) => {
    let seen = 0;
    for (let j = 0; j <= k && seen < k; j++) {
      const nbr = pool[nb.indices[qi * (k + 1) + j]];
      if (nbr === row) continue;
      seen++;
      out[qi * C + labels[nbr]]++;
    }
  });
  return out;
}

export function createActivationClusteringDetector(options: ActivationClusteringOptions = {}): Detector {
  const dims = options.dims ?? 10, reassignShare = options.reassignShare ?? 0.5, k = options.neighbours ?? 10, basisDims = options.basisDims ?? 50;
  if (!(Number.isInteger(dims) && dims >= 2 && dims <= 64)) throw inputError('USAGE_INVALID_OPTION', 'activation-clustering dims must be an integer 2..64', { field: 'dims', got: String(dims) });
  if (!(reassignShare > 0 && reassignShare < 1)) throw inputError('USAGE_INVALID_OPTION', 'reassignShare must be in (0, 1)', { field: 'reassignShare', got: String(reassignShare) });
  if (!(Number.isInteger(k) && k >= 1 && k <= 50)) throw inputError('USAGE_INVALID_OPTION', 'neighbours must be an integer 1..50', { field: 'neighbours', got: String(k) });
  if (!(Number.isInteger(basisDims) && basisDims >= 2)) throw inputError('USAGE_INVALID_OPTION', 'basisDims must be an integer >= 2', { field: 'basisDims', got: String(basisDims) });
  return Object.freeze({
    name: 'activation-clustering',
    threat: 'backdoor' as const,
    role: 'verdict' as const,
    requires: ['labels'] as const,
    description: 'per-class activation clusters whose members read as other classes to their nearest neighbours in a trigger-blind projection (activation clustering)',
    async run(ds: Dataset, ctx: DetectorContext): Promise<DetectorResult> {
      const C = ds.classNames.length;
      const emb = await ctx.features.embeddings();
      const splits = await splitClasses(emb.data, emb.d, ds.labels, C, ctx.rng, dims);
      // one global projection keeps the per-class bases cheap (their eigenproblems are D x D, D <= 128)
      const D = Math.min(128, ds.d, ds.n - 1);
      // the basis only has to span the dominant directions, so a few subspace iterations do (on 4,096-column text
      // converging every eigenvalue to 1e-8 took 53 iterations and 20 s for 0.01% more captured variance)
      const global = (await pca(ds.features, ds.n, ds.d, D, { eigen: { maxIter: 12 } })).projections!;
      const kk = Math.min(k, ds.n - 1);
      const suspicion = new Float32Array(ds.n), flaggedMask = new Uint8Array(ds.n), reasons = new Map<number, string>();
      const verdicts: Verdict[] = [];
      for (const split of splits) {
        const c = split.classIndex;
        // a basis learned from the other classes cannot represent a pattern only this class's rows carry
        const others = Int32Array.from({ length: ds.n }, (_, i) => i).filter((i) => ds.labels[i] !== c);
        const bd = Math.min(basisDims, D, others.length - 1);
        const basis = await pca(gather(global, D, others), others.length, D, bd, { projections: false });
        const z = await projectRows(global, ds.n, D, basis.mean, basis.components, bd);
        const own = await ownVotes(z, bd, split.rows, ds.labels, kk);
        const inCandidate = new Uint8Array(ds.n);
        for (const r of split.candidate) inCandidate[r] = 1;
        const shares = [0, 0], sizes = [0, 0];
        split.rows.forEach((r, i) => { const g = inCandidate[r] ? 1 : 0; sizes[g]++; if (own[i] < 0.5) shares[g]++; });
        const share = [shares[0] / Math.max(1, sizes[0]), shares[1] / Math.max(1, sizes[1])];
        // either cluster may be the poison: at high rates the poison is the larger one
        const poisonedGroups = [0, 1].filter((g) => sizes[g] > 0 && share[g] > reassignShare);
        split.rows.forEach((r, i) => { suspicion[r] = 0.5 * (1 - own[i]); });
        const v: Verdict = { split, share: Math.max(share[0], share[1]), poisoned: poisonedGroups.length > 0 };
        verdicts.push(v);
        if (!v.poisoned) continue;
        // score the class against neighbours outside the poisoned cluster's other-looking members, so poisons cannot
        // vote for each other while odd-looking clean rows of the cluster still vouch for their look-alikes
        const excluded = new Uint8Array(ds.n);
        split.rows.forEach((r, i) => { if (poisonedGroups.includes(inCandidate[r] ? 1 : 0) && own[i] < 0.5) excluded[r] = 1; });
        const pool = Int32Array.from({ length: ds.n }, (_, i) => i).filter((i) => !excluded[i]);
        const votes = await classVotes(z, bd, split.rows, pool, ds.labels, C, kk);
        const name = ds.classNames[c];
        const clusterSize = poisonedGroups.reduce((a, g) => a + sizes[g], 0);
        split.rows.forEach((row, i) => {
          const vrow = votes.subarray(i * C, (i + 1) * C);
          const ownShare = vrow[c] / kk;
          suspicion[row] = 1 - ownShare;
          if (ownShare >= 0.5) return;
          let top = 0;
          for (let q = 1; q < C; q++) if (vrow[q] > vrow[top]) top = q;
          flaggedMask[row] = 1;
          reasons.set(row, `class '${name}' holds a cluster of ${clusterSize} rows whose activations separate from the rest and which mostly (${pct(v.share)}) look like other classes; in a projection learned from the other classes (blind to a pattern only '${name}' rows carry) this row's ${kk} nearest neighbours are ${vrow[top]} × '${ds.classNames[top]}', ${vrow[c]} × '${name}'`);
        });
      }

      const flagged = flaggedMask.reduce((a, b) => a + b, 0);
      return {
        detector: 'activation-clustering', suspicion, flaggedMask, reasons,
        estimatedContamination: flagged / ds.n,
        findings: verdicts.filter((v) => v.poisoned).map((v) => `class '${ds.classNames[v.split.classIndex]}' looks poisoned: a cluster of ${v.split.candidate.length} of its ${v.split.rows.length} rows reads as other classes (${pct(v.share)} of it)`),
        evidence: { classes: verdicts.map((v) => ({ className: ds.classNames[v.split.classIndex], rows: v.split.rows.length, cluster: v.split.candidate.length, silhouette: round(v.split.silhouette), readsAsOtherClasses: round(v.share), poisoned: v.poisoned })) },
      };
    },
  });
}

const pct = (v: number) => `${Math.round(100 * v)}%`;
const round = (v: number) => Math.round(v * 1000) / 1000;
