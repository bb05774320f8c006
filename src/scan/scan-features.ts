/**
 * @module scan/scan-features
 * Heavy computations several detectors share, computed lazily and at most once per scan: a PCA projection,
 * the k-nearest-neighbour graph, a surrogate model with its embeddings, and out-of-sample class
 * probabilities from K-fold cross-validation. Each records its seconds for the report.
 */
import type { Dataset } from '../core/dataset.ts';
import { createRng } from '../core/rng.ts';
import { pca } from '../engine/linalg/pca.ts';
import { knn, type KnnResult } from '../engine/linalg/knn.ts';
import type { TrainedModel } from '../engine/trained-model.ts';
import { trainSurrogate, gather, type SurrogateOptions } from './surrogate.ts';

export interface Matrix { readonly data: Float32Array; readonly d: number }

export interface ScanFeatures {
  readonly dataset: Dataset;
  /** centred projection on the top principal components (at most `projectionDims`) */
  projection(): Promise<Matrix>;
  /** each row's k nearest other rows in the projection (k up to 50) */
  neighbours(k: number): Promise<KnnResult>;
  /** the surrogate trained on every row */
  surrogate(): Promise<TrainedModel>;
  /** penultimate-layer activations of the surrogate (the projection when the surrogate has no hidden layer) */
  embeddings(): Promise<Matrix>;
  /** out-of-sample probabilities [n, C] from K-fold cross-validation, never trained on the rows it scores */
  outOfSampleProbabilities(): Promise<Float32Array>;
  /** the cross-validation itself: its probabilities, each fold's model, and the fold that holds out each row */
  crossValidation(): Promise<CrossValidation>;
  /** same, but no fold ever trains on the `excluded` rows (they are still scored) */
  outOfSampleProbabilitiesExcluding(excluded: Uint8Array, tag: string): Promise<Float32Array>;
  /** seconds spent per shared computation */
  readonly timings: Record<string, number>;
}

export interface CrossValidation {
  /** [n, C], each row scored by the model that never trained on it */
  readonly probabilities: Float32Array;
  readonly models: readonly TrainedModel[];
  /** fold[i]: the model (index into models) that held row i out */
  readonly fold: Int32Array;
}

export interface ScanFeaturesOptions {
  seed?: number;
  folds?: number;
  projectionDims?: number;
  surrogate?: SurrogateOptions;
  /** embeddings from the user's own model instead of the surrogate's penultimate layer */
  embed?: (features: Float32Array, n: number) => Promise<Matrix>;
  onStage?: (stage: string) => void;
}

const MAX_K = 50;

export function createScanFeatures(ds: Dataset, o: ScanFeaturesOptions = {}): ScanFeatures {
  const seed = o.seed ?? 0;
  const folds = o.folds ?? 4;
  const timings: Record<string, number> = {};
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, f: () => Promise<T>): Promise<T> => {
    if (!memo.has(key)) {
      memo.set(key, (async () => {
        o.onStage?.(key);
        const t = performance.now();
        const r = await f();
        timings[key] = (timings[key] ?? 0) + (performance.now() - t) / 1000;
        return r;
      })());
    }
    return memo.get(key) as Promise<T>;
  };

  const cv = (excluded: Uint8Array | undefined) => async (): Promise<CrossValidation> => {
    const C = ds.classNames.length;
    const parts = kFoldIndices(ds.labels, C, folds, seed);
    const out = new Float32Array(ds.n * C);
    const fold = new Int32Array(ds.n);
    const models: TrainedModel[] = [];
    for (let f = 0; f < folds; f++) {
      const train = Int32Array.from(parts.flatMap((p, g) => (g === f ? [] : Array.from(p))).filter((r) => !excluded?.[r]));
      const model = await trainSurrogate(ds, train, { ...o.surrogate, seed: seed + f });
      const held = parts[f];
      const p = await model.predictProba(gather(ds.features, ds.d, held), held.length);
      held.forEach((r, i) => { out.set(p.subarray(i * C, (i + 1) * C), r * C); fold[r] = f; });
      models.push(model);
    }
    return { probabilities: out, models, fold };
  };

  const features: ScanFeatures = {
    dataset: ds,
    timings,
    projection: () => once('projection', async () => {
      const k = Math.min(o.projectionDims ?? 50, ds.d, Math.max(1, ds.n - 1));
      // a projection for neighbours and plots needs the dominant directions, not eigenvalues converged to 1e-8
      const r = await pca(ds.features, ds.n, ds.d, k, { eigen: { maxIter: 12 } });
      return { data: r.projections!, d: k };
    }),
    neighbours: async (k) => {
      const all = await once('neighbours', async () => {
        const p = await features.projection();
        return knn(p.data, ds.n, p.d, Math.min(MAX_K, ds.n - 1));
      });
      return k >= all.k ? all : sliceKnn(all, ds.n, k);
    },
    surrogate: () => once('surrogate', () => trainSurrogate(ds, undefined, { ...o.surrogate, seed })),
    embeddings: () => once('embeddings', async () => {
      if (o.embed) return o.embed(ds.features, ds.n);
      const m = await features.surrogate();
      // softmax regression's "penultimate layer" is the raw input: thousands of sparse columns, so use the projection
      if (m.spec.kind === 'softmax') return features.projection();
      const out = await m.output('embedding', ds.features, ds.n);
      return { data: out.data, d: out.width };
    }),
    crossValidation: () => once('cross-validation', cv(undefined)),
    outOfSampleProbabilities: async () => (await features.crossValidation()).probabilities,
    outOfSampleProbabilitiesExcluding: async (excluded, tag) => (await once(`cross-validation-excluding-${tag}`, cv(excluded))).probabilities,
  };
  return features;
}

/** K stratified folds of row indices, seeded */
export function kFoldIndices(labels: Int32Array, classes: number, k: number, seed: number): Int32Array[] {
  const rng = createRng(seed).fork('folds');
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  labels.forEach((l, i) => byClass[l].push(i));
  const folds: number[][] = Array.from({ length: k }, () => []);
  let next = 0;
  for (const rows of byClass) {
    rng.shuffle(rows);
    for (const r of rows) { folds[next % k].push(r); next++; }
  }
  return folds.map((f) => Int32Array.from(f.sort((a, b) => a - b)));
}

function sliceKnn(r: KnnResult, n: number, k: number): KnnResult {
  const indices = new Int32Array(n * k), distances = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    indices.set(r.indices.subarray(i * r.k, i * r.k + k), i * k);
    distances.set(r.distances.subarray(i * r.k, i * r.k + k), i * k);
  }
  return { k, indices, distances };
}

