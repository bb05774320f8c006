/**
 * @module detectors/trigger-ablation/trigger-pairs
 * Triggers made of two common values (relationship = Other-relative with hours-per-week = 60, the attacker's
 * "rare combination"): each value alone has so many clean carriers that it does not look concentrated, while
 * the combination is carried almost only by poisons. Items whose carriers merely lean to a class (a quarter of
 * the way from its base rate to purity) are paired, and a pair whose common carriers are concentrated (half
 * the way, and more than either item alone) becomes a group of its own for the ablation test, judged on the
 * rows that carry both.
 * Blind spot: combinations of three or more values that each pair leaves diluted.
 */
import type { Dataset } from '../../core/dataset.ts';
import { carrierRows, concentratedItems, type CandidateItem, type ColumnProfile, type ItemCounts } from './feature-items.ts';
import { overlap, type ItemGroup } from './trigger-groups.ts';

/** items paired, the most-carried first: pairs grow quadratically */
const MAX_LEANING = 48;
/** pair groups kept, those purified most by the pairing first: each costs an ablation pass over its rows */
const MAX_PAIRS = 16;

export function pairGroups(ds: Dataset, profile: ColumnProfile, counted: ItemCounts, minRows: number): ItemGroup[] {
  const leaning = concentratedItems(ds, profile, { minRows, maxItems: MAX_LEANING }, counted, 0.25);
  if (leaning.length < 2) return [];
  const carriers = carrierRows(ds, profile, leaning, true);
  const prior = Float64Array.from(counted.classTotals, (c) => c / ds.n);
  const share = (it: CandidateItem) => it.rows.length / it.carriers;
  const concentrated = (s: number, c: number) => s >= prior[c] + 0.5 * (1 - prior[c]);
  const found: { group: ItemGroup; z: number }[] = [];
  for (let a = 0; a < leaning.length; a++) {
    for (let b = a + 1; b < leaning.length; b++) {
      const A = leaning[a], B = leaning[b], c = A.cls;
      // items concentrated on their own may also be grouped by union-find, but that group is judged on rows
      // carrying either item, where one value's clean carriers can outnumber the trigger's: pairs are judged on both
      if (B.cls !== c || A.column === B.column) continue;
      const shared: number[] = [];
      overlap(carriers[a], carriers[b], shared);
      const common = Int32Array.from(shared);
      const rows = common.filter((r) => ds.labels[r] === c);
      const s = rows.length / Math.max(1, common.length);
      if (rows.length < minRows || !concentrated(s, c) || s <= Math.max(share(A), share(B))) continue;
      // how surely the pair is purer than its purer part (binomial z): a trigger's parts are diluted by clean
      // carriers and its many common carriers are nearly all one class; natural combinations are small or only
      // a little purer than their parts
      const base = Math.max(share(A), share(B));
      found.push({ group: { cls: c, items: [{ ...A, rows }, { ...B, rows }], rows }, z: (s - base) / Math.sqrt((base * (1 - base)) / common.length) });
    }
  }
  return found.sort((x, y) => y.z - x.z).slice(0, MAX_PAIRS).map((f) => f.group);
}
