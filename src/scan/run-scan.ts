/**
 * @module scan/run-scan
 * The main job: run the planned detectors over a dataset with shared features, combine them, and return the
 * ScanReport plus the sanitised dataset (every unflagged row, in order).
 */
import { selectRows, type Dataset } from '../core/dataset.ts';
import { createRng } from '../core/rng.ts';
import { inputError } from '../core/errors.ts';
import type { Detector, DetectorResult } from '../detectors/detector.ts';
import { createScanFeatures } from './scan-features.ts';
import { planDetectors } from './plan.ts';
import { combineResults } from './ensemble.ts';
import { projectionSample, recoverTriggers } from './scan-extras.ts';
import type { DetectorSummary, FlaggedRow, ScanReport } from './scan-report.ts';

export interface ScanOptions {
  detectors?: readonly string[];
  contamination?: 'auto' | number;
  reference?: Dataset;
  seed?: number;
  /** embeddings from the user's model (e.g. its penultimate layer) for the activation-based detectors */
  embed?: (features: Float32Array, n: number) => Promise<{ data: Float32Array; d: number }>;
  /** called as each detector or shared computation starts */
  onStage?: (stage: string) => void;
}

export interface ScanResult {
  report: ScanReport & { readonly detectorFlags: Readonly<Record<string, Uint8Array>> };
  sanitised: Dataset;
  keptRows: Int32Array;
}

export async function scanDataset(ds: Dataset, o: ScanOptions = {}): Promise<ScanResult> {
  const contamination = o.contamination ?? 'auto';
  if (contamination !== 'auto' && !(contamination >= 0 && contamination < 1)) {
    throw inputError('USAGE_INVALID_OPTION', 'contamination must be auto or a fraction in [0, 1)', { field: 'contamination', got: String(contamination) });
  }
  if (o.reference && o.reference.d !== ds.d) {
    throw inputError('DATASET_SHAPE_MISMATCH', `the reference set has ${o.reference.d} features per row, the scanned data ${ds.d}: they must share one schema`, { file: o.reference.source?.path });
  }
  const t0 = performance.now();
  const seed = o.seed ?? 0;
  const rng = createRng(seed);
  const features = createScanFeatures(ds, { seed, embed: o.embed, onStage: (s) => o.onStage?.(s) });
  const plan = planDetectors({ ds, reference: o.reference, detectors: o.detectors });
  const runs: { detector: Detector; result: DetectorResult; seconds: number }[] = [];
  const flaggedByVerdicts = new Uint8Array(ds.n);
  for (const detector of [...plan.filter((d) => !d.runsLast), ...plan.filter((d) => d.runsLast)]) {
    o.onStage?.(detector.name);
    const t = performance.now();
    const result = await detector.run(ds, { rng: rng.fork(detector.name), features, reference: o.reference, flaggedByOthers: flaggedByVerdicts.slice() });
    runs.push({ detector, result, seconds: (performance.now() - t) / 1000 });
    if (detector.role === 'verdict') result.flaggedMask.forEach((f, i) => { if (f) flaggedByVerdicts[i] = 1; });
  }
  const ens = combineResults(ds.n, runs, contamination);

  const flagged: FlaggedRow[] = [];
  for (let i = 0; i < ds.n; i++) {
    if (!ens.flaggedMask[i]) continue;
    const reasons = runs.filter((r) => r.result.flaggedMask[i]).map((r) => ({ detector: r.detector.name, text: r.result.reasons.get(i) ?? '' }));
    flagged.push({ row: i, id: ds.rowIds[i], label: ds.classNames[ds.labels[i]], suspicion: ens.suspicion[i], reasons: reasons.length ? reasons : [{ detector: 'ensemble', text: 'ranked in the given contamination share by combined suspicion' }] });
  }
  flagged.sort((a, b) => b.suspicion - a.suspicion || a.row - b.row);
  const detectors: Record<string, DetectorSummary> = {};
  const detectorFlags: Record<string, Uint8Array> = {};
  for (const r of runs) {
    detectors[r.detector.name] = {
      flaggedCount: r.result.flaggedMask.reduce((a, b) => a + b, 0), seconds: r.seconds, threat: r.detector.threat,
      description: r.detector.description, estimatedContamination: r.result.estimatedContamination, suspicion: r.result.suspicion, evidence: r.result.evidence,
      findings: r.result.findings ?? [],
    };
    detectorFlags[r.detector.name] = r.result.flaggedMask;
  }
  const perClass = ds.classNames.map((className, c) => {
    let rows = 0, f = 0;
    for (let i = 0; i < ds.n; i++) if (ds.labels[i] === c) { rows++; if (ens.flaggedMask[i]) f++; }
    return { className, rows, flagged: f };
  });
  const proj = await features.projection();
  const keptRows = Int32Array.from({ length: ds.n }, (_, i) => i).filter((i) => !ens.flaggedMask[i]);
  const report = {
    version: 1 as const,
    input: { path: ds.source?.path, format: ds.source?.format, rows: ds.n, features: ds.d, classNames: ds.classNames, imageShape: ds.imageShape },
    suspicion: ens.suspicion, flaggedMask: ens.flaggedMask, flagged,
    estimatedContamination: ens.estimatedContamination, threshold: ens.threshold, contaminationSource: ens.contaminationSource,
    detectors, detectorFlags, perClass,
    projection: projectionSample(proj.data, proj.d, ds.n, ens.flaggedMask, rng.fork('projection')),
    triggers: recoverTriggers(ds, ens.flaggedMask),
    sharedSeconds: { ...features.timings },
    seconds: (performance.now() - t0) / 1000,
  };
  return { report, sanitised: selectRows(ds, keptRows), keptRows };
}
