/**
 * @module detectors/detector
 * The one interface every poisoned-data detector implements. A detector reads a Dataset (and what the
 * shared scan context computes once for all detectors: projections, neighbours, out-of-sample
 * probabilities, embeddings) and returns a suspicion per row, the rows it flags, and a reason per flag.
 * It never reads ground truth: that lives only in evaluation/.
 */
import type { Dataset } from '../core/dataset.ts';
import type { Rng } from '../core/rng.ts';
import type { ScanFeatures } from '../scan/scan-features.ts';

/** what a detector needs; the scan planner selects detectors by these, never by name */
export type Requirement = 'labels' | 'reference' | 'image';

/** the kind of poisoning a detector is built to expose (shown in reports) */
export type Threat = 'label-flip' | 'backdoor' | 'injected-outlier' | 'duplicate-conflict' | 'distribution-shift' | 'high-influence';

export interface DetectorContext {
  readonly rng: Rng;
  /** heavy computations shared between detectors, computed lazily once per scan */
  readonly features: ScanFeatures;
  /** a trusted clean sample of the same schema, when the user gave one */
  readonly reference?: Dataset;
  /** rows the verdict detectors that ran before this one flagged (the scan runs confident learning last among them) */
  readonly flaggedByOthers?: Uint8Array;
}

export interface DetectorResult {
  readonly detector: string;
  /** 0..1 per row, 1 = most suspicious */
  readonly suspicion: Float32Array;
  /** 1 = this detector flags the row */
  readonly flaggedMask: Uint8Array;
  /** human-readable reason for each flagged row (row index → text) */
  readonly reasons: ReadonlyMap<number, string>;
  /** the share of rows this detector believes are poisoned, when it can estimate one */
  readonly estimatedContamination?: number;
  /** detector-specific numbers for the report (per-class statistics, thresholds, …) */
  readonly evidence: Record<string, unknown>;
  /** dataset-level conclusions, one sentence each ("the word 'cf' decides the label of 157 'ham' rows …") */
  readonly findings?: readonly string[];
}

export interface Detector {
  readonly name: string;
  readonly threat: Threat;
  readonly requires: readonly Requirement[];
  /** one line for --help and the report */
  readonly description: string;
  /**
   * 'verdict': flags only after a dataset-level decision (a calibrated count, a cluster test, an exact
   * conflict), so its flags stand on their own in the ensemble. 'signal' (default): per-row tail scores
   * that also fire on natural outliers, so the ensemble needs several to agree.
   */
  readonly role?: 'verdict' | 'signal';
  /** run after every other detector, so `flaggedByOthers` holds the other verdict detectors' flags */
  readonly runsLast?: boolean;
  run(ds: Dataset, ctx: DetectorContext): Promise<DetectorResult>;
}

/** helper for implementations: an empty result when the detector has nothing to say about this data */
export function emptyResult(detector: string, n: number, evidence: Record<string, unknown> = {}): DetectorResult {
  return { detector, suspicion: new Float32Array(n), flaggedMask: new Uint8Array(n), reasons: new Map(), estimatedContamination: 0, evidence };
}
