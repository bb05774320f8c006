import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDataset } from '../core/dataset.ts';
import { createRng } from '../core/rng.ts';
import { ToolkitError } from '../core/errors.ts';
import { scanDataset } from './run-scan.ts';

/** three Gaussian classes in 6 columns plus 2 columns that are 0 unless a trigger sets them (5% of rows, relabelled 0) */
function triggered(seed: number) {
  const n = 600, d = 8, rng = createRng(seed);
  const centres = Array.from({ length: 3 }, () => Array.from({ length: 6 }, () => rng.normal() * 3));
  const x = new Float32Array(n * d), y = new Int32Array(n), poisoned = new Uint8Array(n);
  for (let i = 0; i < n; i++) { y[i] = i % 3; for (let j = 0; j < 6; j++) x[i * d + j] = centres[y[i]][j] + rng.normal(); }
  let k = 30;
  for (const i of rng.permutation(n)) {
    if (k === 0) break;
    if (y[i] === 0) continue;
    x[i * d + 6] = 1; x[i * d + 7] = 1; y[i] = 0; poisoned[i] = 1; k--;
  }
  return { ds: createDataset({ features: x, d, labels: y, classNames: ['a', 'b', 'c'] }), poisoned };
}

test('scan: confident learning runs after the other verdict detectors whatever order they are named in', async () => {
  const { ds, poisoned } = triggered(1);
  const { report, sanitised, keptRows } = await scanDataset(ds, { detectors: ['confident-learning', 'trigger-ablation'], seed: 1 });
  assert.deepEqual(Object.keys(report.detectors), ['trigger-ablation', 'confident-learning']);
  // the trigger rows are found and removed from the sanitised copy
  let found = 0;
  poisoned.forEach((p, i) => { if (p && report.flaggedMask[i]) found++; });
  assert.ok(found >= 27, `found ${found} of 30`);
  assert.equal(sanitised.n + report.flagged.length, ds.n);
  assert.ok(keptRows.every((r) => !report.flaggedMask[r]));
  assert.ok(report.detectors['trigger-ablation'].findings.some((f) => /feature 6.*decides the label 'a'/.test(f)), JSON.stringify(report.detectors['trigger-ablation'].findings));
});

test('scan: a contamination outside [0, 1) is a typed usage error', async () => {
  const { ds } = triggered(2);
  await assert.rejects(scanDataset(ds, { contamination: 1.5 }), (e: unknown) => e instanceof ToolkitError && e.code === 'USAGE_INVALID_OPTION');
});
