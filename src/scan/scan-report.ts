/**
 * @module scan/scan-report
 * The scan's result as data: the typed contract behind report.json, report.html, flagged.csv and `scan --json`.
 */

export interface DetectorSummary {
  readonly flaggedCount: number;
  readonly seconds: number;
  readonly threat: string;
  readonly description: string;
  readonly estimatedContamination?: number;
  /** per-row suspicion of this detector (0..1) */
  readonly suspicion: Float32Array;
  readonly evidence: Record<string, unknown>;
  /** dataset-level conclusions, one sentence each */
  readonly findings: readonly string[];
}

export interface FlaggedRow {
  readonly row: number;
  readonly id: string;
  readonly label: string;
  /** ensemble suspicion 0..1 */
  readonly suspicion: number;
  /** one entry per detector that flagged the row */
  readonly reasons: readonly { detector: string; text: string }[];
}

export interface RecoveredTrigger {
  /** the class the flagged rows were labelled (the suspected backdoor target) */
  readonly classIndex: number;
  readonly className: string;
  /** mean of flagged images minus the mean of their class's unflagged images, same shape as one image */
  readonly pattern: Float32Array;
  readonly imageShape: readonly number[];
  readonly flaggedInClass: number;
}

export interface ScanReport {
  readonly version: 1;
  readonly input: { readonly path?: string; readonly format?: string; readonly rows: number; readonly features: number; readonly classNames: readonly string[]; readonly imageShape?: readonly number[] };
  /** ensemble suspicion per row, 0..1 */
  readonly suspicion: Float32Array;
  readonly flaggedMask: Uint8Array;
  readonly flagged: readonly FlaggedRow[];
  readonly estimatedContamination: number;
  /** ensemble suspicion at or above which a row is flagged */
  readonly threshold: number;
  readonly contaminationSource: 'estimated' | 'given';
  readonly detectors: Readonly<Record<string, DetectorSummary>>;
  readonly perClass: readonly { readonly className: string; readonly rows: number; readonly flagged: number }[];
  /** a 2-D projection (first two principal components) of at most a few thousand rows, for the scatter chart */
  readonly projection?: { readonly rows: Int32Array; readonly xy: Float32Array };
  readonly triggers: readonly RecoveredTrigger[];
  readonly seconds: number;
}
