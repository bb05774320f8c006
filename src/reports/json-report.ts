/**
 * report.json (the full scan as plain JSON) and the smaller object `antidote scan --json` prints.
 * Typed arrays become arrays, Maps objects, non-finite numbers null: JSON.stringify would otherwise
 * turn a Float32Array into {"0":…} and NaN into null without saying so.
 */
import type { ScanReport } from '../scan/scan-report.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface JsonFlaggedRow { row: number; id: string; label: string; suspicion: number; reasons: { detector: string; text: string }[] }

export interface JsonDetectorSummary {
  threat: string;
  description: string;
  flaggedCount: number;
  seconds: number;
  estimatedContamination: number | null;
  suspicion: number[];
  evidence: { [key: string]: Json };
  findings: string[];
}

/** the shape of report.json; field names follow ScanReport */
export interface JsonScanReport {
  version: 1;
  input: { path: string | null; format: string | null; rows: number; features: number; classNames: string[]; imageShape: number[] | null };
  estimatedContamination: number;
  contaminationSource: 'estimated' | 'given';
  threshold: number;
  seconds: number;
  flaggedCount: number;
  flagged: JsonFlaggedRow[];
  suspicion: number[];
  detectors: Record<string, JsonDetectorSummary>;
  perClass: { className: string; rows: number; flagged: number }[];
  projection: { rows: number[]; xy: number[] } | null;
  triggers: { classIndex: number; className: string; flaggedInClass: number; imageShape: number[]; pattern: number[] }[];
}

/** the `scan --json` stdout object: small enough to pipe into jq for every row */
export interface ScanStdout {
  rows: number;
  flagged: number[];
  scores: number[];
  estimated_contamination: number;
  detectors: Record<string, { flagged: number; seconds: number }>;
  seconds: number;
}

// suspicions are 0..1: six decimals keep every ranking a float32 can express near the threshold and halve the file
const round6 = (v: number): number | null => (Number.isFinite(v) ? Math.round(v * 1e6) / 1e6 : null);
// projection coordinates have arbitrary scale: keep float32's ~7 significant digits
const sig7 = (v: number): number | null => (Number.isFinite(v) ? Number(v.toPrecision(7)) : null);
const scores = (a: ArrayLike<number>): number[] => Array.from(a, (v) => round6(v) ?? 0);

/** any value as JSON: typed arrays → arrays (float32 to 7 significant digits), Map → object, Set → array, bigint → string, NaN/±Infinity → null */
export function toJsonSafe(value: unknown, seen = new WeakSet<object>()): Json {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object') return null; // functions, symbols
  if (value instanceof Float32Array) return Array.from(value, (v) => sig7(v));
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number | bigint>, (v) => toJsonSafe(v, seen));
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  try {
    if (Array.isArray(value) || value instanceof Set) return Array.from(value, (v) => toJsonSafe(v, seen));
    const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
    const out: { [key: string]: Json } = {};
    for (const [k, v] of entries) if (v !== undefined && typeof v !== 'function') out[String(k)] = toJsonSafe(v, seen);
    return out;
  } finally {
    seen.delete(value); // shared (not circular) references are written in full
  }
}

export function toJsonReport(report: ScanReport): JsonScanReport {
  const { input } = report;
  const detectors: Record<string, JsonDetectorSummary> = {};
  for (const [name, d] of Object.entries(report.detectors)) {
    detectors[name] = {
      threat: d.threat, description: d.description, flaggedCount: d.flaggedCount, seconds: d.seconds,
      estimatedContamination: d.estimatedContamination === undefined ? null : round6(d.estimatedContamination),
      suspicion: scores(d.suspicion),
      evidence: toJsonSafe(d.evidence ?? {}) as { [key: string]: Json },
      findings: [...(d.findings ?? [])],
    };
  }
  return {
    version: report.version,
    input: {
      path: input.path ?? null, format: input.format ?? null, rows: input.rows, features: input.features,
      classNames: [...input.classNames], imageShape: input.imageShape ? [...input.imageShape] : null,
    },
    estimatedContamination: round6(report.estimatedContamination) ?? 0,
    contaminationSource: report.contaminationSource,
    threshold: round6(report.threshold) ?? 0,
    seconds: report.seconds,
    flaggedCount: report.flagged.length,
    flagged: report.flagged.map((f) => ({ row: f.row, id: f.id, label: f.label, suspicion: round6(f.suspicion) ?? 0, reasons: f.reasons.map((r) => ({ detector: r.detector, text: r.text })) })),
    suspicion: scores(report.suspicion),
    detectors,
    perClass: report.perClass.map((c) => ({ className: c.className, rows: c.rows, flagged: c.flagged })),
    projection: report.projection ? { rows: Array.from(report.projection.rows), xy: Array.from(report.projection.xy, (v) => sig7(v) ?? 0) } : null,
    triggers: report.triggers.map((t) => ({
      classIndex: t.classIndex, className: t.className, flaggedInClass: t.flaggedInClass,
      imageShape: [...t.imageShape], pattern: Array.from(t.pattern, (v) => sig7(v) ?? 0),
    })),
  };
}

export function toScanStdout(report: ScanReport): ScanStdout {
  const flagged: number[] = [];
  for (let i = 0; i < report.flaggedMask.length; i++) if (report.flaggedMask[i]) flagged.push(i);
  const detectors: ScanStdout['detectors'] = {};
  for (const [name, d] of Object.entries(report.detectors)) detectors[name] = { flagged: d.flaggedCount, seconds: d.seconds };
  return {
    rows: report.input.rows, flagged, scores: scores(report.suspicion),
    estimated_contamination: round6(report.estimatedContamination) ?? 0,
    detectors, seconds: report.seconds,
  };
}
