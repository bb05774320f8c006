/**
 * @module scan/surrogate
 * The surrogate classifier the scan trains to see the data the way a victim model would: an MLP sized to
 * the data, trained for a step budget rather than a fixed epoch count, so small and large datasets both
 * converge without memorising their own noise. Wide sparse data (hashed TF-IDF text) gets softmax regression
 * instead, the standard model there: a hidden layer over thousands of sparse inputs memorises the few rows
 * each word occurs in, and costs a hundred times the compute.
 */
import type { Dataset } from '../core/dataset.ts';
import { trainClassifier, type TrainOptions } from '../engine/train.ts';
import type { TrainedModel } from '../engine/trained-model.ts';

export interface SurrogateOptions {
  /** optimiser steps to aim for (default 1,200 at batch 128); epochs = steps·batch / rows, within [3, 40] */
  steps?: number;
  /** 'auto' (default): softmax regression for wide sparse data, else an MLP */
  model?: 'auto' | 'mlp' | 'softmax';
  hidden?: number;
  seed?: number;
}

export function surrogateTraining(ds: Dataset, rows: number, o: SurrogateOptions = {}): TrainOptions {
  const batch = 128;
  const steps = o.steps ?? 1200;
  const epochs = Math.max(3, Math.min(40, Math.round((steps * batch) / Math.max(1, rows))));
  const hidden = o.hidden ?? (ds.d >= 256 ? 256 : 128);
  const model = o.model === 'mlp' || o.model === 'softmax' ? o.model : isWideSparse(ds) ? 'softmax' : 'mlp';
  // plain momentum SGD: Adam's per-weight step sizes blow up the weights of rare words, which then memorise their rows
  if (model === 'softmax') return { model, epochs, batch, lr: 0.25, optimizer: 'sgd', weightDecay: 1e-4, seed: o.seed ?? 0 };
  return { model: 'mlp', hidden: [hidden], epochs, batch, lr: 1e-3, optimizer: 'adam', weightDecay: 1e-4, seed: o.seed ?? 0 };
}

/** train the surrogate on `rows` of ds (all rows when omitted) */
export async function trainSurrogate(ds: Dataset, rows: Int32Array | undefined, o: SurrogateOptions = {}): Promise<TrainedModel> {
  const opts = surrogateTraining(ds, rows?.length ?? ds.n, o);
  return trainClassifier(ds, { ...opts, rows });
}

/** gather rows of a row-major matrix into a new contiguous array */
export function gather(x: Float32Array, d: number, rows: ArrayLike<number>): Float32Array {
  const out = new Float32Array(rows.length * d);
  for (let i = 0; i < rows.length; i++) out.set(x.subarray(rows[i] * d, (rows[i] + 1) * d), i * d);
  return out;
}

/** at least 1,024 features with under 2% of them non-zero in a sample of rows */
export function isWideSparse(ds: Dataset): boolean {
  if (ds.d < 1024) return false;
  const step = Math.max(1, Math.floor(ds.n / 512));
  let nonZero = 0, seen = 0;
  for (let i = 0; i < ds.n; i += step, seen++) {
    const row = ds.features.subarray(i * ds.d, (i + 1) * ds.d);
    for (let j = 0; j < row.length; j++) if (row[j] !== 0) nonZero++;
  }
  return nonZero < 0.02 * seen * ds.d;
}
