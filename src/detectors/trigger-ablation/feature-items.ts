/**
 * @module detectors/trigger-ablation/feature-items
 * The "items" a trigger can be made of, and which of them are label-concentrated. An item is either a column
 * holding anything but its usual value (a pixel that is lit, a token that is present, a one-hot level that is
 * set) or, for columns with few distinct values, one exact unusual value (education-num = 2). A trigger shows
 * up as items whose carriers are far more often one class than the data's base rate.
 */
import type { Dataset } from '../../core/dataset.ts';

/** distinct values a column may show in the profiling sample and still count as discrete */
const MAX_DISCRETE = 32;
const PROFILE_ROWS = 1024;

export interface FeatureItem {
  readonly column: number;
  /** the exact value carried, or undefined for "anything but the column's usual value" */
  readonly value?: number;
}

export interface CandidateItem extends FeatureItem {
  /** the class its carriers concentrate on */
  readonly cls: number;
  /** rows carrying the item that are labelled cls, ascending */
  readonly rows: Int32Array;
  /** all rows carrying the item */
  readonly carriers: number;
}

export interface ColumnProfile {
  /** each column's most common value in the profiling sample */
  readonly usual: Float32Array;
  /** for discrete columns, the unusual values seen in the sample */
  readonly values: readonly (Float32Array | undefined)[];
}

/** usual value and (for discrete columns) distinct values from an evenly spaced sample of rows */
export function profileColumns(ds: Dataset): ColumnProfile {
  const { n, d, features: x } = ds;
  const step = Math.max(1, Math.floor(n / PROFILE_ROWS));
  const usual = new Float32Array(d);
  const values: (Float32Array | undefined)[] = new Array(d);
  for (let j = 0; j < d; j++) {
    const counts = new Map<number, number>();
    for (let i = 0; i < n; i += step) counts.set(x[i * d + j], (counts.get(x[i * d + j]) ?? 0) + 1);
    let best = 0, bestCount = -1;
    for (const [v, c] of counts) if (c > bestCount || (c === bestCount && v < best)) { best = v; bestCount = c; }
    usual[j] = best;
    // a two-valued column's one unusual value is the same item as "not usual"; a continuous column still has
    // spikes (hours-per-week = 60), values one sample row in MAX_DISCRETE carries
    const sampled = Math.ceil(n / step);
    const listed = counts.size <= MAX_DISCRETE ? [...counts.keys()] : [...counts].filter(([, c]) => c * MAX_DISCRETE >= sampled).map(([v]) => v);
    values[j] = counts.size > 2 && listed.some((v) => v !== best) ? Float32Array.from(listed.filter((v) => v !== best).sort((a, b) => a - b)) : undefined;
  }
  return { usual, values };
}

export interface ConcentrationOptions {
  /** fewest carriers of one class for an item to be considered */
  minRows: number;
  /** keep at most this many items, those with the most rows of their class */
  maxItems: number;
}

/** per item (column, or column and value) and class, how many rows carry it */
export interface ItemCounts {
  readonly offset: Int32Array;
  readonly counts: Int32Array;
  readonly classTotals: Int32Array;
}

/**
 * Items whose carriers are concentrated on one class c: at least minRows of them labelled c, and a share of c
 * that closes at least `gap` (default half) of the gap between c's base rate and purity.
 */
export function concentratedItems(ds: Dataset, profile: ColumnProfile, o: ConcentrationOptions, counted: ItemCounts = countItems(ds, profile), gap = 0.5): CandidateItem[] {
  const { n, d } = ds;
  const C = ds.classNames.length;
  const { offset, counts, classTotals } = counted;
  const picked: { item: FeatureItem; cls: number; carriers: number; count: number }[] = [];
  for (let j = 0; j < d; j++) {
    for (let k = 0; k < offset[j + 1] - offset[j]; k++) {
      const at = (offset[j] + k) * C;
      let total = 0;
      for (let c = 0; c < C; c++) total += counts[at + c];
      for (let c = 0; c < C; c++) {
        const nc = counts[at + c], prior = classTotals[c] / n;
        if (nc >= o.minRows && nc / total >= prior + gap * (1 - prior)) picked.push({ item: k === 0 ? { column: j } : { column: j, value: profile.values[j]![k - 1] }, cls: c, carriers: total, count: nc });
      }
    }
  }
  const kept = picked.sort((a, b) => b.count - a.count).slice(0, o.maxItems);
  const rows = carrierRows(ds, profile, kept.map((p) => ({ ...p.item, cls: p.cls })));
  return kept.map((p, k) => ({ ...p.item, cls: p.cls, carriers: p.carriers, rows: rows[k] }));
}

/** one pass over the rows: how many of each class carry each item */
export function countItems(ds: Dataset, profile: ColumnProfile): ItemCounts {
  const { n, d, features: x, labels } = ds;
  const C = ds.classNames.length;
  const offset = new Int32Array(d + 1);
  for (let j = 0; j < d; j++) offset[j + 1] = offset[j] + 1 + (profile.values[j]?.length ?? 0);
  const counts = new Int32Array(offset[d] * C);
  const classTotals = new Int32Array(C);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    classTotals[c]++;
    for (let j = 0, base = i * d; j < d; j++) {
      const v = x[base + j];
      if (v === profile.usual[j]) continue;
      counts[offset[j] * C + c]++;
      const vals = profile.values[j];
      if (vals) { const k = indexOf(vals, v); if (k >= 0) counts[(offset[j] + 1 + k) * C + c]++; }
    }
  }
  return { offset, counts, classTotals };
}

/** does row i carry the item */
export function carries(ds: Dataset, profile: ColumnProfile, item: FeatureItem, i: number): boolean {
  const v = ds.features[i * ds.d + item.column];
  return item.value === undefined ? v !== profile.usual[item.column] : v === item.value;
}

/** for each item, the rows labelled its class (or, with anyLabel, all rows) that carry it (ascending), in one pass over the rows */
export function carrierRows(ds: Dataset, profile: ColumnProfile, items: readonly (FeatureItem & { cls: number })[], anyLabel = false): Int32Array[] {
  const out: number[][] = items.map(() => []);
  const byColumn = new Map<number, number[]>();
  items.forEach((it, k) => byColumn.set(it.column, [...(byColumn.get(it.column) ?? []), k]));
  const columns = [...byColumn];
  for (let i = 0; i < ds.n; i++) {
    for (const [, ks] of columns) {
      for (const k of ks) if ((anyLabel || items[k].cls === ds.labels[i]) && carries(ds, profile, items[k], i)) out[k].push(i);
    }
  }
  return out.map((r) => Int32Array.from(r));
}

function indexOf(sorted: Float32Array, v: number): number {
  let lo = 0, hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] === v) return mid;
    if (sorted[mid] < v) lo = mid + 1; else hi = mid - 1;
  }
  return -1;
}
