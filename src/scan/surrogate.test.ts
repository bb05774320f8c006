import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDataset } from '../core/dataset.ts';
import { createRng } from '../core/rng.ts';
import { isWideSparse, surrogateTraining } from './surrogate.ts';

function rows(n: number, d: number, nonZeroPerRow: number) {
  const rng = createRng(1), x = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let k = 0; k < nonZeroPerRow; k++) x[i * d + rng.int(d)] = 1 + rng.next();
  return createDataset({ features: x, d, labels: Int32Array.from({ length: n }, (_, i) => i % 2), classNames: ['a', 'b'] });
}

test('surrogate: hashed-text-like data (4,096 columns, ~30 set per row) gets softmax regression with plain SGD', () => {
  const text = rows(300, 4096, 30);
  assert.equal(isWideSparse(text), true);
  const t = surrogateTraining(text, text.n);
  assert.equal(t.model, 'softmax');
  assert.equal(t.optimizer, 'sgd');
});

test('surrogate: dense or narrow data keeps the MLP; the caller can force either model', () => {
  const dense = rows(300, 1024, 400), narrow = rows(300, 98, 3);
  assert.equal(isWideSparse(dense), false);
  assert.equal(isWideSparse(narrow), false);
  assert.equal(surrogateTraining(dense, dense.n).model, 'mlp');
  assert.equal(surrogateTraining(narrow, narrow.n).model, 'mlp');
  assert.equal(surrogateTraining(dense, dense.n, { model: 'softmax' }).model, 'softmax');
  assert.equal(surrogateTraining(rows(300, 4096, 30), 300, { model: 'mlp' }).model, 'mlp');
});

test('surrogate: the epoch count follows the step budget within [3, 40]', () => {
  const ds = rows(300, 98, 3);
  assert.equal(surrogateTraining(ds, 300).epochs, 40);
  assert.equal(surrogateTraining(ds, 60000).epochs, 3);
  assert.equal(surrogateTraining(ds, 10000, { steps: 1200 }).epochs, Math.round((1200 * 128) / 10000));
});
