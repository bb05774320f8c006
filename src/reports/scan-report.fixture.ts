/**
 * A synthetic scan of a small image dataset, for report tests: 8×8 grayscale images in 4 classes, 15 rows
 * carrying a bright 2×2 corner patch relabelled to class 1 (a BadNets-style backdoor) and 5 label flips.
 * Every number is made up but internally consistent (masks, counts, per-class tallies, the trigger).
 */
import { createDataset, type Dataset } from '../core/dataset.ts';
import { createRng } from '../core/rng.ts';
import type { DetectorSummary, FlaggedRow, ScanReport } from '../scan/scan-report.ts';

export interface ScanFixtureOptions {
  n?: number;
  classNames?: readonly string[];
  /** replaces the id of row `row` (to test escaping of hostile ids) */
  hostileId?: { row: number; id: string };
}

export interface ScanFixture { report: ScanReport; ds: Dataset; backdoorRows: number[]; flipRows: number[] }

const H = 8, W = 8, D = H * W;

export function scanFixture(opts: ScanFixtureOptions = {}): ScanFixture {
  const n = opts.n ?? 200;
  const classNames = opts.classNames ?? ['airplane', 'bird', 'cat', 'deer'];
  const rng = createRng(7);
  const labels = new Int32Array(n).map((_, i) => i % classNames.length);
  const features = new Float32Array(n * D);
  for (let i = 0; i < n; i++) {
    // a soft class-specific stripe plus noise, so example tiles look like something
    const c = labels[i];
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
      const stripe = c % 2 === 0 ? Math.abs(x - 2 - c) < 2 : Math.abs(y - 1 - c) < 2;
      features[i * D + y * W + x] = Math.min(1, Math.max(0, (stripe ? 0.6 : 0.15) + 0.1 * rng.normal()));
    }
  }
  const order = rng.permutation(n);
  const backdoorRows = Array.from(order.subarray(0, 15));
  const flipRows = Array.from(order.subarray(15, 20));
  for (const r of backdoorRows) {
    labels[r] = 1;
    for (const [y, x] of [[6, 6], [6, 7], [7, 6], [7, 7]]) features[r * D + y * W + x] = 1;
  }
  for (const r of flipRows) labels[r] = (labels[r] + 2) % classNames.length;
  const rowIds = Array.from({ length: n }, (_, i) => (opts.hostileId?.row === i ? opts.hostileId.id : `img-${String(i).padStart(4, '0')}.png`));
  const ds = createDataset({ features, d: D, labels, classNames, rowIds, imageShape: [H, W], source: { path: 'data/tiny-images', format: 'case-folders' } });

  const isBackdoor = new Set(backdoorRows), isFlip = new Set(flipRows);
  const spectral = new Float32Array(n), neighbours = new Float32Array(n), suspicion = new Float32Array(n);
  const flaggedMask = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    spectral[i] = isBackdoor.has(i) ? 0.75 + 0.25 * rng.next() : 0.35 * rng.next();
    neighbours[i] = isFlip.has(i) ? 0.7 + 0.3 * rng.next() : 0.4 * rng.next() ** 2;
    suspicion[i] = Math.max(spectral[i], neighbours[i]);
    flaggedMask[i] = isBackdoor.has(i) || isFlip.has(i) ? 1 : 0;
  }
  const name = (i: number): string => classNames[labels[i]];
  const flagged: FlaggedRow[] = [...backdoorRows, ...flipRows]
    .map((row) => ({
      row, id: rowIds[row], label: name(row), suspicion: suspicion[row],
      reasons: isBackdoor.has(row)
        ? [{ detector: 'spectral-signature', text: `${(3 + spectral[row] * 3).toFixed(1)}σ along the top singular direction of class '${name(row)}'` }]
        : [{ detector: 'label-neighbours', text: `labelled '${name(row)}' but 9 of 10 nearest neighbours are '${classNames[(labels[row] + 2) % classNames.length]}'` }],
    }))
    .sort((a, b) => b.suspicion - a.suspicion);

  const detectors: Record<string, DetectorSummary> = {
    'spectral-signature': {
      flaggedCount: 15, seconds: 0.42, threat: 'backdoor', estimatedContamination: 0.075,
      description: 'Backdoored rows leave a trace along the top singular direction of their class (Tran et al. 2018).',
      suspicion: spectral, evidence: { perClassTopSingularValue: Float32Array.of(1.2, 4.8, 1.1, 1.3), removed: 1.5 },
      findings: ["class 'seven' holds 15 rows far along its top singular direction <script>"],
    },
    'label-neighbours': {
      flaggedCount: 5, seconds: 0.18, threat: 'label-flip', estimatedContamination: 0.025,
      description: 'A row whose label disagrees with most of its nearest neighbours may have been relabelled.',
      suspicion: neighbours, evidence: { k: 10 },
      findings: [],
    },
  };
  const perClass = classNames.map((className, c) => {
    let rows = 0, f = 0;
    for (let i = 0; i < n; i++) if (labels[i] === c) { rows++; f += flaggedMask[i]; }
    return { className, rows, flagged: f };
  });
  const xy = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const angle = (labels[i] / classNames.length) * 2 * Math.PI;
    const off = isBackdoor.has(i) ? 2.5 : 0;
    xy[2 * i] = 3 * Math.cos(angle) + off + 0.6 * rng.normal();
    xy[2 * i + 1] = 3 * Math.sin(angle) + off + 0.6 * rng.normal();
  }
  const pattern = new Float32Array(D);
  const inClass = (keep: (i: number) => boolean): number[] => Array.from({ length: n }, (_, i) => i).filter((i) => labels[i] === 1 && keep(i));
  const fRows = inClass((i) => isBackdoor.has(i)), cRows = inClass((i) => !flaggedMask[i]);
  for (let j = 0; j < D; j++) {
    const mean = (rows: number[]): number => rows.reduce((s, i) => s + features[i * D + j], 0) / Math.max(1, rows.length);
    pattern[j] = mean(fRows) - mean(cRows);
  }
  const report: ScanReport = {
    version: 1,
    input: { path: 'data/tiny-images', format: 'case-folders', rows: n, features: D, classNames, imageShape: [H, W] },
    suspicion, flaggedMask, flagged, estimatedContamination: 0.1, threshold: 0.6, contaminationSource: 'estimated',
    detectors, perClass,
    projection: { rows: Int32Array.from({ length: n }, (_, i) => i), xy },
    triggers: [{ classIndex: 1, className: classNames[1], pattern, imageShape: [H, W], flaggedInClass: fRows.length }],
    seconds: 1.7,
  };
  return { report, ds, backdoorRows, flipRows };
}
